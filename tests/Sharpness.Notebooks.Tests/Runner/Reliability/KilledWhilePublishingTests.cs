using System.Text.Json;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner.Reliability;

/// <summary>
/// Issue 16 item 1 (the atomic swap stays): kill -9 of the runner at several moments while it publishes never leaves
/// DIR/site or DIR/notebooks missing or half written — each is a complete output (every file its manifest lists is
/// there), the previous run's or the new one's.
/// </summary>
public sealed class KilledWhilePublishingTests
{
    [Fact]
    public async Task Kill_9_while_publishing_leaves_complete_outputs()
    {
        var root = RepoPaths.NewTempDirectory("kill-publish");
        var notebook = NotebookWriter.Write(Path.Combine(root, "notebooks", "n.ipynb"), "Console.WriteLine(\"run\");");
        var output = Path.Combine(root, "out");
        Assert.Equal(0, (await CommandRun.InvokeAsync(notebook, "--out", output)).ExitCode);

        foreach (var delayMs in new[] { 0, 40, 120, 300 })
        {
            using var runner = RunnerProcess.Start(notebook, "--out", output, "--title", $"killed after {delayMs} ms");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!runner.Output.Contains("n passed") && clock.Elapsed < TimeSpan.FromSeconds(150)) await Task.Delay(5);
            await Task.Delay(delayMs);
            runner.Signal("KILL");
            await runner.WaitAsync(TimeSpan.FromSeconds(30));

            foreach (var folder in new[] { "notebooks", "site" })
                AssertComplete(Path.Combine(output, folder), $"kill -9 {delayMs} ms after the notebook passed");
            Assert.True(File.Exists(Path.Combine(output, "site", "index.html")));
        }
        // And the next run replaces whatever was left (left-over staging folders included).
        Assert.Equal(0, (await CommandRun.InvokeAsync(notebook, "--out", output)).ExitCode);
        Assert.Equal(new[] { "notebooks", "site" }, Directory.GetDirectories(output).Select(Path.GetFileName).Order());
        RepoPaths.DeleteQuietly(root);
    }

    private static void AssertComplete(string folder, string when)
    {
        Assert.True(Directory.Exists(folder), $"{folder} is missing ({when})");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ".sharpness-run.json")));
        foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
            Assert.True(File.Exists(Path.Combine(folder, file.GetString()!)), $"{folder}/{file.GetString()} is missing ({when})");
    }
}
