using System.Text.RegularExpressions;
using Sharpness.Notebooks.Tests.Runner;

namespace Sharpness.Notebooks.Tests.Site;

/// <summary>The static site's structure (the browser test checks that it actually renders).</summary>
[Collection(MainRunCollection.Name)]
public sealed class SiteTests(MainRunFixture fixture)
{
    private string Page(string name) => File.ReadAllText(Path.Combine(fixture.SiteDirectory, name));

    [Fact]
    public void The_index_has_contents_and_a_summary_that_names_the_failure()
    {
        var index = Page("index.html");
        Assert.Contains("<h1>Sharpness notebooks</h1>", index);
        Assert.Contains("<a href=\"basics.html\">Basics</a>", index);
        Assert.Contains("<a href=\"failing.html\">Failing</a>", index);
        Assert.Contains("<a href=\"kit.html\">Kit</a>", index);
        Assert.Contains("1 of 3 notebooks failed", index);
        Assert.Matches(new Regex("<tr class=\"failed\"><td><a href=\"failing.html\">failing</a></td><td class=\"num\">3 / 4</td>.*failed: cell 4"), index);
        Assert.Matches(new Regex("<tr class=\"passed\"><td><a href=\"basics.html\">basics</a></td><td class=\"num\">9 / 9</td>.*<td class=\"num\">2 / 2</td></tr>"), index);
    }

    [Fact]
    public void Plotly_is_inlined_once_on_pages_with_charts_and_not_elsewhere()
    {
        // The bundled library announces its version once in its header comment.
        const string plotlyHeader = "plotly.js v2.28.0";
        Assert.Single(Regex.Matches(Page("basics.html"), Regex.Escape(plotlyHeader)));
        Assert.Equal(2, Regex.Matches(Page("basics.html"), "class=\"sharpness-chart\"").Count);
        Assert.DoesNotContain(plotlyHeader, Page("failing.html"));
        Assert.DoesNotContain(plotlyHeader, Page("index.html"));
    }

    [Fact]
    public void Markdown_is_rendered_with_math_left_for_katex()
    {
        var page = Page("basics.html");
        Assert.Contains("<h1 id=\"basics\">Basics</h1>", page);
        Assert.Contains("<span class=\"math\">\\(\\lambda_{\\max} = \\|W\\|_2^2\\)</span>", page);
        Assert.Contains("<table>", page);
        Assert.Contains("assets/katex/katex.min.js", page);
    }

    [Fact]
    public void Code_is_escaped_and_nothing_loads_from_the_network()
    {
        var page = Page("basics.html");
        Assert.Contains("display(&quot;displayed text&quot;);", page);
        // Elements that would fetch something (plotly.js itself mentions URLs in its code; those are not requests).
        var remote = new Regex("<(script|link|img|iframe)\\b[^>]*\\b(src|href)=\"(https?:)?//");
        Assert.DoesNotMatch(remote, page);
        Assert.DoesNotMatch(remote, Page("index.html"));
    }

    [Fact]
    public void Vendored_katex_stays_small_and_complete()
    {
        var katex = Path.Combine(fixture.SiteDirectory, "assets", "katex");
        var files = Directory.GetFiles(katex, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("auto-render.min.js"));
        Assert.Contains(files, f => f.EndsWith("KaTeX_Main-Regular.woff2"));
        Assert.InRange(files.Sum(f => new FileInfo(f).Length), 1, 1_000_000);
        // Every woff2 font the stylesheet asks for is there (the browser picks woff2 first).
        var css = File.ReadAllText(Path.Combine(katex, "katex.min.css"));
        foreach (Match m in Regex.Matches(css, @"url\(fonts/([^)]+\.woff2)\)"))
            Assert.True(File.Exists(Path.Combine(katex, "fonts", m.Groups[1].Value)), m.Groups[1].Value);
    }
}
