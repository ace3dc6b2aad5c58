using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Sharpness.Runner.Execution.Child;

namespace Sharpness.Runner.Execution;

/// <summary>
/// Our own kernel host: one child process per notebook (see <see cref="ChildProcessLauncher"/>). The parent
/// enforces the per-cell timeout — a cell that runs too long is stopped by killing the child's process tree — and
/// turns the child's protocol messages into <see cref="CellResult"/>s, keeping the outputs that arrived before a
/// hang or crash.
/// </summary>
public sealed class ChildProcessNotebookHost : INotebookHost
{
    /// <summary>Limit for process start plus kernel creation (≈2 s measured; generous for a loaded CI machine).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <inheritdoc />
    public string Name => "runner";

    /// <inheritdoc />
    public async Task<NotebookRunResult> ExecuteAsync(NotebookExecutionPlan plan, INotebookRunObserver observer, CancellationToken cancellationToken)
    {
        var results = plan.Cells.Select(c => new CellResult(c)).ToList();
        var run = new NotebookRunResult(plan, results);
        var clock = Stopwatch.StartNew();
        var planPath = Path.Combine(Path.GetTempPath(), $"sharpness-plan-{Guid.NewGuid():N}.json");
        var childPlan = new ChildPlan(plan.Cells.Select(c => new ChildPlanCell(c.Code, c.KernelName)).ToList());
        await File.WriteAllTextAsync(planPath, JsonSerializer.Serialize(childPlan, ChildProtocol.Json), cancellationToken);

        using var process = new Process { StartInfo = ChildProcessLauncher.StartInfo(planPath, plan.WorkingDirectory) };
        var stderr = new BoundedText(8_000);
        var messages = Channel.CreateUnbounded<ChildMessage>();
        try
        {
            process.Start();
            process.StandardInput.Close();
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.AppendLine(e.Data); };
            process.BeginErrorReadLine();
            var reader = Task.Run(() => PumpAsync(process.StandardOutput, messages.Writer), CancellationToken.None);

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
                    ? await ReadAsync(messages.Reader, remaining, cancellationToken)
                    : TimeoutMarker;
                if (message == TimeoutMarker)
                {
                    Kill(process);
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
                        run.HostError = $"the notebook process did not start within {StartupTimeout.TotalSeconds:0} s. {stderr}".Trim();
                    }
                    break;
                }
                if (message is null)
                {
                    // The child ended without "done": a crash (stack overflow, Environment.FailFast, out of memory).
                    await process.WaitForExitAsync(CancellationToken.None);
                    var why = $"The notebook process exited unexpectedly (exit code {process.ExitCode}). {stderr}".Trim();
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
                    break;
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
                }
                if (message.Type == "done") break;
            }
            await WaitOrKillAsync(process);
            await reader;
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
        finally
        {
            TryDelete(planPath);
        }
        run.Elapsed = clock.Elapsed;
        return run;
    }

    private static readonly ChildMessage TimeoutMarker = new() { Type = "timeout" };

    private static async Task<ChildMessage?> ReadAsync(ChannelReader<ChildMessage> reader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            if (await reader.WaitToReadAsync(cts.Token) && reader.TryRead(out var message)) return message;
            return null; // channel completed: the child's stdout closed
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimeoutMarker;
        }
    }

    private static async Task PumpAsync(StreamReader stdout, ChannelWriter<ChildMessage> writer)
    {
        try
        {
            while (await stdout.ReadLineAsync() is { } line)
            {
                if (ChildProtocol.TryDecode(line) is { } message) writer.TryWrite(message);
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private static async Task WaitOrKillAsync(Process process)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Keeps the last characters of the child's stderr for crash messages.</summary>
    private sealed class BoundedText(int capacity)
    {
        private readonly StringBuilder _text = new();

        public void AppendLine(string line)
        {
            lock (_text)
            {
                _text.AppendLine(line);
                if (_text.Length > capacity) _text.Remove(0, _text.Length - capacity);
            }
        }

        public override string ToString()
        {
            lock (_text) return _text.ToString().Trim();
        }
    }
}
