using System.Globalization;
using Sharpness.Dynamics.Kernels;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Dynamics;

/// <summary>
/// Runs GD W_{k+1} = W_k − η∇𝓛(W_k) on 𝓛 = ½‖P(W) − M‖²_F from W₀ = W* + εd and classifies what it did.
/// </summary>
/// <remarks>
/// <para>Per iterate k: the loss 𝓛_k (divergence when not finite or above the bound: stop), the distance ‖W_k − W*‖
/// until it first reaches δ (the escape), convergence once escaped (𝓛 below the floor for
/// <see cref="GdOptions.ConvergedIterations"/> iterates in a row), then the step. The hot loop runs on the flat
/// buffers of a <see cref="GdKernel"/> and allocates nothing; only recorded samples allocate.</para>
/// <para>Classification at the end: Diverged (stopped by the bound) › Stayed (never reached δ) › Converged (the last
/// loss is below the floor) › Bounded (period p from the tail: |𝓛_k − 𝓛_{k−p}| ≤ tol·max(1, 𝓛_k); no period is
/// claimed while the tail's loss is still falling, newest quarter &lt; 0.99 × oldest quarter, which the reason then
/// reports as a probably slow convergence).</para>
/// </remarks>
public static class GradientDescent
{
    /// <summary>One run; see the type remarks.</summary>
    public static EscapeRun Run(EscapeSetting setting, StepSize step, GdOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setting);
        options ??= GdOptions.Default;
        options.Validate();
        double lambda = setting.Lambda;
        double eta = step.Eta(lambda);
        double c = step.RelativeTo(lambda);
        if (!double.IsFinite(eta) || eta <= 0)
            throw new OutsideDomainException($"The step size η = {eta} is not usable (λ* = {lambda}).");
        double radius = options.Radius ?? setting.DefaultRadius;
        double delta = options.EscapeDistance;
        double deltaSquared = delta * delta;
        double floor = setting.ConvergenceFloor(options);
        double bound = options.DivergenceLoss;

        var direction = options.Direction.Resolve(setting);
        var offset = new double[direction.Length];
        for (int i = 0; i < offset.Length; i++) offset[i] = radius * direction[i];
        var kernel = GdKernel.Create(setting.Layout, setting.MinimizerVector, options.Mode == ArithmeticMode.Delta);
        kernel.Start(offset);

        var recorder = new TrajectoryRecorder(setting, kernel, options);
        var tail = new LossTail(options.TailWindow);
        int? escape = null;
        double maxDistanceSquared = 0;
        int belowFloor = 0;
        bool diverged = false, stoppedConverged = false;
        double lastLoss = double.NaN;
        int k = 0;
        for (; ; k++)
        {
            if ((k & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
            double loss = kernel.Evaluate();
            lastLoss = loss;
            if (!double.IsFinite(loss) || loss > bound)
            {
                diverged = true;
                break;
            }
            tail.Add(loss);
            if (escape is null)
            {
                double d2 = kernel.DistanceSquared();
                if (d2 >= deltaSquared)
                {
                    escape = k;
                    recorder.AddSpecial(k, loss, SampleKind.Escape);
                }
                else if (d2 > maxDistanceSquared) maxDistanceSquared = d2;
            }
            else
            {
                belowFloor = loss < floor ? belowFloor + 1 : 0;
                if (options.StopWhenConverged && belowFloor >= options.ConvergedIterations)
                {
                    stoppedConverged = true;
                    break;
                }
            }
            if (k == options.MaxIterations) break;
            if (k == recorder.NextStride) recorder.AddStride(k, loss);
            if (k == recorder.NextSharpness) recorder.AddSharpness(k);
            kernel.Step(eta);
        }

        // The final iterate k: its sample, state and classification.
        var point = new double[setting.Layout.ParameterCount];
        kernel.CopyPoint(point);
        bool pointFinite = point.All(double.IsFinite);
        double? finalLoss = double.IsFinite(lastLoss) ? lastLoss : null;
        double finalDistanceSquared = kernel.DistanceSquared();
        double? finalDistance = double.IsFinite(finalDistanceSquared) ? Math.Sqrt(finalDistanceSquared) : null;
        if (finalLoss is { } fl && pointFinite && finalDistance is not null)
            recorder.AddSpecial(k, fl, SampleKind.Final);
        if (options.SharpnessEvery > 0 && !diverged) recorder.AddSharpness(k); // the loop breaks before sampling k
        var finalPoint = pointFinite ? setting.Layout.ToFactorization(point) : null;

        RunOutcome outcome;
        string reason;
        int? period = null;
        DeepFactorization? finalMinimizer = null;
        double? lambdaFinal = null, lambdaFinalHalfEta = null;
        var inv = CultureInfo.InvariantCulture;
        string escapeText = escape is { } e ? string.Create(inv, $"escaped at iteration {e} (‖W − W*‖ ≥ δ = {delta:G3})") : "";
        if (diverged)
        {
            outcome = RunOutcome.Diverged;
            reason = finalLoss is { } l
                ? string.Create(inv, $"The loss {l:G4} exceeded the bound {bound:G3} at iteration {k}; stopped there.")
                : string.Create(inv, $"The loss was not finite (overflow) at iteration {k}; stopped there.");
            if (escape is not null) reason = $"{Capitalize(escapeText)}; then {char.ToLowerInvariant(reason[0])}{reason[1..]}";
        }
        else if (escape is null)
        {
            outcome = RunOutcome.Stayed;
            reason = string.Create(inv, $"‖W − W*‖ stayed below δ = {delta:G3} for all {k} iterations (largest {Math.Sqrt(maxDistanceSquared):G4}); final loss {lastLoss:G4}.");
        }
        else if (stoppedConverged || lastLoss < floor)
        {
            outcome = RunOutcome.Converged;
            finalMinimizer = finalPoint;
            if (finalPoint is not null)
            {
                var sharp = ExactSharpness.Compute(finalPoint, setting.Target, new ExactSharpnessOptions { ResidualTolerance = 1e-6 });
                lambdaFinal = sharp.Value;
                lambdaFinalHalfEta = sharp.Value * eta / 2;
            }
            reason = string.Create(inv, $"{Capitalize(escapeText)}; loss {lastLoss:G3} < floor {floor:G3} at iteration {k}; λ_fin = {lambdaFinal:G8}, λ_fin·η/2 = {lambdaFinalHalfEta:G6}.");
        }
        else
        {
            outcome = RunOutcome.Bounded;
            double trend = tail.Trend();
            // A loss that is still falling is a slow convergence, not an orbit: its tiny differences would pass any
            // absolute period test, so no period is claimed then.
            period = trend < StillDecreasingTrend ? null : tail.Period(options.MaxPeriod, options.PeriodTolerance);
            string periodText = trend < StillDecreasingTrend
                ? string.Create(inv, $"but the loss is still decreasing (newest/oldest quarter of the tail = {trend:G3}): probably converging slowly, raise MaxIterations")
                : period is { } p
                ? string.Create(inv, $"period {p} (max |𝓛_k − 𝓛_(k−{p})| = {tail.MaxDifference(p):G3} over the last {tail.Count} iterates)")
                : string.Create(inv, $"no period ≤ {options.MaxPeriod} within tolerance {options.PeriodTolerance:G3} (higher-period, chaotic or still drifting)");
            reason = string.Create(inv, $"{Capitalize(escapeText)}; after {k} iterations neither converged nor diverged: loss in [{tail.Min():G4}, {tail.Max():G4}] over the last {tail.Count} iterates, {periodText}.");
        }

        return new EscapeRun
        {
            SettingName = setting.Name,
            Step = step,
            Eta = eta,
            C = c,
            StartSharpness = lambda,
            Radius = radius,
            Direction = options.Direction.ToString()!,
            Mode = options.Mode,
            Outcome = outcome,
            Reason = reason,
            Iterations = k,
            EscapeDistance = delta,
            EscapeIteration = escape,
            PredictedEscapeIteration = EscapeTheory.PredictedEscapeIteration(c, radius, delta),
            MaxDistanceBeforeEscape = Math.Sqrt(maxDistanceSquared),
            FinalLoss = finalLoss,
            FinalDistance = finalDistance,
            FinalPoint = finalPoint,
            FinalMinimizer = finalMinimizer,
            FinalSharpness = lambdaFinal,
            FinalSharpnessTimesHalfEta = lambdaFinalHalfEta,
            Period = period,
            TailMinLoss = tail.Count > 0 ? tail.Min() : null,
            TailMaxLoss = tail.Count > 0 ? tail.Max() : null,
            ConvergenceFloor = floor,
            Trajectory = recorder.Build(escape),
        };
    }

    /// <summary>Tail trend below which a bounded run is reported as still decreasing.</summary>
    private const double StillDecreasingTrend = 0.99;

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
