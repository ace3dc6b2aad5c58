using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Sharpness.Runner.Execution.Child;

namespace Sharpness.Runner.Execution;

/// <summary>
/// One running notebook child: its process (leading its own process group where setsid exists), the protocol
/// messages read from its stdout (buffered as they arrive, so a child started ahead of time never blocks on a full
/// pipe), and the tail of its stderr for crash reports. Every wait is bounded: a grandchild that keeps the pipes open
/// after the child ended cannot hold the runner, because the end of the child is watched directly (not through the
/// pipes) and the whole group is killed when the notebook is over.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>How long the pipes may stay open after the child exited before the rest of its group is killed.</summary>
    public static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly Channel<ChildMessage> _messages = Channel.CreateUnbounded<ChildMessage>();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stderrHead = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private readonly string _planPath;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _leadsGroup;
    private int _exitCode = int.MinValue;
    private int _disposed;

    private ChildProcess(NotebookExecutionPlan plan, Process process, string planPath, bool leadsGroup)
    {
        Plan = plan;
        _process = process;
        _planPath = planPath;
        _leadsGroup = leadsGroup;
        Id = process.Id;
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => OnExited();
        if (_process.HasExited) OnExited();
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
        Started = Stopwatch.StartNew();
    }

    /// <summary>The plan this child executes.</summary>
    public NotebookExecutionPlan Plan { get; }

    /// <summary>The child's process id (and process group id when it leads one).</summary>
    public int Id { get; }

    /// <summary>Time since the process started.</summary>
    public Stopwatch Started { get; }

    /// <summary>Protocol messages, in order; completes when the child's stdout closes.</summary>
    public ChannelReader<ChildMessage> Messages => _messages.Reader;

    /// <summary>Completes when the process has exited (independently of its pipes).</summary>
    public Task Exited => _exited.Task;

    /// <summary>Exit code once <see cref="Exited"/> completed (128 + signal number for a process killed by a signal).</summary>
    public int? ExitCode => _exitCode == int.MinValue ? null : _exitCode;

    /// <summary>The last lines the child wrote to stderr.</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
                return (_stderr.Length == 0 ? _stderrHead.ToString() : _stderrHead + "…\n" + _stderr).Trim();
        }
    }

    /// <summary>Writes the plan and starts the child in the notebook's folder; it creates its kernel and waits.</summary>
    public static ChildProcess Start(NotebookExecutionPlan plan)
    {
        var planPath = Path.Combine(Path.GetTempPath(), $"sharpness-plan-{Guid.NewGuid():N}.json");
        var childPlan = new ChildPlan(plan.Cells.Select(c => new ChildPlanCell(c.Code, c.KernelName)).ToList())
        {
            PackageSources = plan.PackageSources,
        };
        File.WriteAllText(planPath, JsonSerializer.Serialize(childPlan, ChildProtocol.Json));
        var process = new Process { StartInfo = ChildProcessLauncher.StartInfo(planPath, plan.WorkingDirectory) };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            File.Delete(planPath);
            throw;
        }
        return new ChildProcess(plan, process, planPath, ChildProcessLauncher.UsesProcessGroups);
    }

    /// <summary>Lets the child run its cells. Stdin is closed afterwards: notebook code reading input sees its end.</summary>
    public void Go()
    {
        try
        {
            _process.StandardInput.WriteLine(NotebookChild.GoSignal);
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // The child already died; its missing messages report that.
        }
    }

    /// <summary>Kills the child and everything it started (its process group, else its process tree).</summary>
    public void Kill()
    {
        if (_leadsGroup) Posix.KillGroup(Id, Posix.SigKill);
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Waits (bounded) for the end of the protocol stream after the process exited: a grandchild holding the pipe open
    /// gets <see cref="DrainGrace"/>, then the group is killed, which closes it.
    /// </summary>
    public async Task DrainAfterExitAsync()
    {
        var completion = _messages.Reader.Completion;
        if (await Task.WhenAny(completion, Task.Delay(DrainGrace)) == completion) return;
        Kill();
        await Task.WhenAny(completion, Task.Delay(DrainGrace));
    }

    /// <summary>
    /// Ends the child: kills whatever its group still runs (a notebook's processes never outlive it), waits a bounded
    /// time for the exit and the pipes, and removes the plan file. Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (!_exited.Task.IsCompleted)
        {
            // The child exits by itself right after "done"; give it a moment before killing.
            await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        }
        Kill();
        await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(10)));
        await Task.WhenAny(Task.WhenAll(_stdoutPump, _stderrPump), Task.Delay(DrainGrace));
        _messages.Writer.TryComplete();
        try { _process.Dispose(); } catch (InvalidOperationException) { }
        DeletePlan();
    }

    /// <summary>Removes the plan file (the child deletes it once read; this covers a child that never got that far).</summary>
    public void DeletePlan()
    {
        try { File.Delete(_planPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void OnExited()
    {
        try
        {
            Interlocked.CompareExchange(ref _exitCode, _process.ExitCode, int.MinValue);
        }
        catch (InvalidOperationException)
        {
            Interlocked.CompareExchange(ref _exitCode, -1, int.MinValue);
        }
        _exited.TrySetResult();
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            await foreach (var line in ChildProtocol.ReadProtocolLinesAsync(_process.StandardOutput))
            {
                if (ChildProtocol.TryDecode(line) is { } message) _messages.Writer.TryWrite(message);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process object was disposed while a grandchild kept the pipe: nothing more to read.
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync()
    {
        try
        {
            var reader = _process.StandardError;
            while (await reader.ReadLineAsync() is { } line) AppendStderr(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    // The head (where the runtime names the cause: "Stack overflow.", "Process terminated. …") and the tail (the
    // latest lines) of stderr; the middle of a long stack dump is dropped.
    private void AppendStderr(string line)
    {
        const int capacity = 8_000;
        if (line.Length > capacity) line = line[..capacity];
        lock (_stderr)
        {
            if (_stderrHead.Length < 2_000)
            {
                _stderrHead.AppendLine(line);
                return;
            }
            _stderr.AppendLine(line);
            if (_stderr.Length > capacity) _stderr.Remove(0, _stderr.Length - capacity);
        }
    }

    /// <summary>Waits (at most <see cref="DrainGrace"/>) until the child's stderr is read to its end.</summary>
    public Task StandardErrorDrainedAsync() => Task.WhenAny(_stderrPump, Task.Delay(DrainGrace));
}
