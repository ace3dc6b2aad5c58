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
        return [Views.Charts.Charts.TrainingLoss(run), Views.Charts.Charts.TrainingSharpness(run)];
    }

    /// <summary>Writes the page atomically; an unwritable path is an <see cref="ExitCodes.OutputUnwritable"/> error.</summary>
    public static void Write(string path, TrainingRun run)
    {
        string title = FormattableString.Invariant($"sharpness train: η = {run.Eta:G6}, 2/η = {run.TwoOverEta:G6}: GD {TrainOutput.OutcomeName(run.GradientDescent.Outcome)}") +
            (run.GradientFlow is { } f ? $", gradient flow {TrainOutput.OutcomeName(f.Outcome)}" : "");
        OutputFile.Write(path, ChartHtml.Page(Charts(run), title), "--html");
    }
}
