using Sharpness.Views.Charts;
using KitCharts = Sharpness.Views.Charts.Charts;

namespace Sharpness.Views.Tests;

/// <summary>The views layer stays usable without a notebook host: a program or the command line can draw the kit's
/// figures with no .NET Interactive assembly in the process.</summary>
public sealed class HostFreeTests
{
    [Fact]
    public void TheViewsAssemblyReferencesNoNotebookHost()
    {
        var references = typeof(KitCharts).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.Contains("Plotly.NET", references);
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal));
    }

    [Fact]
    public void AChartPageIsWrittenWithoutAnyHostLoaded()
    {
        string html = ChartHtml.Page([KitCharts.XY([1.0, 2.0], [1.0, 4.0], "squares", Axis.Linear("x"), Axis.Linear("y"))], "page");
        Assert.Single(FigureInfo.AllInHtml(html));
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(),
            a => a.GetName().Name?.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal) == true);
    }
}
