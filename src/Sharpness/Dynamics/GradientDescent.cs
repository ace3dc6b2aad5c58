using Sharpness.Dynamics.Flat;

namespace Sharpness.Dynamics;

/// <summary>
/// Runs GD W_{k+1} = W_k − η∇𝓛(W_k) on 𝓛 = ½‖P(W) − M‖²_F from W₀ = W* + εd and classifies what it did.
/// </summary>
/// <remarks>
/// <para>Per iterate k: the loss 𝓛_k (divergence when not finite or above the bound: stop), the distance ‖W_k − W*‖
/// until it first reaches δ (the escape), convergence once escaped (𝓛 below the floor for
/// <see cref="GdOptions.ConvergedIterations"/> iterates in a row), then the step. The hot loop runs on the flat
/// buffers of a <see cref="GdStepper"/> and allocates nothing; only recorded samples allocate.</para>
/// <para>Classification at the end: Diverged (stopped by the bound) › Stayed (never reached δ) › Converged (the last
/// loss is below the floor) › Bounded (period p from the tail: |𝓛_k − 𝓛_{k−p}| ≤ tol·max(1, 𝓛_k); no period is
/// claimed while the tail's loss is still falling, newest quarter &lt; 0.99 × oldest quarter, which the reason then
/// reports as a probably slow convergence).</para>
/// </remarks>
public static class GradientDescent
{
    /// <summary>One run; see the type remarks.</summary>
    public static EscapeRun Run(EscapeSetting setting, StepSize step, GdOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(setting, step, options, null, cancellationToken);

    /// <summary>One run, reporting to <paramref name="progress"/> every 4096 iterations and at the end (the
    /// arithmetic is the same with or without it).</summary>
    public static EscapeRun Run(EscapeSetting setting, StepSize step, GdOptions? options, IProgress<EscapeProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setting);
        options ??= GdOptions.Default;
        options.Validate();
        return RunPrepared(setting, step, options, RunMonitor.Prepare(setting, step, options), cancellationToken, progress);
    }

    /// <summary>One run from a prepared start, on its own <see cref="GdStepper"/>.</summary>
    internal static EscapeRun RunPrepared(EscapeSetting setting, StepSize step, GdOptions options, RunStart start, CancellationToken cancellationToken,
        IProgress<EscapeProgress>? progress = null)
    {
        var stepper = GdStepper.Create(setting.Layout, setting.MinimizerVector, options.Mode == ArithmeticMode.Delta);
        stepper.Start(start.Offset);
        var monitor = new RunMonitor(setting, step, options, start, stepper);
        int k = 0;
        for (; ; k++)
        {
            double loss = stepper.Evaluate();
            if ((k & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new EscapeProgress(k, options.MaxIterations, loss, monitor.EscapeIteration, false));
            }
            if (monitor.Observe(loss)) break;
            stepper.Step(start.Eta);
        }
        var run = monitor.Finish();
        progress?.Report(new EscapeProgress(k, options.MaxIterations, monitor.LastLoss, monitor.EscapeIteration, true));
        return run;
    }

}
