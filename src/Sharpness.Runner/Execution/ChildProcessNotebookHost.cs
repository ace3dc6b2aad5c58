using System.Diagnostics;
using System.Threading.Channels;
using Sharpness.Runner.Execution.Child;

namespace Sharpness.Runner.Execution;

/// <summary>
/// Our own kernel host: one child process per notebook (see <see cref="ChildProcessLauncher"/>). The parent
/// enforces the per-cell timeout — a cell that runs too long is stopped by killing the child's process tree — and
/// turns the child's protocol messages into <see cref="CellResult"/>s, keeping the outputs that arrived before a
/// hang or crash. <see cref="Prestart"/> starts the next notebook's child while the current one runs, so process
/// start-up, kernel creation and Roslyn's warm-up (≈3–4 s together) overlap with useful work.
/// </summary>
public sealed class ChildProcessNotebookHost : INotebookHost, IPrestartingNotebookHost
{
    private readonly object _gate = new();
    private readonly List<ChildProcess> _prestarted = new();

    /// <summary>Limit for process start plus kernel creation and Roslyn's warm-up (≈2 s measured when quiet): five
    /// minutes, the default cell timeout. A child that dies while starting is reported at once (its exit is watched);
    /// this only catches a start that hangs, and 90 s (the old value) is within reach of a loaded 2-core machine
    /// starting several notebook processes at once.</summary>
    public TimeSpan StartupTimeout { get; init; } = RunOptions.DefaultCellTimeout;

    /// <inheritdoc />
    public string Name => "runner";

    /// <inheritdoc />
    public void Prestart(NotebookExecutionPlan plan)
    {
        var child = ChildProcess.Start(plan);
        lock (_gate) _prestarted.Add(child);
    }

    /// <inheritdoc />
    public void CancelPrestart()
    {
        List<ChildProcess> unused;
        lock (_gate)
        {
            unused = _prestarted.ToList();
            _prestarted.Clear();
        }
        foreach (var child in unused) Discard(child);
    }

    /// <inheritdoc />
    public async Task<NotebookRunResult> ExecuteAsync(NotebookExecutionPlan plan, INotebookRunObserver observer, CancellationToken cancellationToken)
    {
        var results = plan.Cells.Select(c => new CellResult(c)).ToList();
        var run = new NotebookRunResult(plan, results);
        var clock = Stopwatch.StartNew();
        await using var child = TakePrestarted(plan) ?? ChildProcess.Start(plan);
        try
        {
            child.Go();
            await FollowAsync(child, run, observer, clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // SIGINT/SIGTERM of the runner: the child and its group go now, not after a grace period.
            child.Kill();
            throw;
        }
        run.Elapsed = clock.Elapsed;
        return run;
    }

    private async Task FollowAsync(ChildProcess child, NotebookRunResult run, INotebookRunObserver observer, Stopwatch clock, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        var results = run.Cells;
        CellResult? running = null;
        var cellClock = new Stopwatch();
        var idleClock = Stopwatch.StartNew(); // time outside cells: start-up, then the gap between cells
        var ready = false;
        while (true)
        {
            var limit = running is null ? StartupTimeout : plan.CellTimeout;
            var waited = running is null ? idleClock.Elapsed : cellClock.Elapsed;
            var remaining = limit - waited;
            var message = remaining > TimeSpan.Zero
                ? await ReadAsync(child, remaining, cancellationToken)
                : TimeoutMarker;
            if (message == TimeoutMarker)
            {
                child.Kill();
                if (running is not null)
                {
                    running.Status = CellStatus.TimedOut;
                    running.Elapsed = cellClock.Elapsed;
                    running.Error = $"Timed out after {plan.CellTimeout.TotalSeconds:0.#} s (the cell was stopped).";
                    running.AddOutput(CellOutput.Text(OutputKind.Error, running.Error));
                    observer.CellFinished(plan, running);
                }
                else
                {
                    run.HostError = $"the notebook process did not respond within {StartupTimeout.TotalSeconds:0} s. {child.StandardError}".Trim();
                }
                return;
            }
            if (message is null)
            {
                // The child ended without "done": Environment.Exit, FailFast, a stack overflow, a kill (out of memory).
                await Task.WhenAny(child.Exited, Task.Delay(TimeSpan.FromSeconds(5)));
                await child.StandardErrorDrainedAsync();
                var why = ChildExit.Describe(child.ExitCode, child.StandardError, running is not null);
                if (running is not null)
                {
                    running.Status = CellStatus.Failed;
                    running.Elapsed = cellClock.Elapsed;
                    running.Error = why;
                    running.AddOutput(CellOutput.Text(OutputKind.Error, why));
                    observer.CellFinished(plan, running);
                }
                else if (!ready || results.All(r => r.Status != CellStatus.Failed))
                {
                    run.HostError = why;
                }
                return;
            }
            switch (message.Type)
            {
                case "ready":
                    ready = true;
                    run.Startup = clock.Elapsed;
                    idleClock.Restart();
                    break;
                case "cellStarted":
                    running = results[message.Cell];
                    cellClock.Restart();
                    observer.CellStarted(plan, running.Cell, message.Cell);
                    break;
                case "output":
                    results[message.Cell].AddOutput(
                        new CellOutput(message.Kind, message.Data ?? new Dictionary<string, string>(), message.ValueId),
                        message.IsUpdate);
                    break;
                case "cellFinished":
                    var finished = results[message.Cell];
                    finished.Elapsed = TimeSpan.FromMilliseconds(message.Milliseconds);
                    finished.Status = message.Succeeded ? CellStatus.Succeeded : CellStatus.Failed;
                    finished.Error = message.Error;
                    if (!message.Succeeded)
                        finished.AddOutput(CellOutput.Text(OutputKind.Error, message.Error ?? "The cell failed."));
                    running = null;
                    idleClock.Restart();
                    observer.CellFinished(plan, finished);
                    break;
                case "done":
                    return;
            }
        }
    }

    private ChildProcess? TakePrestarted(NotebookExecutionPlan plan)
    {
        lock (_gate)
        {
            var child = _prestarted.FirstOrDefault(c => ReferenceEquals(c.Plan, plan));
            if (child is not null) _prestarted.Remove(child);
            return child;
        }
    }

    private static void Discard(ChildProcess? child)
    {
        if (child is null) return;
        child.Kill();
        child.DeletePlan();
        _ = child.DisposeAsync().AsTask();
    }

    private static readonly ChildMessage TimeoutMarker = new() { Type = "timeout" };

    // The next message, null when the stream ended (or the process exited and its pipes drained), or the timeout
    // marker. The process's exit is watched directly: pipes kept open by a grandchild do not hide it.
    private static async Task<ChildMessage?> ReadAsync(ChildProcess child, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reader = child.Messages;
        if (reader.TryRead(out var ready)) return ready;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var wait = reader.WaitToReadAsync(cts.Token).AsTask();
                if (await Task.WhenAny(wait, child.Exited) == wait)
                {
                    if (!await wait) return null; // channel completed: the child's stdout closed
                    if (reader.TryRead(out var message)) return message;
                    continue;
                }
                await child.DrainAfterExitAsync();
                return reader.TryRead(out var last) ? last : null;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimeoutMarker;
        }
    }
}
