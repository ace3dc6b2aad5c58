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

    private static string Outcome(EscapeRun run) => EscapeOutput.OutcomeName(run.Outcome);
}
