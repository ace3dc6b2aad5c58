using System.Text.Json;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner.Reliability;

/// <summary>
/// Issue 16 item 2: a notebook whose process dies (Environment.Exit, Environment.FailFast, a stack overflow, a kill
/// such as the out-of-memory killer's SIGKILL) is that notebook's failure, named with its cell and reason; the other
/// notebooks still run and the site and summary are published. Exit code 3: a notebook failed.
/// </summary>
public sealed class CrashingNotebookTests
{
    [Fact]
    public async Task Dying_notebooks_are_reported_and_the_run_goes_on()
    {
        var root = RepoPaths.NewTempDirectory("crash");
        var folder = Path.Combine(root, "notebooks");
        NotebookWriter.Write(Path.Combine(folder, "1-exit.ipynb"), "Console.WriteLine(\"before\");", "System.Environment.Exit(7);", "Console.WriteLine(\"never\");");
        NotebookWriter.Write(Path.Combine(folder, "2-failfast.ipynb"), "System.Environment.FailFast(\"deliberate fail-fast\");");
        NotebookWriter.Write(Path.Combine(folder, "3-overflow.ipynb"), "int Deep(int n) => Deep(n + 1) + 1;\nDeep(0)");
        NotebookWriter.Write(Path.Combine(folder, "4-killed.ipynb"), "System.Diagnostics.Process.GetCurrentProcess().Kill();");
        NotebookWriter.Write(Path.Combine(folder, "5-passes.ipynb"), "Console.WriteLine(\"still ran\");");
        var output = Path.Combine(root, "out");

        var run = await CommandRun.InvokeAsync(folder, "--out", output, "--timeout", "120");

        Assert.Equal(3, run.ExitCode);
        Assert.DoesNotContain("No process is associated", run.Output);
        Assert.Contains("1-exit.ipynb, cell 3", run.Output);
        Assert.Contains("2-failfast.ipynb, cell 2", run.Output);
        Assert.Contains("3-overflow.ipynb, cell 2", run.Output);
        Assert.Contains("4-killed.ipynb, cell 2", run.Output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "site", "summary.json")));
        var notebooks = summary.RootElement.GetProperty("notebooks").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.Clone());
        Assert.Equal(5, notebooks.Count);
        Assert.True(notebooks["5-passes"].GetProperty("succeeded").GetBoolean());
        foreach (var name in new[] { "1-exit", "2-failfast", "3-overflow", "4-killed" })
        {
            Assert.False(notebooks[name].GetProperty("succeeded").GetBoolean(), name);
            Assert.Equal(name == "1-exit" ? 3 : 2, notebooks[name].GetProperty("failedCell").GetInt32());
        }
        Assert.Contains("exit code 7", notebooks["1-exit"].GetProperty("status").GetString());
        Assert.Contains("deliberate fail-fast", notebooks["2-failfast"].GetProperty("status").GetString());
        Assert.Contains("stack overflow", notebooks["3-overflow"].GetProperty("status").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SIGKILL", notebooks["4-killed"].GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(output, "site", "index.html")));
        var executed = new ExecutedIpynb(Path.Combine(output, "notebooks", "1-exit.ipynb"));
        Assert.Equal("before\n", ExecutedIpynb.StreamText(executed.CellStartingWith("Console.WriteLine(\"before\")"), "stdout"));
        RepoPaths.DeleteQuietly(root);
    }
}
