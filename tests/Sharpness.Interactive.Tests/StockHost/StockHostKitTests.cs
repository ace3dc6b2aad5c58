using Sharpness.Views.Charts;
using Sharpness.TestSupport.Hosting;

namespace Sharpness.Interactive.Tests.StockHost;

/// <summary>A stock host that has run the notebooks' setup cell verbatim.</summary>
public sealed class KitHostFixture : IAsyncLifetime
{
    private readonly StockHostFixture _host = new();

    public StockHostSession Session => _host.Session;

    public HostCommandResult? Setup { get; private set; }

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        Setup = await Session.SubmitCodeAsync(KitPaths.SetupCell);
        // The samples' usings and fixtures, once: later cells see them, as later notebook cells do.
        if (Setup.Succeeded) Setup = await Session.SubmitCodeAsync(NotebookSamples.Usings);
    }

    public Task DisposeAsync() => _host.DisposeAsync();
}

/// <summary>Every chart builder and formatter in the exact host VS Code uses (dotnet-interactive 1.0.712001 over
/// stdio), with the kit loaded by the notebooks' setup cell.</summary>
public sealed class StockHostKitTests(KitHostFixture host) : IClassFixture<KitHostFixture>
{
    private HostCommandResult Run(string code)
    {
        Assert.True(host.Setup is { Succeeded: true }, $"setup cell: {host.Setup}\n{string.Join("\n", host.Setup?.Errors ?? [])}");
        var result = host.Session.SubmitCode(code);
        Assert.True(result.Succeeded, $"{result}\n{string.Join("\n", result.Errors)}\ncode:\n{code}");
        return result;
    }

    [Theory]
    [MemberData(nameof(NotebookSamples.ChartNames), MemberType = typeof(NotebookSamples))]
    public void EveryChartRendersAsTextHtmlWithAPlotlyFigure(string name)
    {
        var sample = NotebookSamples.Find(name);
        string html = Run(sample.Code).Html;
        Assert.Equal(1, html.Split($"class=\"{ChartHtml.ChartClass}\"").Length - 1);
        Assert.Contains("Plotly.newPlot", html);
        var figure = Assert.Single(FigureInfo.AllInHtml(html));
        Assert.Equal(sample.TraceTypes, figure.Traces.Select(t => t.Type));
        Assert.All(figure.Traces, t => Assert.True(t.XLength > 0 || t.ZLength > 0, $"trace {t.Name} of {name} is empty"));
        Assert.False(string.IsNullOrWhiteSpace(figure.Title));
    }

    [Theory]
    [MemberData(nameof(NotebookSamples.ValueNames), MemberType = typeof(NotebookSamples))]
    public void EveryKitValueRendersWithItsFormatter(string name)
    {
        var sample = NotebookSamples.Find(name);
        var result = Run(sample.Code);
        Assert.Contains($"class=\"{sample.HtmlMarker}\"", result.Html);
        Assert.DoesNotContain("could not be formatted", result.Html);
    }

    [Fact]
    public void HostAssembliesMatchTheKitsAndTheRedirectAnswersFSharpCore()
    {
        Run(NotebookSamples.Find("xy").Code);
        string text = string.Concat(Run("""
            var env = Kit.Describe();
            Console.Write($"{env.InteractiveMatches}|{env.InteractiveLoaded}|{env.FSharpCoreLoaded}|{env.FSharpCoreCompiledAgainst}|{env.RedirectInstalled}|{env.Redirects}|"
                + string.Join(",", AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "FSharp.Core").Select(a => a.GetName().Version)));
            """).StandardOutput).Trim();
        var parts = text.Split('|');
        Assert.True(parts.Length == 7, text);
        Assert.Equal("True", parts[0]);                 // Microsoft.DotNet.Interactive: host == compiled against
        Assert.Contains("1.0.0-beta.26120.1", parts[1]);
        Assert.Equal("10.0.0.0", parts[2]);             // the host's own FSharp.Core
        Assert.Equal("10.1.0.0", parts[3]);             // what Plotly.NET asks for
        Assert.Equal("True", parts[4]);
        Assert.True(int.Parse(parts[5]) >= 1, text);    // the redirect answered at least one request
        Assert.Equal("10.0.0.0", parts[6]);             // and no second FSharp.Core was loaded
    }

    [Fact]
    public void SetupCellIsIdempotent()
    {
        Assert.True(host.Session.SubmitCode(KitPaths.SetupCell).Succeeded);
        var result = Run(NotebookSamples.Find("sharpness-result").Code);
        Assert.Equal(1, result.Html.Split("class=\"sharpness-result\"").Length - 1);
    }
}
