using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner.Reliability;

/// <summary>
/// Issue 16 item 5: 50 MB of Console.WriteLine in one cell is streamed and truncated beyond the documented limit
/// (1 MB of text per stream per cell) with a note saying how much was dropped; the run completes and later cells run.
/// Time and peak memory are measured in BENCHMARKS.md (the flood benchmark), not here.
/// </summary>
public sealed class OutputFloodTests
{
    [Fact]
    public async Task Fifty_megabytes_of_console_output_are_truncated_with_a_note()
    {
        var root = RepoPaths.NewTempDirectory("flood");
        var folder = Path.Combine(root, "notebooks");
        var notebook = NotebookWriter.Write(Path.Combine(folder, "flood.ipynb"),
            "var line = new string('x', 99);\nfor (var i = 0; i < 500_000; i++) Console.WriteLine(line);",
            "Console.WriteLine(\"after the flood\");");
        var output = Path.Combine(root, "out");

        var run = CommandRun.InvokeAsync(notebook, "--out", output, "--timeout", "300");
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(280))) == run;

        Assert.True(finished, "the flood did not complete");
        Assert.Equal(0, (await run).ExitCode);
        var executed = new ExecutedIpynb(Path.Combine(output, "notebooks", "flood.ipynb"));
        var text = ExecutedIpynb.StreamText(executed.CellStartingWith("var line"), "stdout");
        Assert.InRange(text.Length, 1_000_000, 1_001_000);
        Assert.StartsWith(new string('x', 99) + "\n", text);
        Assert.Contains("output truncated", text);
        Assert.Contains("49,000,000 more characters", text);
        Assert.Equal("after the flood\n", ExecutedIpynb.StreamText(executed.CellStartingWith("Console.WriteLine(\"after"), "stdout"));
        RepoPaths.DeleteQuietly(root);
    }
}
