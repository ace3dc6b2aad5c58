using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner.Reliability;

/// <summary>
/// Issue 16 item 7: the runner's exit codes (0 passed, 1 internal error, 2 usage error, 3 a notebook failed,
/// 4 output folder refused), with usage errors about --out and --timeout found before any notebook runs.
/// </summary>
public sealed class ErrorContractTests
{
    [Theory]
    [InlineData("--out", "", "--out must name a folder")]
    [InlineData("--out", "FILE", "is a file, not a folder")]
    [InlineData("--out", "/proc/sharpness-out", "cannot be created")]
    [InlineData("--out", "FILE/below", "cannot be created")]
    [InlineData("--timeout", "1e300", "--timeout must be at most 604800 seconds")]
    [InlineData("--timeout", "NaN", "--timeout must be a positive number of seconds")]
    public async Task Bad_output_folders_and_timeouts_are_usage_errors_before_running(string option, string value, string expected)
    {
        var root = RepoPaths.NewTempDirectory("contract");
        var folder = Path.Combine(root, "notebooks");
        var ran = Path.Combine(root, "ran");
        var notebook = NotebookWriter.Write(Path.Combine(folder, "n.ipynb"), $"System.IO.File.WriteAllText(@\"{ran}\", \"1\");");
        var file = Path.Combine(root, "a-file.txt");
        File.WriteAllText(file, "mine");
        var args = new List<string> { notebook, option, value.Replace("FILE", file) };
        if (option != "--out") args.AddRange(new[] { "--out", Path.Combine(root, "out") });

        var run = await CommandRun.InvokeAsync(args.ToArray());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Output);
        Assert.DoesNotContain("internal error", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
        Assert.False(File.Exists(ran), "the notebook ran before the usage error was found");
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_failing_notebook_exits_3_not_1()
    {
        var root = RepoPaths.NewTempDirectory("contract");
        var folder = Path.Combine(root, "notebooks");
        var notebook = NotebookWriter.Write(Path.Combine(folder, "n.ipynb"), "throw new InvalidOperationException(\"boom\");");
        var run = await CommandRun.InvokeAsync(notebook, "--out", Path.Combine(root, "out"));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("n.ipynb, cell 2", run.Output);
    }
}
