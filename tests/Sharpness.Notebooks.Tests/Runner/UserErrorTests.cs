using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>Bad input is reported in one line with exit code 2, before any notebook runs, and without stack traces.</summary>
public sealed class UserErrorTests
{
    [Fact]
    public async Task A_missing_notebook_is_named()
    {
        var run = await CommandRun.InvokeAsync("no/such/notebook.ipynb", "--out", RepoPaths.NewTempDirectory("err"));
        AssertUserError(run, "No such notebook or folder: no/such/notebook.ipynb");
    }

    [Fact]
    public async Task A_parameter_without_equals_sign_is_rejected()
    {
        var run = await CommandRun.InvokeAsync(RepoPaths.TestNotebook("basics.ipynb"), "-p", "steps", "--out", RepoPaths.NewTempDirectory("err"));
        AssertUserError(run, "Parameter 'steps' must look like NAME=VALUE");
    }

    [Fact]
    public async Task An_undeclared_parameter_is_rejected_with_the_declared_names()
    {
        var output = RepoPaths.NewTempDirectory("err");
        var run = await CommandRun.InvokeAsync(RepoPaths.TestNotebook("basics.ipynb"), "-p", "stepz=3", "--out", output);
        AssertUserError(run, "basics.ipynb: parameter 'stepz' is not declared in its parameters cell");
        Assert.False(Directory.Exists(Path.Combine(output, "site")), "nothing ran, nothing was published");
    }

    [Fact]
    public async Task Outputs_never_go_into_the_notebooks_folder()
    {
        var folder = RepoPaths.NewTempDirectory("out-inside");
        File.Copy(RepoPaths.TestNotebook("failing.ipynb"), Path.Combine(folder, "failing.ipynb"));
        var run = await CommandRun.InvokeAsync(folder, "--out", Path.Combine(folder, "artifacts"));
        AssertUserError(run, "is inside the notebooks' folder", expectedCode: 4);
        Assert.Equal(new[] { "failing.ipynb" }, Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_non_positive_timeout_is_rejected()
    {
        var run = await CommandRun.InvokeAsync(RepoPaths.TestNotebook("basics.ipynb"), "--timeout", "0");
        AssertUserError(run, "--timeout must be a positive number of seconds");
    }

    [Fact]
    public async Task A_malformed_notebook_is_named()
    {
        var folder = RepoPaths.NewTempDirectory("bad-json");
        var path = Path.Combine(folder, "broken.ipynb");
        File.WriteAllText(path, "{ not json");
        var run = await CommandRun.InvokeAsync(path, "--out", RepoPaths.NewTempDirectory("bad-json-out"));
        AssertUserError(run, "broken.ipynb is not an nbformat-4 notebook: not valid JSON");
    }

    private static void AssertUserError(CommandRun run, string expected, int expectedCode = 2)
    {
        Assert.Equal(expectedCode, run.ExitCode);
        Assert.Contains(expected, run.Output);
        Assert.DoesNotContain("   at ", run.Output);
        Assert.DoesNotContain("Exception", run.Output);
    }
}
