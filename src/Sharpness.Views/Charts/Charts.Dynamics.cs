using Plotly.NET;
using Sharpness.Dynamics;
using Sharpness.Dynamics.Landscape;
using Sharpness.Views.Formatting;

namespace Sharpness.Views.Charts;

/// <summary>Typed overloads for the GD simulator's results (<see cref="EscapeRun"/>, sweeps, landscape slices).</summary>
public static partial class Charts
{
    /// <summary>The run's loss vs iteration (log scale) with its predicted escape iteration ln(δ/ε)/ln(2c − 1).</summary>
    public static GenericChart LossCurve(EscapeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var t = run.Trajectory;
        return LossCurves([new Series("loss 𝓛(W_k)", t.Iterations.Select(k => (double)k).ToArray(), t.Losses)],
            run.PredictedEscapeIteration, $"Loss along GD: {run.SettingName}, {StepLabel(run)}");
    }

    /// <summary>Several runs' losses on one chart (e.g. a sweep), named by their step size, with each run's predicted
    /// escape marked where the linear theory puts it: at k = ln(δ/ε)/ln(2c − 1), where the loss ½λ*‖W − W*‖² reaches
    /// ½λ*δ². A curve that passes through its marker escaped on schedule.</summary>
    public static GenericChart LossCurves(IEnumerable<EscapeRun> runs, string title = "Loss along GD")
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.ToArray();
        var figure = new FigureBuilder();
        foreach (var r in list)
        {
            var iterations = r.Trajectory.Iterations;
            var losses = r.Trajectory.Losses;
            var keep = Enumerable.Range(0, losses.Length).Where(i => losses[i] > 0 && double.IsFinite(losses[i])).ToArray();
            figure.Line(keep.Select(i => (double)iterations[i]), keep.Select(i => losses[i]), StepLabel(r));
        }
        var predicted = list.Where(r => r.PredictedEscapeIteration is not null).ToArray();
        if (predicted.Length > 0)
            figure.Points(predicted.Select(r => r.PredictedEscapeIteration!.Value),
                predicted.Select(r => 0.5 * r.StartSharpness * r.EscapeDistance * r.EscapeDistance),
                "predicted escape: k = ln(δ/ε)/ln(2c−1) at loss ½λ*δ²", TraceStyle.Palette.Theory, "x", 10);
        return figure.Build(title, Axis.Linear("iteration k"), Axis.Logarithmic("loss 𝓛(W_k) (log scale)"));
    }

    /// <summary>Distance and projections on v₁ and v_N along the run, with the predicted escape iteration.</summary>
    public static GenericChart EscapeProjections(EscapeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var samples = run.Trajectory.Samples;
        var iterations = samples.Select(s => (double)s.Iteration).ToArray();
        var figure = new FigureBuilder();
        var all = new List<double>();
        void Add(Func<TrajectorySample, double> value, string name, TraceStyle style)
        {
            var keep = samples.Where(s => Math.Abs(value(s)) > 0 && double.IsFinite(value(s))).ToArray();
            figure.Line(keep.Select(s => (double)s.Iteration), keep.Select(s => Math.Abs(value(s))), name, style);
            all.AddRange(keep.Select(s => Math.Abs(value(s))));
        }
        Add(s => s.Distance, "‖W_k − W*‖", TraceStyle.DataLine);
        Add(s => s.ProjectionV1, "|⟨W_k − W*, v₁⟩|", new TraceStyle(TraceStyle.Palette.Accent, "dash"));
        Add(s => s.ProjectionVN, "|⟨W_k − W*, v_N⟩|", new TraceStyle(TraceStyle.Palette.Reference, "dot"));
        if (all.Count > 0)
        {
            double x0 = iterations.Length > 0 ? iterations.Min() : 0, x1 = iterations.Length > 0 ? iterations.Max() : 1;
            figure.HorizontalLine(run.EscapeDistance, x0, Math.Max(x1, x0 + 1), $"escape distance δ = {Numbers.Format(run.EscapeDistance)}", TraceStyle.ThresholdLine);
            if (run.PredictedEscapeIteration is { } k)
                figure.VerticalLine(k, all.Min(), all.Max(), $"predicted escape (k = {Numbers.Format(k, 4)})", TraceStyle.TheoryLine);
        }
        return figure.Build($"Escape from the minimizer: {run.SettingName}, {StepLabel(run)}", Axis.Linear("iteration k"),
            Axis.Logarithmic("distance / |projection| (log scale)"));
    }

    /// <summary>λmax along the run's path (recorded when <see cref="GdOptions.SharpnessEvery"/> &gt; 0) with 2/η and,
    /// given the setting, the minimal sharpness s_min.</summary>
    public static GenericChart SharpnessAlongPath(EscapeRun run, EscapeSetting? setting = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var s = run.Trajectory.Sharpness;
        return SharpnessAlongPath(s.Select(x => x.Value).ToArray(), run.Eta, setting?.MinimalSharpness,
            s.Select(x => (double)x.Iteration).ToArray(), $"Sharpness along GD: {run.SettingName}, {StepLabel(run)}");
    }

    /// <summary>A sweep: the converged runs' final sharpness λ_fin vs η, the edge of stability 2/η (theory §3.2:
    /// λ_fin lands just below it), the escape threshold η = 2/λ* (c = 1) and, given the setting, the threshold
    /// η = 2/s_min (c = ρ) above which no stable minimizer exists, plus the levels λ* and s_min.</summary>
    public static GenericChart SharpnessVsStepSize(IReadOnlyList<EscapeRun> sweep, EscapeSetting? setting = null, bool logStepSize = false)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var converged = sweep.Where(r => r.Outcome == RunOutcome.Converged && r.FinalSharpness is not null).ToArray();
        var etas = sweep.Select(r => r.Eta).Where(e => e > 0 && double.IsFinite(e)).ToArray();
        var figure = new FigureBuilder()
            .Points(converged.Select(r => r.Eta), converged.Select(r => r.FinalSharpness!.Value), "converged: final λmax", TraceStyle.Palette.Data);
        var others = sweep.Where(r => r.Outcome != RunOutcome.Converged).ToArray();
        if (others.Length > 0 && setting is not null)
            figure.Points(others.Select(r => r.Eta), others.Select(_ => setting.Lambda), "did not converge (drawn at λ*)", TraceStyle.Palette.Neutral, "x");
        if (etas.Length > 0)
        {
            double lo = etas.Min(), hi = etas.Max();
            if (hi == lo) { lo *= 0.9; hi *= 1.1; }
            var grid = Enumerable.Range(0, 101).Select(i => logStepSize ? lo * Math.Pow(hi / lo, i / 100.0) : lo + (hi - lo) * i / 100.0).ToArray();
            figure.Line(grid, grid.Select(e => 2 / e), "2/η (stability threshold)", TraceStyle.ThresholdLine);
            double lambdaStar = sweep[0].StartSharpness;
            var levels = converged.Select(r => r.FinalSharpness!.Value).Append(lambdaStar).Append(2 / hi).Append(2 / lo).ToArray();
            figure.VerticalLine(2 / lambdaStar, levels.Min(), levels.Max(), $"escape threshold η = 2/λ* = {Numbers.Format(2 / lambdaStar)}", TraceStyle.TheoryLine);
            figure.HorizontalLine(lambdaStar, lo, hi, $"λ* = {Numbers.Format(lambdaStar)}", new TraceStyle(TraceStyle.Palette.Theory, "dot", 1));
            if (setting is not null)
            {
                figure.VerticalLine(2 / setting.MinimalSharpness, levels.Min(), levels.Max(), $"η = 2/s_min = {Numbers.Format(2 / setting.MinimalSharpness)} (c = ρ)", TraceStyle.ReferenceLine);
                figure.HorizontalLine(setting.MinimalSharpness, lo, hi, $"s_min = {Numbers.Format(setting.MinimalSharpness)}", new TraceStyle(TraceStyle.Palette.Reference, "dot", 1));
            }
        }
        string name = sweep.Count > 0 ? sweep[0].SettingName : "sweep";
        return figure.Build($"Final sharpness vs step size: {name}",
            logStepSize ? Axis.Logarithmic("step size η (log scale)") : Axis.Linear("step size η"), Axis.Linear("sharpness λmax"));
    }

    /// <summary>The landscape slice as a contour map with the runs' paths projected onto its plane.</summary>
    public static GenericChart LossContour(LandscapeSlice slice, IEnumerable<EscapeRun>? runs = null, bool logLoss = true)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var paths = (runs ?? []).Select(r =>
        {
            var ab = slice.Project(r.Trajectory);
            return new Series(StepLabel(r), ab.Select(p => p.Alpha).ToArray(), ab.Select(p => p.Beta).ToArray());
        }).ToList();
        var z = slice.Values.Select(row => row.ToArray()).ToArray();
        return LossContour(slice.Alphas, slice.Betas, z, paths, logLoss);
    }

    private static string StepLabel(EscapeRun run) => $"η = {Numbers.Format(run.Eta, 4)} (c = {Numbers.Format(run.C, 4)})";
}
