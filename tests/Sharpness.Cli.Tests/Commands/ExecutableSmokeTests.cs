using System.Diagnostics;
using System.Text.Json;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>One end-to-end run of the built executable (a real process, real stdout/stderr and exit code).</summary>
public class ExecutableSmokeTests
{
    private static (int Code, string Stdout, string Stderr) RunProcess(params string[] args) => RunProcessIn(null, args);

    private static (int Code, string Stdout, string Stderr) RunProcessIn(string? workingDirectory, params string[] args) =>
        RunProcessWith(workingDirectory, null, args);

    private static (int Code, string Stdout, string Stderr) RunProcessWith(string? workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sharpness.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the executable did not finish in 2 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void The_built_executable_analyzes_F4_and_fails_cleanly_on_a_missing_file()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = RunProcess(["analyze", .. Cli.WriteLayers(dir, F4), "--json"]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        AssertRel(15.10600462062429, doc.RootElement.GetProperty("sharpness").GetDouble(), 1e-11, "λmax");

        var missing = RunProcess("analyze", dir.File("nope.npy"));
        Assert.Equal(ExitCodes.FileNotFound, missing.Code);
        Assert.Equal("", missing.Stdout);
        Assert.Single(missing.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_relative_layer_file_name_starting_with_at_is_a_file_not_a_response_file()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("@W1.csv"), "2\n");
        var (code, stdout, stderr) = RunProcessIn(dir.Path, "analyze", "@W1.csv", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(1.0, doc.RootElement.GetProperty("sharpness").GetDouble()); // depth 1: H = I
    }

    [Fact]
    public void A_second_run_plays_back_the_first_runs_jit_profile_and_prints_the_same_bits()
    {
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, F4);
        string folder = dir.File("jit");
        var env = new Dictionary<string, string> { [JitProfile.Variable] = folder };
        var first = RunProcessWith(null, env, ["analyze", .. layers, "--json"]);
        Assert.True(first.Code == 0, first.Stderr);
        // The run's private copy became the verb's profile: one file, nothing left behind.
        Assert.Equal(["analyze.jitprofile"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.True(new FileInfo(Path.Combine(folder, "analyze.jitprofile")).Length > 1000);
        var second = RunProcessWith(null, env, ["analyze", .. layers, "--json"]);
        Assert.True(second.Code == 0, second.Stderr);
        Assert.Equal(first.Stdout, second.Stdout); // code compiled ahead on the other core computes the same bits
        Assert.Equal(["analyze.jitprofile"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void The_jit_profile_can_be_turned_off_and_a_folder_that_cannot_be_made_only_means_no_profile()
    {
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, F4);
        var off = RunProcessWith(null, new Dictionary<string, string> { [JitProfile.Variable] = "off", ["XDG_CACHE_HOME"] = dir.File("cache") }, ["analyze", .. layers, "--json"]);
        Assert.True(off.Code == 0, off.Stderr);
        Assert.False(Directory.Exists(dir.File("cache")));
        // A file where the folder should be: no profile, same report, nothing on stderr.
        File.WriteAllText(dir.File("blocked"), "");
        var blocked = RunProcessWith(null, new Dictionary<string, string> { [JitProfile.Variable] = Path.Combine(dir.File("blocked"), "jit") }, ["analyze", .. layers, "--json"]);
        Assert.True(blocked.Code == 0, blocked.Stderr);
        Assert.Equal("", blocked.Stderr);
        Assert.Equal(off.Stdout, blocked.Stdout);
    }

    [Fact]
    public void Help_a_failed_run_and_an_unknown_verb_leave_the_profile_of_the_last_good_run()
    {
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, F4);
        string folder = dir.File("jit");
        var env = new Dictionary<string, string> { [JitProfile.Variable] = folder };
        Assert.Equal(0, RunProcessWith(null, env, ["analyze", .. layers, "--json"]).Code);
        string shared = Path.Combine(folder, "analyze.jitprofile");
        byte[] good = File.ReadAllBytes(shared);
        Assert.Equal(0, RunProcessWith(null, env, "analyze", "--help").Code);
        Assert.NotEqual(0, RunProcessWith(null, env, "analyze", dir.File("nope.npy")).Code);
        Assert.NotEqual(0, RunProcessWith(null, env, "analyse", dir.File("nope.npy")).Code);
        Assert.Equal(0, RunProcessWith(null, env, "--version").Code);
        Assert.Equal(good, File.ReadAllBytes(shared)); // neither replaced nor shrunk
        Assert.Equal(["analyze.jitprofile"], Directory.GetFiles(folder).Select(Path.GetFileName)); // no analyse/sharpness profile, no private copy
        // Blank and false-like values: no profile, and no folder named after the value.
        foreach (var value in new[] { "false", "NO", " " })
        {
            using var work = new TempDir();
            var run = RunProcessWith(work.Path, new Dictionary<string, string> { [JitProfile.Variable] = value, ["XDG_CACHE_HOME"] = work.File("cache") }, ["analyze", .. layers, "--json"]);
            Assert.True(run.Code == 0, run.Stderr);
            Assert.Equal(value == " " ? [work.File("cache")] : Array.Empty<string>(), Directory.GetDirectories(work.Path));
        }
    }
}
