using MathNet.Numerics.LinearAlgebra;
using Sharpness.Dynamics.Flat;
using Sharpness.Model;

namespace Sharpness.Training;

/// <summary>
/// The gradient-flow reference dW/dt = −∇𝓛(W) from the same start, integrated with the adaptive Dormand–Prince 5(4)
/// pair (Dormand &amp; Prince 1980; Hairer, Nørsett &amp; Wanner, <i>Solving ODEs I</i>, §II.4–5) over
/// t ∈ [0, Steps·η], with its own λmax(H) track at t = jKη (K = SharpnessEvery; steps are shortened to land on
/// those times exactly).
/// </summary>
/// <remarks>
/// Error control: a step of size h is accepted when max_i |err_i| / (tol·(1 + max(|w_i|, |w_i'|))) ≤ 1, with err the
/// difference of the embedded 5th- and 4th-order solutions; the next h is h·min(5, max(0.2, 0.9·err^(−1/5))). The
/// 5th-order solution is propagated (local extrapolation), and the last stage is reused as the next first stage
/// (FSAL). The invariants D_i are conserved by the exact flow, so their drift measures the integration error.
/// </remarks>
internal static class GradientFlow
{
    // Dormand–Prince 5(4) tableau.
    private const double A21 = 1.0 / 5;
    private const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    private const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    private const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    private const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    private const double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192, B5 = -2187.0 / 6784, B6 = 11.0 / 84;
    private const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;

    public static TrainingTrack Run(DeepFactorization initial, Matrix<double> target, TrainingOptions options,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        const string method = "gradient flow";
        var layout = new FlatLayout(initial.Widths);
        var flat = new FlatLoss(layout, HessianOperator.RowMajor(target));
        int p = layout.ParameterCount;
        var w = initial.ToVector();
        var trial = new double[p];
        var stage = new double[p];
        var k1 = new double[p]; var k2 = new double[p]; var k3 = new double[p]; var k4 = new double[p];
        var k5 = new double[p]; var k6 = new double[p]; var k7 = new double[p];
        double eta = options.Eta, tol = options.FlowTolerance;
        double tEnd = options.Steps * eta;
        var scales = new TrackScales(initial, target, options);
        var losses = new Thinning<LossSample>(options.LossSampleCap);
        var sharpness = new Thinning<SharpnessEstimate>(options.SharpnessCap);
        var balance = new List<BalanceSample>();
        var spectrum = new List<ProductSpectrumSample>();
        var flatBalance = new FlatBalance(layout, w);
        var productScratch = new double[target.RowCount * target.ColumnCount];
        var tracker = new SharpnessTracker(options);
        var tail = new TailWindow(options.TailWindow);
        double sampleDt = options.SharpnessEvery > 0 ? options.SharpnessEvery * eta : double.PositiveInfinity;
        long nextSample = 0;
        double? lastSharpness = null;
        double reportDt = tEnd / 100, nextReport = 0;

        double loss = flat.Evaluate(w);
        scales.StartFrom(loss);
        Negate(flat, k1); // k1 = f(w) = −∇𝓛(w)
        double t = 0, h = Math.Min(eta, tEnd);
        int accepted = 0, rejected = 0;
        bool diverged = false, converged = false;
        long lastSampledIndex = -1, lastLossIndex = -1;
        for (; ; )
        {
            if (((accepted + rejected) & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (!double.IsFinite(loss) || loss > scales.DivergenceLoss) { diverged = true; break; }
            if (accepted != lastLossIndex && losses.IsDue(accepted)) losses.Add(accepted, new LossSample(t / eta, loss));
            lastLossIndex = accepted;
            if (NextTime(nextSample, sampleDt) <= t * (1 + 1e-12))
            {
                long index = nextSample;
                if (sharpness.IsDue(index))
                {
                    flat.Evaluate(w);
                    var estimate = tracker.Estimate(flat, t / eta, t, loss);
                    sharpness.Add(index, estimate);
                    lastSharpness = estimate.Value;
                    lastSampledIndex = accepted;
                    balance.Add(new BalanceSample(t / eta, flatBalance.Drift(w)));
                    spectrum.Add(ProductSpectrumSample.Of(t / eta, flat, productScratch));
                }
                nextSample++;
            }
            if (scales.RelativeResidual(loss) <= options.ResidualTolerance) { converged = true; if (options.StopWhenConverged) break; }
            if (t >= tEnd) break;
            if (progress is not null && t >= nextReport) { progress.Report(new TrainingProgress(method, t / eta, options.Steps, loss, lastSharpness)); nextReport += reportDt; }

            // Land exactly on the next sharpness time and on t_end.
            double stop = Math.Min(tEnd, NextTime(nextSample, sampleDt));
            double step = Math.Min(h, stop - t);
            bool landing = step < h;
            if (step <= 0) step = Math.Min(h, tEnd - t);

            Stage(w, step, stage, (A21, k1));
            Eval(flat, stage, k2);
            Stage(w, step, stage, (A31, k1), (A32, k2));
            Eval(flat, stage, k3);
            Stage(w, step, stage, (A41, k1), (A42, k2), (A43, k3));
            Eval(flat, stage, k4);
            Stage(w, step, stage, (A51, k1), (A52, k2), (A53, k3), (A54, k4));
            Eval(flat, stage, k5);
            Stage(w, step, stage, (A61, k1), (A62, k2), (A63, k3), (A64, k4), (A65, k5));
            Eval(flat, stage, k6);
            Stage(w, step, trial, (B1, k1), (B3, k3), (B4, k4), (B5, k5), (B6, k6));
            double trialLoss = flat.Evaluate(trial);
            Negate(flat, k7);

            double err = 0;
            for (int i = 0; i < p; i++)
            {
                double e = step * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
                double sc = tol * (1 + Math.Max(Math.Abs(w[i]), Math.Abs(trial[i])));
                err = Math.Max(err, Math.Abs(e) / sc);
            }
            if (!double.IsFinite(err) || !double.IsFinite(trialLoss))
            {
                rejected++;
                h = step * 0.2;
                if (h < 1e-14 * Math.Max(1, t)) { loss = double.PositiveInfinity; diverged = true; break; }
                continue;
            }
            double factor = err == 0 ? 5 : Math.Min(5, Math.Max(0.2, 0.9 * Math.Pow(err, -0.2)));
            if (err <= 1)
            {
                t = landing ? stop : t + step;
                Array.Copy(trial, w, p);
                Array.Copy(k7, k1, p); // FSAL
                loss = trialLoss;
                tail.Add(loss);
                accepted++;
                // A landing step was shortened on purpose: do not let it shrink h.
                if (!landing) h = step * factor;
                else h = Math.Max(h, step * factor);
            }
            else
            {
                rejected++;
                h = step * Math.Max(0.2, factor);
            }
        }

        bool finite = double.IsFinite(loss) && w.All(double.IsFinite);
        DeepFactorization? last = finite ? layout.ToFactorization(w) : null;
        if (finite && !diverged)
        {
            losses.AddFinal(accepted, new LossSample(t / eta, loss));
            if (options.SharpnessEvery > 0 && lastSampledIndex != accepted)
            {
                flat.Evaluate(w);
                sharpness.AddFinal(long.MaxValue, tracker.Estimate(flat, t / eta, t, loss));
            }
            flat.Evaluate(w);
            balance.Add(new BalanceSample(t / eta, flatBalance.Drift(w)));
            spectrum.Add(ProductSpectrumSample.Of(t / eta, flat, productScratch));
        }
        progress?.Report(new TrainingProgress(method, t / eta, options.Steps, loss, lastSharpness, Finished: true));
        var estimates = sharpness.Items;
        var (outcome, reason, period) = Trainer.Classify(method, diverged, converged, t / eta, loss, options, scales, tail, estimates, eta);
        return new TrainingTrack
        {
            Method = method,
            Outcome = outcome,
            Reason = reason + FormattableString.Invariant($" Dormand–Prince 5(4), local tolerance {tol:G3}: {accepted} accepted, {rejected} rejected steps."),
            Steps = t / eta,
            Time = t,
            FinalLoss = double.IsFinite(loss) ? loss : null,
            End = diverged || last is null || !options.AnalyzeEndPoint ? null : EndPoint.Of(last, target, options.ResidualTolerance),
            Period = period,
            Losses = losses.Items,
            Sharpness = estimates,
            Balance = balance,
            ProductSpectrum = spectrum,
            LanczosStepsPerEstimate = tracker.Estimates > 0 ? (double)tracker.TotalIterations / tracker.Estimates : null,
            RungeKuttaSteps = (accepted, rejected),
            MaxRelativeBalanceDrift = scales.RelativeDrift(balance),
        };
    }

    private static double NextTime(long index, double dt) => double.IsFinite(dt) ? index * dt : double.PositiveInfinity;

    private static void Eval(FlatLoss flat, double[] point, double[] k)
    {
        flat.Evaluate(point);
        Negate(flat, k);
    }

    private static void Negate(FlatLoss flat, double[] k)
    {
        flat.Gradient(k);
        for (int i = 0; i < k.Length; i++) k[i] = -k[i];
    }

    private static void Stage(double[] w, double h, double[] output, params ReadOnlySpan<(double A, double[] K)> terms)
    {
        for (int i = 0; i < w.Length; i++)
        {
            double s = 0;
            foreach (var (a, k) in terms) s += a * k[i];
            output[i] = w[i] + h * s;
        }
    }
}
