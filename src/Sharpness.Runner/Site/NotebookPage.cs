using System.Text;
using Sharpness.Runner.Execution;
using Sharpness.Runner.Notebooks;

namespace Sharpness.Runner.Site;

/// <summary>One page per notebook: rendered markdown, code cells with their outputs, and a failure banner.</summary>
public static class NotebookPage
{
    /// <summary>File name of the page of <paramref name="notebook"/>.</summary>
    public static string FileName(ExecutedNotebook notebook) => notebook.Name + ".html";

    /// <summary>The page's HTML.</summary>
    public static string Render(ExecutedNotebook notebook)
    {
        var body = new StringBuilder();
        body.Append("<nav class=\"top\"><a href=\"index.html\">← All notebooks</a> · <a href=\"../notebooks/")
            .Append(Uri.EscapeDataString(notebook.Name)).Append(".ipynb\">executed notebook</a></nav>\n");
        var result = notebook.Result;
        if (!result.Succeeded)
        {
            body.Append("<div class=\"banner\"><strong>This notebook did not run to the end.</strong> ")
                .Append(Html.Encode(result.StatusText)).Append("</div>\n");
        }

        var needsPlotly = false;
        var document = notebook.Document;
        for (var i = 0; i < document.Elements.Count; i++)
        {
            var element = document.Elements[i];
            if (NotebookFile.IsMarkdown(element))
            {
                body.Append("<div class=\"cell markdown\">").Append(MarkdownRenderer.ToHtml(element.Contents)).Append("</div>\n");
                continue;
            }
            if (NotebookFile.IsRaw(element))
            {
                body.Append("<div class=\"cell raw\"><pre class=\"source\">").Append(Html.Encode(element.Contents)).Append("</pre></div>\n");
                continue;
            }
            var cell = notebook.ResultAt(i);
            var state = cell?.Status switch
            {
                CellStatus.Failed or CellStatus.TimedOut => " failed",
                CellStatus.NotRun or null => " not-run",
                _ => "",
            };
            body.Append("<div class=\"cell code").Append(state).Append("\" id=\"cell-").Append(i + 1).Append("\">");
            body.Append("<div class=\"prompt\">").Append(Prompt(cell)).Append("</div>");
            body.Append("<pre class=\"source\"><code>").Append(Html.Encode(element.Contents)).Append("</code></pre>");
            foreach (var output in cell?.Outputs ?? Array.Empty<CellOutput>())
            {
                needsPlotly |= OutputRenderer.NeedsPlotly(output);
                body.Append(OutputRenderer.Render(output));
            }
            body.Append("</div>\n");
        }
        return PageLayout.Wrap(notebook.Title, body.ToString(), needsPlotly);
    }

    /// <summary>Number of charts (elements of class sharpness-chart) the page shows.</summary>
    public static int ChartCount(ExecutedNotebook notebook) =>
        notebook.Result.Cells.SelectMany(c => c.Outputs).Sum(OutputRenderer.ChartCount);

    private static string Prompt(CellResult? cell)
    {
        if (cell is null) return "not run";
        var label = cell.Cell.IsInjected ? "injected parameters" : $"cell {cell.Cell.Number}";
        var verify = cell.Cell.IsVerification ? " · verification" : "";
        return cell.Status switch
        {
            CellStatus.Succeeded => $"{label}{verify} · {Html.Seconds(cell.Elapsed)}",
            CellStatus.Failed => $"{label}{verify} · failed",
            CellStatus.TimedOut => $"{label}{verify} · timed out",
            _ => $"{label}{verify} · not run",
        };
    }
}
