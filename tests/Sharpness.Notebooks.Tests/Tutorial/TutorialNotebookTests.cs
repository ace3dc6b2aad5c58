using Sharpness.TestSupport.Hosting;
using Sharpness.Notebooks.Tests.Support;
using Sharpness.Runner.Execution;

namespace Sharpness.Notebooks.Tests.Tutorial;

/// <summary>
/// Every tutorial notebook runs green in our headless runner and in the stock host VS Code uses
/// (dotnet-interactive 1.0.712001 over stdio), with every verification cell passing and at least one chart.
/// A notebook's verification cells throw when two independent computations disagree, so "green" means the numbers
/// match the math.
/// </summary>
[Collection(TutorialRunCollection.Name)]
public sealed class TutorialNotebookTests(TutorialRunFixture fixture)
{
    [Fact]
    public void The_main_job_exits_zero_and_names_the_site()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.Output);
        Assert.Contains("index.html", fixture.Run.Output);
        Assert.True(File.Exists(Path.Combine(fixture.SiteDirectory, "index.html")));
    }

    [Theory]
    [MemberData(nameof(TutorialRunFixture.NameData), MemberType = typeof(TutorialRunFixture))]
    public void Runs_green_in_the_runner_with_verifications_and_a_chart(string name)
    {
        var summary = fixture.Summary(name);
        Assert.True(summary.GetProperty("succeeded").GetBoolean(), $"{name}: {summary.GetProperty("status").GetString()}");
        int passed = summary.GetProperty("verificationsPassed").GetInt32(), total = summary.GetProperty("verificationsTotal").GetInt32();
        Assert.True(total > 0, $"{name} has no verification cell");
        Assert.Equal(total, passed);
        Assert.True(summary.GetProperty("charts").GetInt32() >= 1, $"{name} draws no chart");
        Assert.True(File.Exists(Path.Combine(fixture.OutputDirectory, "notebooks", name + ".ipynb")));
    }

    [Theory]
    [MemberData(nameof(TutorialRunFixture.NameData), MemberType = typeof(TutorialRunFixture))]
    public async Task Runs_green_in_the_stock_host(string name)
    {
        LocalTools.Restore(RepoPaths.Root);
        var output = Path.Combine(fixture.OutputDirectory, "stock-" + name);
        var report = await new NotebookRunner(new StockHostNotebookHost(RepoPaths.Root)).RunAsync(new RunOptions
        {
            Inputs = new[] { Path.Combine(RepoPaths.Notebooks, name + ".ipynb") },
            OutputDirectory = output,
            CellTimeout = TimeSpan.FromSeconds(300),
        });
        var stock = Assert.Single(report.Notebooks).Result;
        Assert.True(stock.Succeeded, $"{name} in the stock host: {stock.StatusText}");
        var ours = fixture.Summary(name);
        Assert.Equal(ours.GetProperty("verificationsTotal").GetInt32(), stock.VerificationsPassed);
        Assert.Equal(ours.GetProperty("charts").GetInt32(),
            stock.Cells.SelectMany(c => c.Outputs).Sum(Sharpness.Runner.Site.OutputRenderer.ChartCount));
    }
}
