using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Sharpness.Runner.Execution.Child;

/// <summary>
/// Entry point of the child process (<c>Sharpness.Runner __notebook-child PLAN.json</c>): one fresh process per
/// notebook, so loaded assemblies and formatter registrations never leak between notebooks. The parent sets the
/// current directory to the notebook's folder and enforces the per-cell timeout by killing this process.
/// </summary>
public static class NotebookChild
{
    /// <summary>The line on stdin that starts the cells.</summary>
    public const string GoSignal = "go";

    private const string WarmUpCode = "0";

    // The runner gone (killed, even by kill -9) means nobody reads our results: stop this process and everything
    // its cells started (our process group) instead of running on as an orphan.
    private static void WatchParent()
    {
        if (!Posix.IsAvailable
            || !int.TryParse(Environment.GetEnvironmentVariable(ChildProcessLauncher.ParentPidVariable), out var parent))
            return;
        var watcher = new Thread(() =>
        {
            while (Posix.ParentProcessId() == parent) Thread.Sleep(250);
            if (Posix.ProcessGroup() == Environment.ProcessId) Posix.KillGroup(Environment.ProcessId, Posix.SigKill);
            Process.GetCurrentProcess().Kill(entireProcessTree: true);
        })
        {
            IsBackground = true,
            Name = "sharpness parent watch",
        };
        watcher.Start();
    }

    // File descriptor 1 as a plain file stream (write(2), no console lock); Windows' console streams take no such lock.
    private static Stream OpenStandardOutput() => OperatingSystem.IsWindows()
        ? Console.OpenStandardOutput()
        : new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    /// <summary>Runs the plan's cells in order, stopping at the first failure, and exits the process.</summary>
    public static async Task<int> RunAsync(string planPath)
    {
        // Raw stdout: Console.Out belongs to the cells (ConsoleCapture), the protocol must not go through it. Not
        // through Console.OpenStandardOutput() either: on Unix every write to a console stream locks Console.Out,
        // which a cell's thread holds while it waits for our gate (a deadlock seen in the flood tests).
        var channel = new StreamWriter(OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
        var gate = new object();
        void Send(ChildMessage m)
        {
            // The leading newline ends any partial line a cell wrote straight to the raw stream.
            lock (gate) channel.Write("\n" + ChildProtocol.Encode(m) + "\n");
        }

        WatchParent();
        // Before the kernel exists: from here on Console.Out/Error of cells stream to us, never into kernel events.
        var stderr = Console.Error; // the real one, for the child's own messages to the parent
        var console = ConsoleCapture.Install(gate);
        var plan = JsonSerializer.Deserialize<ChildPlan>(await File.ReadAllTextAsync(planPath), ChildProtocol.Json)
                   ?? throw new InvalidOperationException($"Empty plan file {planPath}");
        // Read once: removed now, so no plan file outlives the run even if the runner is killed.
        try { File.Delete(planPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        var clock = Stopwatch.StartNew();
        using var kernel = ChildKernel.Create();
        // Compile and run one throwaway expression: the first submission pays Roslyn's JIT (≈2 s), and a child that
        // the parent started ahead of time (while the previous notebook ran) gets this done on the other core.
        // It declares nothing, so the notebook's state and #!who are unaffected.
        await kernel.SubmitAsync(WarmUpCode, plan.Cells.Count > 0 ? plan.Cells[0].KernelName : "csharp", (_, _) => { });
        // --package-source: the #i a notebook would start with, so its #r "nuget:" finds local packages. A source the
        // kernel refuses ends the child before any cell; the parent reports its standard error.
        foreach (var source in plan.PackageSources)
        {
            if (await kernel.SubmitAsync($"#i \"nuget: {source}\"", "csharp", (_, _) => { }) is { } sourceError)
            {
                await stderr.WriteLineAsync($"--package-source {source}: {sourceError}");
                await stderr.FlushAsync();
                Environment.Exit(3);
            }
        }
        Send(new ChildMessage { Type = "ready", Milliseconds = clock.Elapsed.TotalMilliseconds });

        // Wait for the parent's go-ahead (a line on stdin); end of input without it means the parent is gone.
        using (var stdin = new StreamReader(Console.OpenStandardInput()))
        {
            if (await stdin.ReadLineAsync() != GoSignal) Environment.Exit(0);
        }

        for (var i = 0; i < plan.Cells.Count; i++)
        {
            var index = i;
            Send(new ChildMessage { Type = "cellStarted", Cell = index });
            var cellClock = Stopwatch.StartNew();
            var budget = new StreamBudget(OutputLimits.StreamCharactersPerCell);
            void Emit(CellOutput output, bool isUpdate) => Send(new ChildMessage
            {
                Type = "output", Cell = index, Kind = output.Kind,
                Data = new Dictionary<string, string>(output.Data), ValueId = output.ValueId, IsUpdate = isUpdate,
            });
            string? error;
            console.BeginCell(budget, text => Emit(text, false));
            try
            {
                error = await kernel.SubmitAsync(plan.Cells[i].Code, plan.Cells[i].KernelName, (output, isUpdate) =>
                {
                    lock (gate)
                    {
                        // Text written before this output comes before it.
                        console.Flush();
                        // Stream text the kernel itself publishes shares the cell's budget with Console's.
                        if (budget.Admit(output) is { } admitted) Emit(admitted, isUpdate);
                    }
                });
            }
            catch (Exception e)
            {
                error = e.ToString();
            }
            console.EndCell();
            foreach (var note in budget.Notes()) Emit(note, false);
            Send(new ChildMessage
            {
                Type = "cellFinished", Cell = index, Succeeded = error is null, Error = error,
                Milliseconds = cellClock.Elapsed.TotalMilliseconds,
            });
            if (error is not null) break;
        }
        Send(new ChildMessage { Type = "done" });
        await channel.FlushAsync();
        // Exit at once: a cell may have left foreground threads running, and kernel disposal is not needed.
        Environment.Exit(0);
        return 0;
    }
}
