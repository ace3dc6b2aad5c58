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

    [Fact]
    public async Task A_flood_does_not_accumulate_in_the_notebook_process()
    {
        // The cell measures its own managed heap around a 50 MB flood, in the same cell (the kernel used to hold
        // every line's event until the cell ended: ≈ 10 bytes per printed character, > 100 MB live here).
        var root = RepoPaths.NewTempDirectory("flood-heap");
        var folder = Path.Combine(root, "notebooks");
        var notebook = NotebookWriter.Write(Path.Combine(folder, "heap.ipynb"),
            "var before = GC.GetTotalMemory(true);\n" +
            "var line = new string('x', 99);\n" +
            "for (var i = 0; i < 500_000; i++) Console.WriteLine(line);\n" +
            "for (var i = 0; i < 1_200_000; i++) Console.Error.Write('e');\n" +
            "var after = GC.GetTotalMemory(true);\n" +
            "System.IO.File.WriteAllText(\"heap.txt\", (after - before).ToString());");
        var output = Path.Combine(root, "out");

        var run = await CommandRun.InvokeAsync(notebook, "--out", output, "--timeout", "120");

        Assert.True(run.ExitCode == 0, run.Output);
        long growth = long.Parse(File.ReadAllText(Path.Combine(folder, "heap.txt")));
        Assert.True(growth < 32L << 20, $"the notebook process's heap grew by {growth / 1e6:F0} MB during the flood");
        var executed = new ExecutedIpynb(Path.Combine(output, "notebooks", "heap.ipynb"));
        var cell = executed.CellStartingWith("var before");
        Assert.InRange(ExecutedIpynb.StreamText(cell, "stdout").Length, 1_000_000, 1_001_000);
        var stderr = ExecutedIpynb.StreamText(cell, "stderr");
        Assert.StartsWith(new string('e', 1000), stderr);
        Assert.Contains("[output truncated: 200,000 more characters", stderr);
        RepoPaths.DeleteQuietly(root);
    }

    [Fact]
    public async Task Streamed_text_keeps_its_order_with_displays_and_its_unfinished_last_line()
    {
        var root = RepoPaths.NewTempDirectory("stream-order");
        var notebook = NotebookWriter.Write(Path.Combine(root, "notebooks", "order.ipynb"),
            "Console.Write(\"a\"); display(\"b\"); Console.Write(\"c\");\n" +
            "var t = new System.Threading.Thread(() => Console.Write(\"d\")); t.Start(); t.Join();\n" +
            "Console.Error.Write(\"e\"); Console.Out.Flush(); Console.Write(\"f\");",
            "Console.Write(\"no newline at the end\");");
        var output = Path.Combine(root, "out");

        var run = await CommandRun.InvokeAsync(notebook, "--out", output);

        Assert.Equal(0, run.ExitCode);
        var executed = new ExecutedIpynb(Path.Combine(output, "notebooks", "order.ipynb"));
        var outputs = ExecutedIpynb.Outputs(executed.CellStartingWith("Console.Write(\"a\")")).Select(Describe).ToArray();
        Assert.Equal("stdout:a", outputs[0]);
        Assert.StartsWith("display_data:", outputs[1]);
        Assert.Contains("b", outputs[1]);
        Assert.Equal("stdout:cdf", string.Concat(outputs.Skip(2).Where(o => o.StartsWith("stdout:", StringComparison.Ordinal))).Replace("stdout:", "").Insert(0, "stdout:"));
        Assert.Contains("stderr:e", outputs);
        Assert.Equal("no newline at the end", ExecutedIpynb.StreamText(executed.CellStartingWith("Console.Write(\"no newline"), "stdout"));
        RepoPaths.DeleteQuietly(root);
    }

    private static string Describe(System.Text.Json.JsonElement output)
    {
        var type = output.GetProperty("output_type").GetString();
        if (type == "stream")
        {
            var text = output.GetProperty("text");
            var joined = text.ValueKind == System.Text.Json.JsonValueKind.Array
                ? string.Concat(text.EnumerateArray().Select(e => e.GetString()))
                : text.GetString();
            return $"{output.GetProperty("name").GetString()}:{joined}";
        }
        return $"{type}:{output.GetProperty("data")}";
    }
}
