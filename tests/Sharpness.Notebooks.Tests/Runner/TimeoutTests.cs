using System.Diagnostics;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>A cell that never returns is stopped by the per-cell timeout, and its process is gone.</summary>
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
        const int timeoutSeconds = 12;

        var run = await CommandRun.InvokeAsync(notebook, "--out", output, "--timeout", timeoutSeconds.ToString());

        Assert.Equal(3, run.ExitCode); // RunExitCodes.NotebookFailed
        Assert.Contains("timed out: hanging.ipynb, cell 4", run.Output);
        // Stopped, not waited for: the whole run ends well before a second timeout would elapse.
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(timeoutSeconds + 45), $"run took {run.Elapsed}");

        var pidFile = Path.Combine(folder, "child.pid");
        Assert.True(File.Exists(pidFile), "the cell ran with the notebook's folder as current directory");
        var pid = int.Parse(File.ReadAllText(pidFile));
        Assert.True(IsGone(pid), $"child process {pid} is still running");

        var executed = new ExecutedIpynb(Path.Combine(output, "notebooks", "hanging.ipynb"));
        Assert.Equal("before the hang\n", ExecutedIpynb.StreamText(executed.CellStartingWith("Console.WriteLine(\"before"), "stdout"));
        var hung = executed.CellStartingWith("// Records the child's process id");
        var error = ExecutedIpynb.Outputs(hung).Single(o => o.GetProperty("output_type").GetString() == "error");
        Assert.Contains("Timed out after 12 s", error.GetProperty("evalue").GetString());
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
