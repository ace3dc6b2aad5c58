using Sharpness.Runner.Execution;
using Spectre.Console;

namespace Sharpness.Runner.CommandLine;

/// <summary>The closing table of a run, and where the outputs are.</summary>
internal static class SummaryTable
{
    public static void Write(IAnsiConsole console, RunReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Notebook").AddColumn(new TableColumn("Cells").RightAligned())
            .AddColumn(new TableColumn("Time").RightAligned()).AddColumn("Status")
            .AddColumn(new TableColumn("Verified").RightAligned());
        foreach (var n in report.Notebooks)
        {
            var r = n.Result;
            var ran = r.Cells.Count(c => c.Status != CellStatus.NotRun);
            table.AddRow(
                Markup.Escape(n.Name),
                $"{ran}/{r.Cells.Count}",
                $"{r.Elapsed.TotalSeconds:0.0} s",
                r.Succeeded ? "[green]passed[/]" : $"[red]{Markup.Escape(r.StatusText)}[/]",
                $"{r.VerificationsPassed}/{r.VerificationsTotal}");
        }
        console.Write(table);
        var failed = report.Notebooks.Count(n => !n.Result.Succeeded);
        console.MarkupLine(failed == 0
            ? $"[green]{report.Notebooks.Count} notebook(s) passed[/] in {report.Elapsed.TotalSeconds:0.0} s"
            : $"[red]{failed} of {report.Notebooks.Count} notebook(s) failed[/] ({report.Elapsed.TotalSeconds:0.0} s)");
        console.MarkupLine($"Site: [link]{Markup.Escape(report.IndexPage)}[/]");
        console.MarkupLine($"Executed notebooks: {Markup.Escape(report.NotebooksDirectory)}");
    }
}
