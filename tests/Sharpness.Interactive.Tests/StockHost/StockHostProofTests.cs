using Sharpness.Interactive.Charts;
using Sharpness.Interactive.Hosting;

namespace Sharpness.Interactive.Tests.StockHost;

/// <summary>The notebook path end to end in the stock host, loaded exactly as the notebooks' setup cell does.</summary>
public sealed class StockHostProofTests(StockHostFixture host) : IClassFixture<StockHostFixture>
{
    private HostCommandResult Run(string code)
    {
        var result = host.Session.SubmitCode(code);
        Assert.True(result.Succeeded, $"{result}\n{string.Join("\n", result.Errors)}\ncode:\n{code}");
        return result;
    }

    [Fact]
    public void SetupCellThenChartCellProducesAPlotlyFigure()
    {
        Run(KitPaths.SetupCell);
        var result = Run("""
            using Sharpness.Interactive.Charts;
            Charts.XY(new double[] { 1, 2, 3 }, new double[] { 1, 4, 9 }, "squares", Axis.Linear("x"), Axis.Logarithmic("x² (log scale)"))
            """);
        string html = result.Html;
        Assert.Contains($"class=\"{ChartHtml.ChartClass}\"", html);
        Assert.Contains("Plotly.newPlot", html);
        var figure = Assert.Single(FigureInfo.AllInHtml(html));
        Assert.Equal("squares", figure.Title);
        Assert.Equal("log", figure.YAxis.Type);
        var trace = Assert.Single(figure.Traces);
        Assert.Equal("scatter", trace.Type);
        Assert.Equal([1.0, 4.0, 9.0], trace.Y);
    }
}
