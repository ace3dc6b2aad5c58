using System.Diagnostics;
using Sharpness.Runner.Execution;
using Spectre.Console;

namespace Sharpness.Runner.CommandLine;

/// <summary>
/// Progress on the console, for one notebook or several at once (<c>--jobs</c>). On an interactive terminal: a live
/// status line naming each running notebook, its cell and elapsed time, above the lines of finished notebooks.
/// Otherwise (CI logs, redirected output; see <see cref="RunConsole"/>): plain lines only — one when a notebook
/// starts, one when it ends, one per failed cell, and a "still running" line for a cell every
/// <see cref="HeartbeatInterval"/>, so a long cell shows in a CI log without any cursor control.
/// </summary>
internal sealed class ConsoleRunProgress(IAnsiConsole console) : IRunProgress
{
    /// <summary>How often a log line reports a cell that is still running (non-interactive output only).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly Dictionary<NotebookExecutionPlan, Running> _running = new();
    private StatusContext? _status;
    private int _finished;
    private int _count;

    private sealed class Running(string name, int index)
    {
        public string Name { get; } = name;
        public int Index { get; } = index;
        public Stopwatch NotebookClock { get; } = Stopwatch.StartNew();
        public Stopwatch CellClock { get; } = new();
        public string Cell { get; set; } = "starting kernel";
        public TimeSpan NextHeartbeat { get; set; } = HeartbeatInterval;
    }

    public async Task<T> ShowAsync<T>(Func<Task<T>> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            using var heartbeat = new Timer(_ => Heartbeat(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
            return await work();
        }
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
        bool live;
        lock (_gate)
        {
            _count = count;
            _running[plan] = new Running(Path.GetFileName(plan.NotebookPath), index);
            live = _status is not null;
        }
        if (!live) Line($"[grey][[{index + 1}/{count}]][/] {Markup.Escape(Path.GetFileName(plan.NotebookPath))} ...");
        Refresh();
    }

    public void CellStarted(NotebookExecutionPlan plan, PlannedCell cell, int ordinal)
    {
        lock (_gate)
        {
            if (!_running.TryGetValue(plan, out var r)) return;
            r.Cell = $"{cell.Label} ({ordinal + 1}/{plan.Cells.Count})";
            r.CellClock.Restart();
            r.NextHeartbeat = HeartbeatInterval;
        }
        Refresh();
    }

    public void CellFinished(NotebookExecutionPlan plan, CellResult result)
    {
        if (result.Status is CellStatus.Failed or CellStatus.TimedOut)
        {
            var what = result.Status == CellStatus.TimedOut ? "timed out" : "failed";
            Line($"  [red]{what}[/]: {Markup.Escape(Path.GetFileName(plan.NotebookPath))}, {Markup.Escape(result.Cell.Label)}");
        }
    }

    public void NotebookFinished(ExecutedNotebook notebook)
    {
        var r = notebook.Result;
        int index, finished, count;
        lock (_gate)
        {
            index = _running.TryGetValue(r.Plan, out var running) ? running.Index : 0;
            _running.Remove(r.Plan);
            finished = ++_finished;
            count = _count;
        }
        var mark = r.Succeeded ? "[green]passed[/]" : "[red]failed[/]";
        var ran = r.Cells.Count(c => c.Status != CellStatus.NotRun);
        Line($"[grey][[{index + 1}/{count}]][/] {Markup.Escape(notebook.Name)} {mark} in {r.Elapsed.TotalSeconds:0.0} s "
             + $"[grey]({ran}/{r.Cells.Count} cells, {r.VerificationsPassed}/{r.VerificationsTotal} verified; {finished} of {count} done)[/]");
        Refresh();
    }

    // Spectre's console is not safe for concurrent writers: notebooks finish on different threads under --jobs.
    private void Line(string markup)
    {
        lock (_gate) console.MarkupLine(markup);
    }

    private void Heartbeat()
    {
        var lines = new List<string>();
        lock (_gate)
        {
            foreach (var r in _running.Values.OrderBy(r => r.Index))
            {
                if (!r.CellClock.IsRunning || r.CellClock.Elapsed < r.NextHeartbeat) continue;
                lines.Add($"  [grey]still running:[/] {Markup.Escape(r.Name)}, {Markup.Escape(r.Cell)}, {r.CellClock.Elapsed.TotalSeconds:0} s");
                r.NextHeartbeat += HeartbeatInterval;
            }
        }
        foreach (var l in lines) Line(l);
    }

    private void Refresh()
    {
        lock (_gate)
        {
            if (_status is null) return;
            var parts = _running.Values.OrderBy(r => r.Index)
                .Select(r => $"[{r.Index + 1}/{_count}] {r.Name} · {r.Cell} · {r.NotebookClock.Elapsed.TotalSeconds:0.0} s");
            _status.Status(Markup.Escape(string.Join("   ", parts)));
            _status.Refresh();
        }
    }
}
