using GenericChart = Plotly.NET.GenericChart;
using Sharpness.Cli.Hosting;
using Sharpness.Dynamics;
using Sharpness.Interactive.Charts;

namespace Sharpness.Cli.Escape;

/// <summary>
/// The self-contained HTML page of an escape run (plotly.js inlined, no network): the loss, the distance from W*
/// against the linear prediction ε(2c − 1)^k, and the components along v₁ and v_N, each against the iteration.
/// </summary>
public static class EscapePage
{
    /// <summary>The charts of the run, in page order.</summary>
    public static IReadOnlyList<GenericChart> Charts(EscapeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var samples = run.Trajectory.Samples;
        var k = samples.Select(s => (double)s.Iteration).ToArray();
        double last = k.Length > 0 ? k[^1] : 0;

        var loss = new FigureBuilder().Line(k, samples.Select(s => s.Loss), "loss ½‖P(W) − M‖²_F", TraceStyle.DataLine);
        MarkEscape(loss, run, samples.Where(s => s.Loss > 0).Select(s => s.Loss).DefaultIfEmpty(1).ToArray());

        var distance = new FigureBuilder()
            .Line(k, samples.Select(s => s.Distance), "‖W_k − W*‖", TraceStyle.DataLine)
            .HorizontalLine(run.EscapeDistance, 0, Math.Max(last, 1), $"δ = {run.EscapeDistance:G3}", TraceStyle.ThresholdLine);
        if (run.PredictedEscapeIteration is not null)
        {
            // The linearized dynamics along v₁ (theory §3.1): ε(2c − 1)^k, drawn up to the escape distance.
            double q = 2 * run.C - 1;
            var kPred = k.Where(x => run.Radius * Math.Pow(q, x) <= 10 * run.EscapeDistance).ToArray();
            distance.Line(kPred, kPred.Select(x => run.Radius * Math.Pow(q, x)), "linear prediction ε(2c − 1)^k", TraceStyle.TheoryLine);
        }
        MarkEscape(distance, run, samples.Where(s => s.Distance > 0).Select(s => s.Distance).DefaultIfEmpty(1).ToArray());

        var projections = new FigureBuilder()
            .Line(k, samples.Select(s => Math.Abs(s.ProjectionV1)), "|⟨W_k − W*, v₁⟩|", TraceStyle.DataLine)
            .Line(k, samples.Select(s => Math.Abs(s.ProjectionVN)), "|⟨W_k − W*, v_N⟩|", new TraceStyle(TraceStyle.Palette.Accent));

        var x = Axis.Linear("iteration k");
        return
        [
            loss.Build($"Loss along the run ({Outcome(run)})", x, Axis.Logarithmic("loss (log scale)")),
            distance.Build("Distance from the starting minimizer W*", x, Axis.Logarithmic("‖W_k − W*‖ (log scale)")),
            projections.Build("Components along the top (v₁) and null (v_N) directions at W*", x, Axis.Logarithmic("|component| (log scale)")),
        ];
    }

    /// <summary>Writes the page; an unwritable path is an <see cref="ExitCodes.OutputUnwritable"/> error.</summary>
    public static void Write(string path, EscapeRun run)
    {
        string title = $"sharpness escape: λ* = {run.StartSharpness:G8}, c = {run.C:G6}, η = {run.Eta:G6}, ε = {run.Radius:G3} ({run.Direction}, {run.Mode.ToString().ToLowerInvariant()} mode): {Outcome(run)}";
        string html = ChartHtml.Page(Charts(run), title);
        try
        {
            File.WriteAllText(path, html);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CliException(ExitCodes.OutputUnwritable, $"{path}: cannot write the HTML page: {e.Message}");
        }
    }

    /// <summary>Fails before the run when the page's folder does not exist.</summary>
    public static void CheckWritable(string path)
    {
        string? folder;
        try
        {
            folder = Path.GetDirectoryName(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CliException(ExitCodes.OutputUnwritable, $"{path}: not a usable file name: {e.Message}");
        }
        if (Directory.Exists(path))
            throw new CliException(ExitCodes.OutputUnwritable, $"{path}: is a directory; give a file name for --html");
        if (folder is not null && !Directory.Exists(folder))
            throw new CliException(ExitCodes.OutputUnwritable, $"{path}: the folder {folder} does not exist");
    }

    private static void MarkEscape(FigureBuilder figure, EscapeRun run, double[] positive)
    {
        double lo = positive.Min(), hi = positive.Max();
        if (run.EscapeIteration is { } e)
            figure.VerticalLine(e, lo, hi, $"escape (k = {e})", TraceStyle.ReferenceLine);
        if (run.PredictedEscapeIteration is { } p)
            figure.VerticalLine(p, lo, hi, $"predicted k = {p:F1}", TraceStyle.TheoryLine);
    }

    private static string Outcome(EscapeRun run) => EscapeOutput.OutcomeName(run.Outcome);
}
