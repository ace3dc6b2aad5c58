using System.Globalization;
using Plotly.NET;
using Sharpness.Training;

namespace Sharpness.Views.Charts;

public static partial class Charts
{
    /// <summary>Loss ½‖P − M‖²_F against steps (log scale) for GD and, when present, the gradient flow (x = t/η).</summary>
    public static GenericChart TrainingLoss(TrainingRun run, string? title = null) => TrainingLoss([run], title);

    /// <summary>Loss curves of several runs, one series per track, named by η.</summary>
    public static GenericChart TrainingLoss(IEnumerable<TrainingRun> runs, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var series = runs.SelectMany(r => Tracks(r).Select(t => new Series(string.Create(CultureInfo.InvariantCulture, $"{t.Method}, η = {r.Eta:G4}"),
            t.Losses.Select(s => s.Step).ToArray(), t.Losses.Select(s => Math.Max(s.Loss, 1e-300)).ToArray(),
            Style: t.Method == "gradient flow" ? TraceStyle.TheoryLine : null)));
        return XY(series, title ?? "Loss ½‖P − M‖²_F along training", Axis.Linear("step k (flow: t/η)"), Axis.Logarithmic("loss"));
    }

    /// <summary>λmax(H) along training for GD (markers: consecutive estimates may sit on the two phases of an
    /// orbit) and the gradient flow (line), with the 2/η line and the minimal sharpness s_min = N‖M‖₂^(2−2/N).</summary>
    public static GenericChart TrainingSharpness(TrainingRun run, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var series = new List<Series>();
        foreach (var t in Tracks(run).Where(t => t.Sharpness.Count > 0))
            series.Add(new Series($"λmax(H), {t.Method}", t.Sharpness.Select(s => s.Step).ToArray(), t.Sharpness.Select(s => s.Value).ToArray(),
                Points: t.Method == "gradient descent", Style: t.Method == "gradient flow" ? TraceStyle.TheoryLine : null));
        double last = Math.Max(1, Tracks(run).Max(t => t.Steps));
        series.Add(new Series("2/η", [0, last], [run.TwoOverEta, run.TwoOverEta], Style: TraceStyle.ThresholdLine));
        if (run.MinimalSharpness is { } s) series.Add(new Series("s_min = N‖M‖₂^(2−2/N)", [0, last], [s, s], Style: TraceStyle.ReferenceLine));
        return XY(series, title ?? string.Create(CultureInfo.InvariantCulture, $"Sharpness λmax(H) along training, η = {run.Eta:G4}"), Axis.Linear("step k (flow: t/η)"), Axis.Linear("λmax(H)"));
    }

    private static IEnumerable<TrainingTrack> Tracks(TrainingRun run) =>
        new[] { run.GradientDescent, run.GradientFlow }.OfType<TrainingTrack>();
}
