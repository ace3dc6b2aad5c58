using System.Text;
using Sharpness.Runner.Execution;
using Sharpness.Runner.Notebooks;

namespace Sharpness.Runner.Site;

/// <summary>The entry page: title, table of contents, and the run summary (which notebooks failed, and where).</summary>
public static class IndexPage
{
    /// <summary>Tag of markdown cells that are also rendered on the index page (after the title, before the contents).</summary>
    public const string IndexTag = "site-index";

    /// <summary>The page's HTML.</summary>
    public static string Render(RunReport report, string title)
    {
        var failed = report.Notebooks.Count(n => !n.Result.Succeeded);
        var body = new StringBuilder();
        body.Append("<h1>").Append(Html.Encode(title)).Append("</h1>\n");
        body.Append("<p class=\"").Append(failed == 0 ? "status-passed" : "status-failed").Append("\">")
            .Append(failed == 0
                ? $"All {report.Notebooks.Count} notebooks ran without error"
                : $"{failed} of {report.Notebooks.Count} notebooks failed")
            .Append(" (").Append(Html.Seconds(report.Elapsed)).Append(").</p>\n");

        // Markdown cells tagged "site-index" (e.g. a results table in the first notebook) are shown on the index too.
        foreach (var n in report.Notebooks)
            foreach (var element in n.Document.Elements.Where(e => NotebookFile.IsMarkdown(e) && NotebookFile.Tags(e).Contains(IndexTag)))
                body.Append("<div class=\"cell markdown\">").Append(MarkdownRenderer.ToHtml(element.Contents)).Append("</div>\n");

        body.Append("<h2>Contents</h2>\n<ol class=\"toc\">\n");
        foreach (var n in report.Notebooks)
        {
            body.Append("<li><a href=\"").Append(Uri.EscapeDataString(NotebookPage.FileName(n))).Append("\">")
                .Append(Html.Encode(n.Title)).Append("</a> <small>(").Append(Html.Encode(n.Name)).Append(")</small></li>\n");
        }
        body.Append("</ol>\n");

        body.Append("<h2>Run summary</h2>\n<table class=\"summary\">\n<thead><tr>")
            .Append("<th>Notebook</th><th>Cells</th><th>Time</th><th>Status</th><th>Verification cells passed</th>")
            .Append("</tr></thead>\n<tbody>\n");
        foreach (var n in report.Notebooks)
        {
            var r = n.Result;
            var ran = r.Cells.Count(c => c.Status != CellStatus.NotRun);
            body.Append("<tr class=\"").Append(r.Succeeded ? "passed" : "failed").Append("\">")
                .Append("<td><a href=\"").Append(Uri.EscapeDataString(NotebookPage.FileName(n))).Append("\">")
                .Append(Html.Encode(n.Name)).Append("</a></td>")
                .Append("<td class=\"num\">").Append(ran).Append(" / ").Append(r.Cells.Count).Append("</td>")
                .Append("<td class=\"num\">").Append(Html.Seconds(r.Elapsed)).Append("</td>")
                .Append("<td class=\"").Append(r.Succeeded ? "status-passed" : "status-failed").Append("\">")
                .Append(Html.Encode(r.StatusText)).Append("</td>")
                .Append("<td class=\"num\">").Append(r.VerificationsPassed).Append(" / ").Append(r.VerificationsTotal).Append("</td>")
                .Append("</tr>\n");
        }
        body.Append("</tbody>\n</table>\n");
        body.Append("<p><small>Executed notebooks: <a href=\"../notebooks/\">../notebooks/</a>. ")
            .Append("Math typeset with KaTeX, charts drawn with plotly.js (MIT; see assets/). Everything works offline.</small></p>\n");
        return PageLayout.Wrap(title, body.ToString(), inlinePlotly: false);
    }
}
