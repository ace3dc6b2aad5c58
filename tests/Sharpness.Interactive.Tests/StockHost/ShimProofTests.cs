using Sharpness.TestSupport.Hosting;

namespace Sharpness.Interactive.Tests.StockHost;

/// <summary>The FSharp.Core redirect is what makes charts work in the stock host: a fresh host that references the
/// kit but skips <c>Kit.Load()</c> fails on its first Plotly.NET cell.</summary>
public sealed class ShimProofTests(StockHostFixture host) : IClassFixture<StockHostFixture>
{
    [Fact]
    public void WithoutKitLoadTheFirstPlotlyCellFailsOnMixedFSharpCoreVersions()
    {
        var reference = host.Session.SubmitCode("#r \"../src/Sharpness.Interactive/bin/kit/Sharpness.Interactive.dll\"");
        Assert.True(reference.Succeeded, reference.ToString());

        var chart = host.Session.SubmitCode(NotebookSamples.Usings + NotebookSamples.Find("xy").Code);
        Assert.Equal(HostCommandOutcome.Failed, chart.Outcome);
        string error = string.Join("\n", chart.Errors);
        // Measured in tool 1.0.712001: Plotly.NET's static initializer fails because Giraffe.ViewEngine bound the
        // FSharp.Core 10.1 beside the kit while the host had loaded its own 10.0 (FSharpFunc from two assemblies).
        Assert.Contains("FSharp", error);
        Assert.Contains("Plotly", error);

        var loaded = host.Session.SubmitCode(
            "Console.Write(string.Join(\",\", AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == \"FSharp.Core\").Select(a => a.GetName().Version).OrderBy(v => v)))");
        Assert.Equal("10.0.0.0,10.1.0.0", loaded.StandardOutput.Trim());
    }
}
