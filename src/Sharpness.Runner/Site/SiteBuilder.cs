using System.Text.Json;
using Sharpness.Runner.Execution;
using Sharpness.Runner.Reports;

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

    // The keys up to "charts" are the original summary; "tests", "failure" and "verifications" carry what the JUnit
    // report carries (RunTestCases), for scripts that read JSON.
    private static string SummaryJson(RunReport report)
    {
        var cases = RunTestCases.For(report);
        return JsonSerializer.Serialize(new
        {
            succeeded = report.Succeeded,
            seconds = Math.Round(report.Elapsed.TotalSeconds, 2),
            tests = new
            {
                total = cases.Count,
                passed = cases.Count(c => c.Outcome == TestCaseOutcome.Passed),
                failures = cases.Count(c => c.Outcome is TestCaseOutcome.Failed or TestCaseOutcome.TimedOut),
                errors = cases.Count(c => c.Outcome == TestCaseOutcome.Error),
                skipped = cases.Count(c => c.Outcome == TestCaseOutcome.Skipped),
            },
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
                failure = FailureJson(RunTestCases.For(n)[0]),
                verifications = RunTestCases.For(n).Skip(1).Select(c => new
                {
                    cell = c.Cell,
                    name = c.Name[(c.Name.IndexOf(": ", StringComparison.Ordinal) + 2)..],
                    status = StatusName(c.Outcome),
                    seconds = Math.Round(c.Time.TotalSeconds, 3),
                    skipReason = c.SkipReason,
                    failure = FailureJson(c),
                }),
            }),
        }, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The status word summary.json uses for an outcome.</summary>
    public static string StatusName(TestCaseOutcome outcome) => outcome switch
    {
        TestCaseOutcome.Passed => "passed",
        TestCaseOutcome.Failed => "failed",
        TestCaseOutcome.TimedOut => "timedOut",
        TestCaseOutcome.Skipped => "skipped",
        _ => "error",
    };

    private static object? FailureJson(RunTestCase c) => c.Failure is not { } f ? null : new
    {
        status = StatusName(c.Outcome),
        cell = f.Cell,
        firstLine = f.FirstLine,
        message = f.Message,
        type = f.Type,
        error = f.Error,
        stdout = f.Stdout,
        stderr = f.Stderr,
    };
}
