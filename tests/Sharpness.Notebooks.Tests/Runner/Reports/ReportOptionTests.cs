using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner.Reports;

/// <summary>Bad <c>--jobs</c> and <c>--junit</c> values are usage errors (exit 2, one line) before any notebook runs,
/// and nothing is written.</summary>
public sealed class ReportOptionTests
{
    [Theory]
    [InlineData("--jobs", "0", "--jobs must be at least 1, got 0.")]
    [InlineData("--jobs", "-3", "--jobs must be at least 1, got -3.")]
    [InlineData("--junit", "", "--junit must name a file (got an empty value).")]
    [InlineData("--junit", "{root}", "is a folder; name the report file")]
    [InlineData("--junit", "{out}/site/junit.xml", "which each run replaces")]
    [InlineData("--junit", "{out}/notebooks/x.xml", "which each run replaces")]
    [InlineData("--junit", "{notebook}", "is one of the notebooks being run")]
    [InlineData("--junit", "/proc/junit.xml", "cannot be written")]
    public async Task Is_a_usage_error_before_anything_runs(string option, string value, string message)
    {
        var root = RepoPaths.NewTempDirectory("report-options");
        try
        {
            var notebook = NotebookWriter.Write(Path.Combine(root, "nb", "a.ipynb"), "Console.WriteLine(1);");
            var output = Path.Combine(root, "out");
            value = value.Replace("{root}", root).Replace("{out}", output).Replace("{notebook}", notebook);
            var run = await CommandRun.InvokeAsync(notebook, "--out", output, option, value);
            Assert.Equal(2, run.ExitCode);
            // The console wraps long lines (the temp paths are long): compare with the line breaks as spaces.
            Assert.Contains(message, System.Text.RegularExpressions.Regex.Replace(run.Output, @"\s+", " "));
            Assert.DoesNotContain("   at ", run.Output);
            Assert.False(Directory.Exists(output), "nothing may be written before the checks pass");
        }
        finally
        {
            RepoPaths.DeleteQuietly(root);
        }
    }
}
