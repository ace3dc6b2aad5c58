using System.Text.Json;
using Sharpness.Runner.Execution;

namespace Sharpness.Runner.Site;

/// <summary>
/// Writes the static site: index.html, one page per notebook, assets/ (stylesheet, KaTeX, plotly.js license) and
/// summary.json (the run summary for scripts).
/// </summary>
public static class SiteBuilder
{
    /// <summary>Builds the site into <paramref name="siteDirectory"/> (expected to be empty or missing).</summary>
    public static void Build(string siteDirectory, RunReport report, string title)
    {
        Directory.CreateDirectory(Path.Combine(siteDirectory, "assets"));
        File.WriteAllText(Path.Combine(siteDirectory, "assets", "site.css"), PageLayout.Stylesheet);
        SiteAssets.CopyKatex(siteDirectory);
        File.WriteAllText(Path.Combine(siteDirectory, "assets", "plotly.js.LICENSE.txt"), SiteAssets.PlotlyLicense());
        foreach (var notebook in report.Notebooks)
            File.WriteAllText(Path.Combine(siteDirectory, NotebookPage.FileName(notebook)), NotebookPage.Render(notebook));
        File.WriteAllText(Path.Combine(siteDirectory, "summary.json"), SummaryJson(report));
        // Last, so a site folder with index.html is one whose pages were all written.
        File.WriteAllText(Path.Combine(siteDirectory, "index.html"), IndexPage.Render(report, title));
    }

    private static string SummaryJson(RunReport report) => JsonSerializer.Serialize(new
    {
        succeeded = report.Succeeded,
        seconds = Math.Round(report.Elapsed.TotalSeconds, 2),
        notebooks = report.Notebooks.Select(n => new
        {
            name = n.Name,
            title = n.Title,
            page = NotebookPage.FileName(n),
            succeeded = n.Result.Succeeded,
            status = n.Result.StatusText,
            seconds = Math.Round(n.Result.Elapsed.TotalSeconds, 2),
            startupSeconds = Math.Round(n.Result.Startup.TotalSeconds, 2),
            cells = n.Result.Cells.Count,
            cellsRun = n.Result.Cells.Count(c => c.Status != CellStatus.NotRun),
            failedCell = n.Result.FirstFailure?.Cell.Number,
            verificationsPassed = n.Result.VerificationsPassed,
            verificationsTotal = n.Result.VerificationsTotal,
            charts = NotebookPage.ChartCount(n),
        }),
    }, new JsonSerializerOptions { WriteIndented = true });
}
