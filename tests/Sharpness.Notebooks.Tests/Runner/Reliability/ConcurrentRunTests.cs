using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner.Reliability;

/// <summary>
/// Issue 16 item 4: two runs on the same --out serialize (the second waits for the first's lock), so neither fails
/// midway because the other removed its staging folder, and the published notebooks/ and site/ come from one run.
/// </summary>
public sealed class ConcurrentRunTests
{
    [Fact]
    public async Task Two_runs_on_the_same_output_folder_serialize_and_publish_a_consistent_pair()
    {
        var root = RepoPaths.NewTempDirectory("concurrent");
        var folder = Path.Combine(root, "notebooks");
        var release = Path.Combine(folder, "release");
        // Each run records when its cell starts; run A's cell then waits until the test releases it.
        var notebook = NotebookWriter.Write(Path.Combine(folder, "wait.ipynb"),
            "var who = \"nobody\";",
            "System.IO.File.WriteAllText($\"started-{who}\", \"1\");\n" +
            $"while (who == \"A\" && !System.IO.File.Exists(@\"{release}\")) System.Threading.Thread.Sleep(100);\n" +
            "Console.WriteLine($\"published by {who}\");");
        var output = Path.Combine(root, "out");

        var a = CommandRun.InvokeAsync(notebook, "--out", output, "-p", "who=A", "--timeout", "300");
        Assert.True(await Signals.WaitForFileAsync(Path.Combine(folder, "started-A"), TimeSpan.FromSeconds(120)) || File.Exists(Path.Combine(folder, "started-A")),
            "run A did not start");
        // B as its own process, so its output can be watched while it runs: with a lock it says it is waiting and
        // does not start its notebook; without one it runs its notebook at once.
        using var b = RunnerProcess.Start(notebook, "--out", output, "-p", "who=B", "--timeout", "300");
        var startedB = Path.Combine(folder, "started-B");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(150) && !b.Output.Contains("waiting") && !File.Exists(startedB))
            await Task.Delay(200);
        var bStartedEarly = File.Exists(startedB);
        var bSaidWaiting = b.Output.Contains("waiting");
        File.WriteAllText(release, "1");

        var ra = await a;
        var rb = await b.WaitAsync(TimeSpan.FromSeconds(200));
        Assert.False(bStartedEarly, "the second run did not wait for the first");
        Assert.True(bSaidWaiting, "the second run did not say it is waiting: " + b.Output);
        Assert.Equal(0, ra.ExitCode);
        Assert.Equal(0, rb);
        // The later run (B) published both folders.
        Assert.Contains("published by B", File.ReadAllText(Path.Combine(output, "notebooks", "wait.ipynb")));
        Assert.Contains("published by B", File.ReadAllText(Path.Combine(output, "site", "wait.html")));
        Assert.Equal(new[] { "notebooks", "site" }, Directory.GetDirectories(output).Select(Path.GetFileName).Order());
        RepoPaths.DeleteQuietly(root);
    }
}
