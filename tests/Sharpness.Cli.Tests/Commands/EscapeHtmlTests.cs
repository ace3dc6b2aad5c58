using System.Text.Json;
using System.Text.RegularExpressions;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.Views.Charts;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

public class EscapeHtmlTests
{
    [Fact]
    public void Html_page_is_self_contained_with_the_charts_of_the_run()
    {
        using var dir = new TempDir();
        string page = dir.File("run.html");
        var j = Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--c", "1.1", "--json", "--html", page]).Json();
        Assert.Equal(page, j.GetProperty("html").GetString());
        string html = File.ReadAllText(page);

        // plotly.js is inlined (the bundled source, not a CDN script tag), so the page works offline.
        Assert.Contains(ChartHtml.PlotlyJsSource()[..200], html);
        Assert.DoesNotContain("<script src=", html);

        var figures = Regex.Matches(html, "<script type=\"application/json\" class=\"sharpness-figure\"[^>]*>(.*?)</script>", RegexOptions.Singleline)
            .Select(m => JsonDocument.Parse(m.Groups[1].Value.Replace("<\\/", "</")).RootElement)
            .ToArray();
        Assert.Equal(2, figures.Length);
        // The loss chart has one point per visited iterate (0..iterations): the run is short enough to keep them all.
        var lossTrace = figures[0].GetProperty("data")[0];
        Assert.Equal(j.GetProperty("iterations").GetInt32() + 1, lossTrace.GetProperty("x").GetArrayLength());
        // Both charts mark the predicted escape iteration of this run.
        foreach (var f in figures)
            Assert.Contains(f.GetProperty("data").EnumerateArray(), t => (t.GetProperty("name").GetString() ?? "").Contains("escape"));
    }

    [Fact]
    public void Unwritable_html_path_fails_before_the_run()
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--c", "1.1", "--html", dir.File("no/such/folder/run.html")]),
            ExitCodes.OutputUnwritable, "does not exist");
        Cli.AssertFails(Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--c", "1.1", "--html", dir.Path]),
            ExitCodes.OutputUnwritable, "directory");
    }
}
