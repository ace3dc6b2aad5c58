using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>
/// The run verb's console when standard output is not a terminal (a CI log): plain progress lines, no ANSI escape
/// sequences (no colors, no cursor movement), even when the environment claims a color terminal.
/// </summary>
public sealed class ConsoleOutputTests
{
    [Fact]
    public async Task Redirected_output_has_progress_lines_and_no_escape_sequences()
    {
        var root = RepoPaths.NewTempDirectory("console");
        try
        {
            var notebooks = Directory.CreateDirectory(Path.Combine(root, "notebooks")).FullName;
            NotebookWriter.Write(Path.Combine(notebooks, "a.ipynb"), "// verify: fine\nConsole.WriteLine(\"ok\");");
            NotebookWriter.Write(Path.Combine(notebooks, "b.ipynb"), "throw new InvalidOperationException(\"no\");");
            using var runner = RunnerProcess.Start(
                new Dictionary<string, string?> { ["TERM"] = "xterm-256color", ["COLORTERM"] = "truecolor", ["NO_COLOR"] = null, ["COLUMNS"] = null },
                notebooks, "--out", Path.Combine(root, "out"), "--jobs", "2");
            var exit = await runner.WaitAsync(TimeSpan.FromMinutes(5));
            var output = runner.Output;
            Assert.True(exit == 3, $"exit {exit}:\n{output}");
            Assert.DoesNotContain('\u001b', output);
            Assert.Contains("a.ipynb ...", output);
            Assert.Contains("b.ipynb ...", output);
            Assert.Matches(@"\[\d/2\] a passed in \d+\.\d s \(1/1 cells, 1/1 verified; [12] of 2 done\)", output);
            Assert.Matches(@"\[\d/2\] b failed in \d+\.\d s", output);
            Assert.Contains("failed: b.ipynb, cell 2 (throw new InvalidOperationException(\"no\");)", output);
            Assert.Contains("1 of 2 notebook(s) failed", output);
            // The summary table is not wrapped at 80 columns.
            Assert.Contains(output.Split('\n'), l => l.Contains("failed: cell 2", StringComparison.Ordinal) && l.Length > 80);
        }
        finally
        {
            RepoPaths.DeleteQuietly(root);
        }
    }
}
