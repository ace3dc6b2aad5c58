using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner.Reliability;

/// <summary>
/// Issue 16 item 3: the run always finishes. A cell that leaves a child process running (holding the notebook's
/// output pipes) cannot stall it, and killing the runner (SIGTERM, or kill -9 so it cannot clean up) never leaves the
/// notebook's process running; the plan files are removed.
/// </summary>
public sealed class AlwaysFinishesTests
{
    // The cell writes the pid of what it started next to the notebook (its current directory).
    private const string StartOrphan =
        "var orphan = System.Diagnostics.Process.Start(\"sleep\", \"100000\");\n" +
        "System.IO.File.WriteAllText(\"orphan.pid\", orphan.Id.ToString());";

    private const string RecordPidAndHang =
        "System.IO.File.WriteAllText(\"child.pid\", System.Environment.ProcessId.ToString());\n" +
        "System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);";

    [Fact]
    public async Task A_child_process_left_running_by_a_cell_does_not_stall_the_run()
    {
        var root = RepoPaths.NewTempDirectory("orphan");
        var folder = Path.Combine(root, "notebooks");
        var notebook = NotebookWriter.Write(Path.Combine(folder, "orphan.ipynb"), StartOrphan, "Console.WriteLine(\"after\");");
        // The cell timeout only bounds a cell that hangs (both cells here are trivial and must pass): 60 s, not the 20 s
        // it was, which left little room for compiling a cell on a loaded machine; still well inside the guard below.
        var run = CommandRun.InvokeAsync(notebook, "--out", Path.Combine(root, "out"), "--timeout", "60");
        try
        {
            // Without bounded waits the run never ends (the orphan holds the pipe); generous for a loaded machine.
            var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(240))) == run;
            Assert.True(finished, "the run did not finish");
            Assert.Equal(0, (await run).ExitCode);
            var orphan = int.Parse(File.ReadAllText(Path.Combine(folder, "orphan.pid")));
            Assert.True(await Signals.WaitGoneAsync(orphan, TimeSpan.FromSeconds(10)), $"the cell's child {orphan} still runs");
        }
        finally
        {
            if (File.Exists(Path.Combine(folder, "orphan.pid")))
                Signals.KillQuietly(int.Parse(File.ReadAllText(Path.Combine(folder, "orphan.pid"))));
        }
    }

    [Theory]
    [InlineData("KILL")]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Killing_the_runner_leaves_no_notebook_process_and_no_plan_file(string signal)
    {
        var root = RepoPaths.NewTempDirectory("kill-runner");
        var folder = Path.Combine(root, "notebooks");
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        var notebook = NotebookWriter.Write(Path.Combine(folder, "hang.ipynb"), $"// {marker}", StartOrphan, RecordPidAndHang);
        using var runner = RunnerProcess.Start(notebook, "--out", Path.Combine(root, "out"), "--timeout", "600");
        var childPidFile = Path.Combine(folder, "child.pid");
        try
        {
            Assert.True(await Signals.WaitForFileAsync(childPidFile, TimeSpan.FromSeconds(120)), "the notebook did not start: " + runner.Output);
            var child = int.Parse(File.ReadAllText(childPidFile));
            var orphan = int.Parse(File.ReadAllText(Path.Combine(folder, "orphan.pid")));

            runner.Signal(signal);

            var exit = await runner.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(exit);
            if (signal != "KILL") Assert.Equal(130, exit); // RunExitCodes.Interrupted
            Assert.True(await Signals.WaitGoneAsync(child, TimeSpan.FromSeconds(20)), $"notebook process {child} survived SIG{signal} of the runner");
            Assert.True(await Signals.WaitGoneAsync(orphan, TimeSpan.FromSeconds(20)), $"the cell's child {orphan} survived SIG{signal} of the runner");
            var plans = Directory.GetFiles(Path.GetTempPath(), "sharpness-plan-*.json")
                .Where(p => { try { return File.ReadAllText(p).Contains(marker); } catch (IOException) { return false; } });
            Assert.Empty(plans);
        }
        finally
        {
            foreach (var pidFile in new[] { childPidFile, Path.Combine(folder, "orphan.pid") })
                if (File.Exists(pidFile)) Signals.KillQuietly(int.Parse(File.ReadAllText(pidFile)));
        }
    }
}
