using Sharpness.Notebooks.Tests.Support;
using static Sharpness.Notebooks.Tests.Support.ExecutedIpynb;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>
/// A cell with a live progress display (the kit test notebook's sweep, every report shown) in our runner: the
/// updates replace the one output, so the executed notebook and the site keep only its final state.
/// </summary>
[Collection(MainRunCollection.Name)]
public sealed class ProgressOutputTests(MainRunFixture fixture)
{
    [Fact]
    public void The_executed_notebook_keeps_one_progress_output_in_its_final_state()
    {
        var executed = new ExecutedIpynb(fixture.ExecutedNotebook("kit"));
        var cell = executed.CellStartingWith("// A live progress display");
        var outputs = Outputs(cell).ToList();
        var progress = Assert.Single(outputs, o => o.GetProperty("output_type").GetString() == "display_data"
                                                   && Join(o.GetProperty("data").GetProperty("text/html")).Contains("sharpness-progress", StringComparison.Ordinal));
        var html = Join(progress.GetProperty("data").GetProperty("text/html"));
        Assert.Contains("escape sweep", html);
        Assert.Contains("4/4 runs", html);
        Assert.Contains("done in", html);
        Assert.DoesNotContain("3/4 runs", html);
        Assert.Contains("escape sweep: 4/4 runs · done in", Join(progress.GetProperty("data").GetProperty("text/plain")));
        Assert.Equal("4 runs\n", StreamText(cell, "stdout"));
        Assert.Equal(2, outputs.Count); // the display and the printed line, nothing per update

        var page = File.ReadAllText(Path.Combine(fixture.SiteDirectory, "kit.html"));
        Assert.Equal(1, page.Split("class=\"sharpness-progress\"").Length - 1);
    }
}
