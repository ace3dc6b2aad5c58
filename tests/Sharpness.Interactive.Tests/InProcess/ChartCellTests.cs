using Sharpness.Views.Charts;

namespace Sharpness.Interactive.Tests.InProcess;

/// <summary>Every chart and formatted value as a cell in the in-process kernel (what our runner hosts).</summary>
[Collection(InProcessCollection.Name)]
public sealed class ChartCellTests(InProcessKernel kernel)
{
    [Theory]
    [MemberData(nameof(NotebookSamples.ChartNames), MemberType = typeof(NotebookSamples))]
    public async Task ChartCellsProduceOneFigureEach(string name)
    {
        var sample = NotebookSamples.Find(name);
        var output = await kernel.RunOkAsync(sample.Code);
        var figure = Assert.Single(FigureInfo.AllInHtml(output.Html));
        Assert.Equal(sample.TraceTypes, figure.Traces.Select(t => t.Type));
        Assert.Contains("window.Plotly", output.Html);
        Assert.StartsWith("Chart \"", output.Plain); // the text/plain alternative
    }

    [Theory]
    [MemberData(nameof(NotebookSamples.ValueNames), MemberType = typeof(NotebookSamples))]
    public async Task ValueCellsUseTheKitFormatters(string name)
    {
        var sample = NotebookSamples.Find(name);
        var output = await kernel.RunOkAsync(sample.Code);
        Assert.Contains($"class=\"{sample.HtmlMarker}\"", output.Html);
        Assert.False(string.IsNullOrWhiteSpace(output.Plain));
    }
}
