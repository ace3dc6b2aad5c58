using GenericChart = Plotly.NET.GenericChart;
using Sharpness.Cli.Hosting;
using Sharpness.Dynamics;
using Sharpness.Views.Charts;

namespace Sharpness.Cli.Escape;

/// <summary>
/// The self-contained HTML page of an escape run (plotly.js inlined, no network), made of the chart layer's typed
/// escape charts: the loss with the predicted escape iteration, and the distance from W* with the components along
/// v₁ and v_N against the escape distance δ.
/// </summary>
public static class EscapePage
{
    /// <summary>The charts of the run, in page order.</summary>
    public static IReadOnlyList<GenericChart> Charts(EscapeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [Views.Charts.Charts.LossCurve(run), Views.Charts.Charts.EscapeProjections(run)];
    }

    /// <summary>Writes the page (atomically: an earlier page survives a failed write); an unwritable path is an
    /// <see cref="ExitCodes.OutputUnwritable"/> error.</summary>
    public static void Write(string path, EscapeRun run)
    {
        string title = $"sharpness escape: λ* = {run.StartSharpness:G8}, c = {run.C:G6}, η = {run.Eta:G6}, ε = {run.Radius:G3} ({run.Direction}, {run.Mode.ToString().ToLowerInvariant()} mode): {Outcome(run)}";
        OutputFile.Write(path, ChartHtml.Page(Charts(run), title), "--html");
    }

    /// <summary>Fails before the run when the page cannot be written, or would overwrite an input.</summary>
    public static void CheckWritable(string path, IEnumerable<string> inputs) => OutputFile.RequireWritable(path, "--html", inputs);

    private static string Outcome(EscapeRun run) => EscapeOutput.OutcomeName(run.Outcome);
}
