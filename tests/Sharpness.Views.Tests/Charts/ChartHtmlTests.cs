using Sharpness.Views.Charts;
using KitCharts = Sharpness.Views.Charts.Charts;

namespace Sharpness.Views.Tests.Charts;

/// <summary>The chart-HTML contract the notebooks and the static site rely on.</summary>
public sealed class ChartHtmlTests
{
    private static readonly Plotly.NET.GenericChart Sample =
        KitCharts.SharpnessAlongPath([10, 9, 8.5], stepSize: 0.25, minimalSharpness: 4);

    [Fact]
    public void FragmentHasOneChartElementAndDrawsWithWindowPlotlyFirst()
    {
        string html = ChartHtml.Fragment(Sample);
        Assert.Equal(1, Count(html, $"class=\"{ChartHtml.ChartClass}\""));
        int windowPlotly = html.IndexOf("if (window.Plotly) { draw(window.Plotly); return; }", StringComparison.Ordinal);
        int requireJs = html.IndexOf("requirejs", StringComparison.Ordinal);
        Assert.True(windowPlotly > 0 && windowPlotly < requireJs, "window.Plotly must be used before any loader");
        Assert.Contains(ChartHtml.PlotlyCdnUrl, html);
        Assert.Contains(ChartHtml.PlotlyJsVersion, ChartHtml.PlotlyCdnUrl);
        var figure = Assert.Single(FigureInfo.AllInHtml(html));
        Assert.Equal(FigureInfo.Of(Sample), figure with { }, new FigureComparer());
    }

    [Fact]
    public void ScriptEndTagsInTextCannotBreakTheFragment()
    {
        var chart = KitCharts.XY([1.0], [2.0], "a </script><b>x</b>", Axis.Linear("x"), Axis.Linear("y"));
        string html = ChartHtml.Fragment(chart);
        Assert.Equal(2, Count(html, "</script>")); // the JSON element's and the drawing script's own end tags
        Assert.Equal("a </script><b>x</b>", Assert.Single(FigureInfo.AllInHtml(html)).Title);
    }

    [Fact]
    public void PageInlinesBundledPlotlyJsOnceAndNeedsNoNetwork()
    {
        string source = ChartHtml.PlotlyJsSource();
        Assert.True(source.Length > 1_000_000, $"bundled plotly.js is only {source.Length} characters");
        Assert.Contains(ChartHtml.PlotlyJsVersion, source);
        string page = ChartHtml.Page([Sample, Sample], "two charts");
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Equal(1, Count(page, source[..200]));
        Assert.True(page.IndexOf(source[..200], StringComparison.Ordinal) < page.IndexOf(ChartHtml.ChartClass, StringComparison.Ordinal));
        Assert.Equal(2, Count(page, $"class=\"{ChartHtml.ChartClass}\""));
        Assert.DoesNotContain("<script src", page);
        Assert.Equal(2, FigureInfo.AllInHtml(page).Count);
    }

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private sealed class FigureComparer : IEqualityComparer<FigureInfo>
    {
        public bool Equals(FigureInfo? x, FigureInfo? y) =>
            x is not null && y is not null && x.Title == y.Title && x.XAxis == y.XAxis && x.YAxis == y.YAxis
            && x.Traces.Select(t => (t.Type, t.Name, t.XLength)).SequenceEqual(y.Traces.Select(t => (t.Type, t.Name, t.XLength)));

        public int GetHashCode(FigureInfo obj) => obj.Title?.GetHashCode() ?? 0;
    }
}
