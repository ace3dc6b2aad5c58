using Sharpness.TestSupport.Hosting;
using Sharpness.Notebooks.Tests.Support;
using Sharpness.Runner.Execution;
using Sharpness.Runner.Notebooks;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>
/// The same notebook through the host seam in the stock host (dotnet-interactive 1.0.712001, as VS Code runs it) gives
/// the same printed values, verification results and chart as in our own runner (the main run).
/// </summary>
[Collection(MainRunCollection.Name)]
public sealed class StockHostSeamTests(MainRunFixture fixture)
{
    [Fact]
    public async Task The_basics_notebook_gives_the_same_results_in_the_stock_host()
    {
        LocalTools.Restore(RepoPaths.Root);
        var output = Path.Combine(fixture.Root, "stock-artifacts");
        var report = await new NotebookRunner(new StockHostNotebookHost(RepoPaths.Root)).RunAsync(new RunOptions
        {
            Inputs = new[] { Path.Combine(fixture.NotebooksDirectory, "basics.ipynb") },
            OutputDirectory = output,
            CellTimeout = TimeSpan.FromSeconds(MainRunFixture.CellTimeoutSeconds), // a guard, as in the main run
            Parameters = new[] { NotebookParameter.Parse("n=5"), NotebookParameter.Parse($"label={MainRunFixture.LabelValue}") },
        });

        var stock = Assert.Single(report.Notebooks).Result;
        Assert.True(stock.Succeeded, stock.StatusText);
        Assert.Equal(2, stock.VerificationsPassed);

        var ours = new ExecutedIpynb(fixture.ExecutedNotebook("basics"));
        var theirs = new ExecutedIpynb(Path.Combine(output, "notebooks", "basics.ipynb"));
        const string print = "Console.WriteLine($\"n={n}";
        Assert.Equal(
            ExecutedIpynb.StreamText(ours.CellStartingWith(print), "stdout"),
            ExecutedIpynb.StreamText(theirs.CellStartingWith(print), "stdout"));
        Assert.Equal(fixture.Summary("basics").GetProperty("charts").GetInt32(),
            stock.Cells.SelectMany(c => c.Outputs).Sum(Sharpness.Runner.Site.OutputRenderer.ChartCount));
    }
}
