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

    /// <summary>
    /// Loss curves of several runs in two panels sharing the log loss axis: the **escape** (linear iterations 0 to
    /// 1.5× the latest predicted escape), with each run's predicted escape k = ln(δ/ε)/ln(2c−1) marked × at the loss
    /// ½λ*δ² in the run's colour, and the **whole run** on a log iteration axis. A run that ends on a bounded
    /// oscillation is drawn as two traces, even and odd iterations (when its samples are consecutive there), so a
    /// period-2 orbit shows as two branches instead of one aliased curve. With <paramref name="slider"/> the runs are
    /// shown one at a time under a slider over c (plotly.js only: works offline and without a kernel).
    /// Every trace is thinned to at most <see cref="MaxLinePoints"/> points.
    /// </summary>
    public static GenericChart LossCurves(IEnumerable<EscapeRun> runs, string title = "Loss along GD", bool slider = false)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.ToArray();
        return LossCurves(list, title, slider ? r => Numbers.Format(r.C, 4) : null, "c = ", StepLabel,
            (r, i) => (i, "solid"), r => r.PredictedEscapeIteration ?? r.EscapeIteration ?? 0, "iteration k (escape: 0 to 1.5 × predicted)");
    }

    /// <summary>
    /// The loss curves of <see cref="LossCurves(IEnumerable{EscapeRun}, string, bool)"/> under a slider over the start
    /// radius ε: each slider step shows every run started at that ε (e.g. plain and delta mode at one c), each in the
    /// same colour and dash at every step (the second series dashed, so identical curves stay visible as one solid line
    /// under a dashed one), so moving the slider shows how the escape shifts with ε — by ln(10)/ln(2c − 1)
    /// iterations per decade in the linear theory (theory §3.1) — and where an arithmetic stops following it.
    /// Each step's escape window ends at 1.5× the latest escape (predicted or observed) among its runs.
    /// </summary>
    public static GenericChart LossCurvesOverRadius(IEnumerable<EscapeRun> runs, string title = "Loss along GD for each start radius ε")
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.ToArray();
        var series = list.Select(SeriesLabel).Distinct().ToList();
        return LossCurves(list, title, r => $"{Numbers.Format(r.Radius, 2)}", "ε = ", SeriesLabel,
            (r, _) => (series.IndexOf(SeriesLabel(r)), series.IndexOf(SeriesLabel(r)) % 2 == 1 ? "dash" : "solid"),
            r => Math.Max(r.PredictedEscapeIteration ?? 0, r.EscapeIteration ?? 0), "iteration k (escape: 0 to 1.5 × the latest escape at this ε)");

        static string SeriesLabel(EscapeRun r) => $"{r.Mode.ToString().ToLowerInvariant()} mode, {StepLabel(r)}";
    }

    private static GenericChart LossCurves(EscapeRun[] list, string title, Func<EscapeRun, string>? sliderStep, string sliderPrefix,
        Func<EscapeRun, string> labelOf, Func<EscapeRun, int, (int Color, string Dash)> lookOf, Func<EscapeRun, double> escapeOf, string escapeAxisTitle)
    {
        bool slider = sliderStep is not null;
        var figure = new FigureBuilder();
        double escapeEnd = Math.Max(10, 1.5 * list.Select(escapeOf).DefaultIfEmpty(0).Max());
        int lastIteration = Math.Max(2, list.Select(r => r.Trajectory.Samples.Count > 0 ? r.Trajectory.Samples[^1].Iteration : 0).DefaultIfEmpty(0).Max());
        var allLosses = new List<double>();
        for (int i = 0; i < list.Length; i++)
        {
            var r = list[i];
            var (colorIndex, dash) = lookOf(r, i);
            string color = TraceStyle.Palette.Series[colorIndex % TraceStyle.Palette.Series.Count], label = labelOf(r);
            if (slider) figure.Group(sliderStep!(r));
            var samples = r.Trajectory.Samples.Where(x => x.Loss > 0 && double.IsFinite(x.Loss)).ToArray();
            allLosses.AddRange(samples.Select(x => x.Loss));
            var style = new TraceStyle(color, dash, 1.5);
            double windowEnd = slider ? Math.Max(10, 1.5 * list.Where(o => sliderStep!(o) == sliderStep!(r)).Max(escapeOf)) : escapeEnd;
            var window = Thin(samples.Where(x => x.Iteration <= windowEnd).ToArray(), logSpacing: false);
            figure.Panel(1).Line(window.Select(x => (double)x.Iteration), window.Select(x => x.Loss), label, style, legendGroup: label);
            if (r.PredictedEscapeIteration is { } k && k <= windowEnd)
                figure.Points([k], [0.5 * r.StartSharpness * r.EscapeDistance * r.EscapeDistance], $"predicted escape, {label}", color, "x", 11,
                    showInLegend: false, legendGroup: label);
            figure.Panel(2);
            var tail = samples.Where(x => x.Iteration >= 1).ToArray();
            bool twoBranches = r.Outcome == RunOutcome.Bounded && tail.Length > 4 && tail[^1].Iteration - tail[^2].Iteration == 1;
            if (twoBranches)
            {
                foreach (int parity in new[] { 0, 1 })
                {
                    var branch = Thin(tail.Where(x => x.Iteration % 2 == parity).ToArray(), logSpacing: true);
                    figure.Line(branch.Select(x => (double)x.Iteration), branch.Select(x => x.Loss), $"{label}, {(parity == 0 ? "even" : "odd")} k",
                        new TraceStyle(color, parity == 0 ? "solid" : "dot", 1.5), showInLegend: false, legendGroup: label);
                }
            }
            else
            {
                var thinned = Thin(tail, logSpacing: true);
                figure.Line(thinned.Select(x => (double)x.Iteration), thinned.Select(x => x.Loss), $"{label} (whole run)", style, showInLegend: false, legendGroup: label);
            }
            figure.Panel(1);
        }
        if (slider)
            figure.Group(null).Slider(sliderPrefix, list.GroupBy(sliderStep!).ToDictionary(g => g.Key,
                g => (IReadOnlyList<double>)[0, Math.Max(10, 1.5 * g.Max(escapeOf))]));
        IReadOnlyList<double>? yRange = slider && allLosses.Count > 0
            ? [Math.Floor(Math.Log10(allLosses.Min())), Math.Ceiling(Math.Log10(allLosses.Max()))] : null;
        if (slider && list.Length > 0) escapeEnd = Math.Max(10, 1.5 * list.Where(o => sliderStep!(o) == sliderStep!(list[0])).Max(escapeOf));
        return figure.Build(title, new Axis(escapeAxisTitle, Range: [0, escapeEnd]),
            new Axis("loss 𝓛(W_k) (log scale)", true, Range: yRange),
            secondX: new Axis("iteration k (whole run, log scale)", true, Range: [0, Math.Log10(lastIteration) + 0.05]));
    }

    /// <summary>Most points a kit chart joins into one line; longer series are thinned (keeping the first and last).</summary>
    public const int MaxLinePoints = 1500;

    private static TrajectorySample[] Thin(TrajectorySample[] samples, bool logSpacing)
    {
        if (samples.Length <= MaxLinePoints) return samples;
        if (!logSpacing)
            return Enumerable.Range(0, MaxLinePoints).Select(j => samples[(int)((long)j * (samples.Length - 1) / (MaxLinePoints - 1))]).Distinct().ToArray();
        // Keep the samples nearest to log-spaced iterations, so a log axis sees evenly spread points.
        double first = Math.Log(Math.Max(1, samples[0].Iteration)), last = Math.Log(Math.Max(1, samples[^1].Iteration));
        var picked = new List<TrajectorySample>();
        int at = 0;
        for (int j = 0; j < MaxLinePoints; j++)
        {
            double target = Math.Exp(first + (last - first) * j / (MaxLinePoints - 1));
            while (at + 1 < samples.Length && samples[at + 1].Iteration <= target) at++;
            if (picked.Count == 0 || picked[^1] != samples[at]) picked.Add(samples[at]);
        }
        if (picked[^1] != samples[^1]) picked.Add(samples[^1]);
        return [.. picked];
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
            var keep = Thin(samples.Where(s => Math.Abs(value(s)) > 0 && double.IsFinite(value(s))).ToArray(), logSpacing: false);
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
