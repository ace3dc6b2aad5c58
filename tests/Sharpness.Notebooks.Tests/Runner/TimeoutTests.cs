using System.Diagnostics;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>
/// A cell that never returns is stopped by the per-cell timeout, and its process is gone. The assertions are on what
/// happened (a timeout failure of that cell, no process left, the earlier outputs kept, the later cell not run), not
/// on how long the machine took: start-up under heavy load can take longer than the timeout itself. Only lower
/// bounds are taken from the clock (the cell was stopped by the timeout, not earlier), and the upper bound is a
/// generous guard that turns a hang into a failure instead of a stuck test run.
/// </summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task A_hanging_cell_is_stopped_and_reported()
    {
        // A copy, so the pid file the notebook writes lands in a temp folder (the child's current directory).
        var root = RepoPaths.NewTempDirectory("hanging");
        var folder = Directory.CreateDirectory(Path.Combine(root, "notebooks")).FullName;
        var notebook = Path.Combine(folder, "hanging.ipynb");
        File.Copy(RepoPaths.TestNotebook("hanging.ipynb"), notebook);
        var output = Path.Combine(root, "artifacts");
        // Per cell: long enough that the trivial cells before the hang never reach it, even on a loaded machine.
        const int timeoutSeconds = 15;

        var invocation = CommandRun.InvokeAsync(notebook, "--out", output, "--timeout", timeoutSeconds.ToString());
        var ended = await Task.WhenAny(invocation, Task.Delay(TimeSpan.FromMinutes(10))) == invocation;
        Assert.True(ended, "the run did not end: the timeout did not stop the hanging cell");
        var run = await invocation;

        Assert.Equal(3, run.ExitCode); // RunExitCodes.NotebookFailed
        Assert.Contains("timed out: hanging.ipynb, cell 4", run.Output);

        var pidFile = Path.Combine(folder, "child.pid");
        Assert.True(File.Exists(pidFile), "the cell ran with the notebook's folder as current directory");
        var pid = int.Parse(File.ReadAllText(pidFile));
        Assert.True(IsGone(pid), $"child process {pid} is still running");

        var executed = new ExecutedIpynb(Path.Combine(output, "notebooks", "hanging.ipynb"));
        Assert.Equal("before the hang\n", ExecutedIpynb.StreamText(executed.CellStartingWith("Console.WriteLine(\"before"), "stdout"));
        var hung = executed.CellStartingWith("// Records the child's process id");
        var error = ExecutedIpynb.Outputs(hung).Single(o => o.GetProperty("output_type").GetString() == "error");
        Assert.Contains($"Timed out after {timeoutSeconds} s", error.GetProperty("evalue").GetString());
        Assert.Empty(ExecutedIpynb.Outputs(executed.CellStartingWith("Console.WriteLine(\"not executed")));

        // The summary: this notebook failed at cell 4 (by its timeout, the error above says), the later cell did not
        // run; and the run lasted at least the timeout (a lower bound, true under any load: it was not stopped early).
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "site", "summary.json")));
        var entry = summary.RootElement.GetProperty("notebooks").EnumerateArray().Single();
        Assert.False(entry.GetProperty("succeeded").GetBoolean());
        Assert.Equal(4, entry.GetProperty("failedCell").GetInt32());
        Assert.Equal(entry.GetProperty("cells").GetInt32() - 1, entry.GetProperty("cellsRun").GetInt32());
        Assert.True(run.Elapsed >= TimeSpan.FromSeconds(timeoutSeconds), $"the run ended after {run.Elapsed}, before the timeout");
    }

    private static bool IsGone(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
