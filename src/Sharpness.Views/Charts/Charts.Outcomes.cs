using Plotly.NET;
using Sharpness.Dynamics;
using Sharpness.Views.Formatting;

namespace Sharpness.Views.Charts;

public static partial class Charts
{
    /// <summary>How each outcome is drawn on the outcome charts: marker symbol and a short legend word.</summary>
    private static (string Symbol, string Word) OutcomeMark(EscapeRun run) => run.Outcome switch
    {
        RunOutcome.Stayed => ("square", "stayed at W*"),
        RunOutcome.Converged => ("circle", "converged"),
        RunOutcome.Bounded => ("diamond", run.Period == 2 ? "period-2 orbit" : "bounded oscillation"),
        _ => ("x", "diverged"),
    };

    /// <summary>Height (in units of λ*) at which runs without a final minimizer are drawn on
    /// <see cref="FinalSharpnessVsC"/>: bounded orbits and divergence sit in a strip above every minimizer.</summary>
    public const double BoundedRowY = 1.06, DivergedRowY = 1.12;

    /// <summary>
    /// Final sharpness against c = ηλ*/2 for several settings on one normalized chart: λ_fin/λ* of every converged
    /// run (circles), the runs that stayed at W* (c ≤ 1, squares at 1), and, in a strip above, the runs that ended on a
    /// bounded orbit (diamonds at <see cref="BoundedRowY"/>) or diverged (× at <see cref="DivergedRowY"/>). The curve
    /// 1/c is the stability threshold 2/η in units of λ*, and each setting's 1/ρ = s_min/λ* (the flattest possible
    /// minimizer) is drawn in the setting's colour; a stable minimizer exists iff 1/c &gt; 1/ρ, i.e. c &lt; ρ.
    /// </summary>
    public static GenericChart FinalSharpnessVsC(IEnumerable<(EscapeSetting Setting, IReadOnlyList<EscapeRun> Sweep)> settings,
        string title = "Final sharpness vs c, normalized by λ*")
    {
        ArgumentNullException.ThrowIfNull(settings);
        var list = settings.ToArray();
        var figure = new FigureBuilder();
        var cs = list.SelectMany(s => s.Sweep.Select(r => r.C)).Where(double.IsFinite).DefaultIfEmpty(1).ToArray();
        double lo = Math.Min(cs.Min(), 1), hi = Math.Max(cs.Max(), 1.01);
        var grid = Enumerable.Range(0, 201).Select(i => lo + (hi - lo) * i / 200).ToArray();
        figure.Line(grid, grid.Select(c => Math.Min(1 / c, 1)), "stability threshold 2/η = λ*/c (and λ* for c ≤ 1)", TraceStyle.ThresholdLine);
        for (int i = 0; i < list.Length; i++)
        {
            var (setting, sweep) = list[i];
            string color = TraceStyle.Palette.Series[i % TraceStyle.Palette.Series.Count];
            figure.Line([lo, hi], [1 / setting.Rho, 1 / setting.Rho], $"{setting.Name}: 1/ρ = s_min/λ* = {Numbers.Format(1 / setting.Rho, 4)}",
                new TraceStyle(color, "dot", 1.5));
            foreach (var kind in sweep.GroupBy(r => OutcomeMark(r)))
            {
                var runs = kind.ToArray();
                var y = runs.Select(r => r.Outcome switch
                {
                    RunOutcome.Converged => r.FinalSharpness!.Value / setting.Lambda,
                    RunOutcome.Stayed => 1.0,
                    RunOutcome.Bounded => BoundedRowY,
                    _ => DivergedRowY,
                });
                string where = runs[0].Outcome switch { RunOutcome.Bounded => $" (drawn at {BoundedRowY})", RunOutcome.Diverged => $" (drawn at {DivergedRowY})", _ => "" };
                figure.Points(runs.Select(r => r.C), y, $"{setting.Name}: {kind.Key.Word}{where}", color, kind.Key.Symbol, 9);
            }
        }
        return figure.Build(title, Axis.Linear("c = ηλ*/2"),
            Axis.Linear("final sharpness λ_fin / λ*"), height: 620);
    }

    /// <summary>
    /// Outcome of gradient descent over c/ρ: one row per (setting, seed), one marker per run, symbol and colour by outcome
    /// (converged / period-2 or bounded / diverged / stayed). A minimizer that is stable for the step size exists iff
    /// c/ρ &lt; 1 (the dashed line).
    /// </summary>
    public static GenericChart OutcomePhaseDiagram(IEnumerable<(string Row, EscapeSetting Setting, IReadOnlyList<EscapeRun> Sweep)> rows,
        string title = "Outcome of gradient descent over c/ρ")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToArray();
        var figure = new FigureBuilder();
        var colors = new Dictionary<string, string>
        {
            ["converged"] = TraceStyle.Palette.Series[2], ["period-2 orbit"] = TraceStyle.Palette.Series[1],
            ["bounded oscillation"] = TraceStyle.Palette.Series[3], ["diverged"] = TraceStyle.Palette.Series[4], ["stayed at W*"] = TraceStyle.Palette.Series[0],
        };
        var points = list.SelectMany((row, index) => row.Sweep.Select(r => (Index: index, Ratio: r.C / row.Setting.Rho, Mark: OutcomeMark(r)))).ToArray();
        foreach (var kind in points.GroupBy(p => p.Mark).OrderBy(g => g.Key.Word))
            figure.Points(kind.Select(p => p.Ratio), kind.Select(p => (double)p.Index), kind.Key.Word, colors[kind.Key.Word], kind.Key.Symbol, 10);
        figure.VerticalLine(1, -0.5, list.Length - 0.5, "c = ρ: no stable minimizer beyond", TraceStyle.TheoryLine);
        var rowsAxis = new Axis("setting and seed", Ticks: Enumerable.Range(0, list.Length).Select(i => (double)i).ToArray(), Range: [-0.5, list.Length - 0.5],
            TickLabels: list.Select(r => r.Row).ToArray());
        return figure.Build(title, Axis.Linear("c / ρ"), rowsAxis, height: Math.Max(360, 90 + 30 * list.Length));
    }
}
