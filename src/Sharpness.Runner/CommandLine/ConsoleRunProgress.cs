using System.Diagnostics;
using Sharpness.Runner.Execution;
using Spectre.Console;

namespace Sharpness.Runner.CommandLine;

/// <summary>
/// Progress on the terminal: a live status line (notebook, cell, elapsed) when the console is interactive, one
/// line per notebook otherwise (CI logs, redirected output).
/// </summary>
internal sealed class ConsoleRunProgress(IAnsiConsole console) : IRunProgress
{
    private readonly object _gate = new();
    private readonly Stopwatch _notebookClock = new();
    private StatusContext? _status;
    private string _notebook = "";
    private string _cell = "starting kernel";
    private int _index;
    private int _count;

    public async Task<T> ShowAsync<T>(Func<Task<T>> work)
    {
        if (!console.Profile.Capabilities.Interactive) return await work();
        return await console.Status().Spinner(Spinner.Known.Dots).StartAsync("starting", async ctx =>
        {
            lock (_gate) _status = ctx;
            using var timer = new Timer(_ => Refresh(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
            try
            {
                return await work();
            }
            finally
            {
                lock (_gate) _status = null;
            }
        });
    }

    public void Notice(string message) => console.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");

    public void NotebookStarted(NotebookExecutionPlan plan, int index, int count)
    {
        lock (_gate)
        {
            _notebook = Path.GetFileName(plan.NotebookPath);
            _cell = "starting kernel";
            _index = index;
            _count = count;
            _notebookClock.Restart();
        }
        if (_status is null) console.MarkupLine($"[grey][[{index + 1}/{count}]][/] {Markup.Escape(_notebook)} ...");
        Refresh();
    }

    public void CellStarted(NotebookExecutionPlan plan, PlannedCell cell, int ordinal)
    {
        lock (_gate) _cell = $"cell {cell.Number} ({ordinal + 1}/{plan.Cells.Count})";
        Refresh();
    }

    public void CellFinished(NotebookExecutionPlan plan, CellResult result)
    {
        if (result.Status is CellStatus.Failed or CellStatus.TimedOut)
        {
            var what = result.Status == CellStatus.TimedOut ? "timed out" : "failed";
            console.MarkupLine($"  [red]{what}[/]: {Markup.Escape(Path.GetFileName(plan.NotebookPath))}, {Markup.Escape(result.Cell.Label)}");
        }
    }

    public void NotebookFinished(ExecutedNotebook notebook)
    {
        var r = notebook.Result;
        var mark = r.Succeeded ? "[green]passed[/]" : "[red]failed[/]";
        console.MarkupLine($"[grey][[{_index + 1}/{_count}]][/] {Markup.Escape(notebook.Name)} {mark} in {r.Elapsed.TotalSeconds:0.0} s");
    }

    private void Refresh()
    {
        lock (_gate)
        {
            _status?.Status(Markup.Escape(
                $"[{_index + 1}/{_count}] {_notebook} · {_cell} · {_notebookClock.Elapsed.TotalSeconds:0.0} s"));
            _status?.Refresh();
        }
    }
}
