using GenericChart = Plotly.NET.GenericChart;
using Sharpness.Cli.Hosting;
using Sharpness.Views.Charts;
using Sharpness.Training;

namespace Sharpness.Cli.Train;

/// <summary>The self-contained HTML page of a training run: loss against steps (log scale), and λmax(H) against
/// steps with the 2/η line and the minimal sharpness, for GD and (with --flow) the gradient flow.</summary>
public static class TrainPage
{
    /// <summary>The charts of the run, in page order.</summary>
    public static IReadOnlyList<GenericChart> Charts(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var tracks = new[] { run.GradientDescent, run.GradientFlow }.OfType<TrainingTrack>().ToArray();
        var loss = Views.Charts.Charts.XY(
            tracks.Select(t => new Series(t.Method, t.Losses.Select(s => s.Step).ToArray(), t.Losses.Select(s => Math.Max(s.Loss, 1e-300)).ToArray())),
            "Loss ½‖P − M‖²_F", Axis.Linear("step k (flow: t/η)"), Axis.Logarithmic("loss"));
        var series = tracks.Where(t => t.Sharpness.Count > 0)
            .Select(t => new Series($"λmax(H), {t.Method}", t.Sharpness.Select(s => s.Step).ToArray(), t.Sharpness.Select(s => s.Value).ToArray(), Points: t.Sharpness.Count < 3))
            .ToList();
        double last = tracks.Max(t => t.Steps);
        series.Add(new Series("2/η", [0, last], [run.TwoOverEta, run.TwoOverEta], Style: TraceStyle.ThresholdLine));
        if (run.MinimalSharpness is { } s) series.Add(new Series("s_min = N‖M‖₂^(2−2/N)", [0, last], [s, s], Style: TraceStyle.TheoryLine));
        var sharpness = Views.Charts.Charts.XY(series, "Sharpness λmax(H) along training", Axis.Linear("step k (flow: t/η)"), Axis.Linear("λmax(H)"));
        return [loss, sharpness];
    }

    /// <summary>Writes the page atomically; an unwritable path is an <see cref="ExitCodes.OutputUnwritable"/> error.</summary>
    public static void Write(string path, TrainingRun run)
    {
        string title = FormattableString.Invariant($"sharpness train: η = {run.Eta:G6}, 2/η = {run.TwoOverEta:G6}: GD {TrainOutput.OutcomeName(run.GradientDescent.Outcome)}") +
            (run.GradientFlow is { } f ? $", gradient flow {TrainOutput.OutcomeName(f.Outcome)}" : "");
        OutputFile.Write(path, ChartHtml.Page(Charts(run), title), "--html");
    }
}
