using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Sharpness.Runner.Execution.Child;

namespace Sharpness.Runner.Execution;

/// <summary>
/// One running notebook child: its process, the protocol messages read from its stdout (buffered as they arrive, so
/// a child started ahead of time never blocks on a full pipe), and the tail of its stderr for crash reports.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<ChildMessage> _messages = Channel.CreateUnbounded<ChildMessage>();
    private readonly StringBuilder _stderr = new();
    private readonly Task _pump;
    private readonly string _planPath;

    private ChildProcess(NotebookExecutionPlan plan, Process process, string planPath)
    {
        Plan = plan;
        _process = process;
        _planPath = planPath;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) AppendStderr(e.Data); };
        _process.BeginErrorReadLine();
        _pump = Task.Run(PumpAsync);
        Started = Stopwatch.StartNew();
    }

    /// <summary>The plan this child executes.</summary>
    public NotebookExecutionPlan Plan { get; }

    /// <summary>Time since the process started.</summary>
    public Stopwatch Started { get; }

    /// <summary>Protocol messages, in order; completes when the child's stdout closes.</summary>
    public ChannelReader<ChildMessage> Messages => _messages.Reader;

    /// <summary>Exit code (after the process ended).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the child wrote to stderr.</summary>
    public string StandardError
    {
        get { lock (_stderr) return _stderr.ToString().Trim(); }
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
        return new ChildProcess(plan, process, planPath);
    }

    /// <summary>Lets the child run its cells. Stdin is closed afterwards: notebook code reading input sees its end.</summary>
    public void Go()
    {
        try
        {
            _process.StandardInput.WriteLine(NotebookChild.GoSignal);
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child already died; its missing messages report that.
        }
    }

    /// <summary>Kills the child and everything it started.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Waits for the process to end (killing it after a grace period) and removes the plan file.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        await _pump;
        _process.Dispose();
        try { File.Delete(_planPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (ChildProtocol.TryDecode(line) is { } message) _messages.Writer.TryWrite(message);
            }
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    private void AppendStderr(string line)
    {
        const int capacity = 8_000;
        lock (_stderr)
        {
            _stderr.AppendLine(line);
            if (_stderr.Length > capacity) _stderr.Remove(0, _stderr.Length - capacity);
        }
    }
}
