using System.CommandLine;
using Sharpness.Notebooks.Tests.Support;
using Sharpness.Runner;
using Sharpness.Runner.CommandLine;
using Spectre.Console;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>
/// Issue 16: one line on stderr. A refused <c>sharpness run</c> writes exactly one unwrapped line to stderr, prefixed
/// <c>sharpness: </c> like the other verbs; stdout (progress, the results table) carries no error text; the exit
/// code is the documented one. Runs the verb in-process with separate stdout and stderr writers and a narrow
/// console, so any console wrapping or any error text on stdout would show.
/// </summary>
public sealed class RunErrorStreamTests
{
    [Fact]
    public async Task A_junit_report_inside_the_replaced_site_folder_is_one_stderr_line()
    {
        var output = Path.Combine(RepoPaths.NewTempDirectory("err-stream-junit"), "a-rather-long-output-folder-name-so-the-message-is-wide");
        var (exit, stdout, stderr) = await InvokeAsync(RepoPaths.TestNotebook("basics.ipynb"), "--out", output,
            "--junit", Path.Combine(output, "site", "j.xml"));
        AssertOneStderrLine(exit, stdout, stderr, RunExitCodes.UsageError, "is inside");
        Assert.Contains($"e.g. --junit {Path.Combine(output, "junit.xml")}.", stderr); // not wrapped before "--junit"
    }

    [Fact]
    public async Task An_output_folder_inside_the_notebooks_folder_is_one_stderr_line()
    {
        var folder = RepoPaths.NewTempDirectory("err-stream-out");
        File.Copy(RepoPaths.TestNotebook("basics.ipynb"), Path.Combine(folder, "basics.ipynb"));
        var (exit, stdout, stderr) = await InvokeAsync(folder, "--out", Path.Combine(folder, "artifacts"));
        AssertOneStderrLine(exit, stdout, stderr, RunExitCodes.OutputRefused, "is inside the notebooks' folder");
        Assert.Equal(new[] { "basics.ipynb" }, Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Zero_jobs_is_one_stderr_line()
    {
        var (exit, stdout, stderr) = await InvokeAsync(RepoPaths.TestNotebook("basics.ipynb"), "--jobs", "0",
            "--out", RepoPaths.NewTempDirectory("err-stream-jobs"));
        AssertOneStderrLine(exit, stdout, stderr, RunExitCodes.UsageError, "--jobs must be at least 1, got 0.");
    }

    private static void AssertOneStderrLine(int exit, string stdout, string stderr, int expectedCode, string expected)
    {
        Assert.Equal(expectedCode, exit);
        Assert.DoesNotContain("error", stdout, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(expected, stdout);
        Assert.EndsWith(Environment.NewLine, stderr);
        var message = stderr[..^Environment.NewLine.Length];
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
        Assert.StartsWith("sharpness: error: ", message);
        Assert.Contains(expected, message);
        Assert.DoesNotContain("   at ", message);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> InvokeAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = RunConsole.Plain(stdout);
        console.Profile.Width = 60; // narrower than every message here: a message written through the console would wrap
        var root = new RootCommand { RunCommandFactory.Create(console) };
        var exit = await root.Parse(new[] { "run" }.Concat(args).ToArray())
            .InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
