using Microsoft.DotNet.Interactive.Events;

namespace Sharpness.Interactive.Tests.InProcess;

/// <summary>
/// <see cref="CellProgress"/> in a CompositeKernel: a long operation shows one output that is updated in place (one
/// DisplayedValueProduced, then DisplayedValueUpdated events with its value id), ending in its final state.
/// </summary>
[Collection(InProcessCollection.Name)]
public sealed class ProgressDisplayTests(InProcessKernel kernel)
{
    /// <summary>A six-run escape sweep reporting into the cell's display, every report shown (shared with the
    /// stock-host test).</summary>
    public const string Cell = """
        Sharpness.Interactive.CellProgress.MinimumInterval = TimeSpan.Zero;
        try
        {
            var progressRuns = setting.Sweep(new[] { 0.9, 1.1, 1.2, 1.3, 1.5, 2.5 }, gd, progress: Sharpness.Interactive.CellProgress.Sweep("escape sweep"));
            Console.WriteLine($"{progressRuns.Count} runs");
        }
        finally
        {
            Sharpness.Interactive.CellProgress.MinimumInterval = TimeSpan.FromMilliseconds(200);
        }
        """;

    [Fact]
    public async Task A_sweep_shows_one_output_updated_in_place_and_ending_complete()
    {
        Assert.True(kernel.Setup is { Succeeded: true }, $"setup: {kernel.Setup?.Error}");
        var (output, events) = await kernel.RunWithEventsAsync(Cell);
        Assert.True(output.Succeeded, output.Error);
        Assert.Contains("6 runs", output.Plain);

        var produced = events.OfType<DisplayedValueProduced>().Where(IsProgress).ToList();
        var display = Assert.Single(produced);
        var updates = events.OfType<DisplayedValueUpdated>().Where(u => u.ValueId == display.ValueId).ToList();
        // Six reports, every one shown: the first creates the output, the other five update it.
        Assert.Equal(5, updates.Count);
        Assert.All(updates, u => Assert.True(IsProgress(u)));
        // No other progress output: updates carry the display's id, nothing else looks like a progress display.
        Assert.DoesNotContain(events.OfType<DisplayedValueUpdated>(), u => u.ValueId != display.ValueId);
        Assert.Single(events.OfType<DisplayEvent>(), e => e is not DisplayedValueUpdated && IsProgress(e));

        Assert.Contains("1/6 runs", Html(display));
        Assert.Contains("escape sweep", Html(display));
        var last = updates[^1];
        Assert.Contains("6/6 runs", Html(last));
        Assert.Contains("done in", Html(last));
        Assert.Contains("value=\"1\"", Html(last));
        Assert.Contains("escape sweep: 6/6 runs · done in", Plain(last));
        // Intermediate states really were intermediate.
        Assert.Contains(updates.Take(4), u => !Html(u).Contains("done in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outside_a_notebook_cell_the_reporters_do_nothing()
    {
        // No kernel invocation context on this test thread: reporting must neither throw nor display.
        var progress = CellProgress.For<int>("count", i => new ProgressStep(i, 3, $"{i}/3"));
        for (var i = 1; i <= 3; i++) progress.Report(i);
        var output = await kernel.RunOkAsync("1 + 1");
        Assert.DoesNotContain("sharpness-progress", output.Html);
    }

    private static bool IsProgress(DisplayEvent e) => Html(e).Contains("class=\"sharpness-progress\"", StringComparison.Ordinal);

    private static string Html(DisplayEvent e) => e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/html")?.Value ?? "";

    private static string Plain(DisplayEvent e) => e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? "";
}
