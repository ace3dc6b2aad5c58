using Sharpness.Runner.Site;

namespace Sharpness.Notebooks.Tests.Site;

/// <summary>Navigation between notebooks must work on the site: sibling .ipynb links point to the pages.</summary>
public sealed class MarkdownLinkTests
{
    [Fact]
    public void Sibling_notebook_links_become_page_links()
    {
        var html = MarkdownRenderer.ToHtml("[← prev](01-setup.ipynb) · [next](03-x.ipynb#top) · [site](https://example.org/a.ipynb) · [data](data/x.ipynb) · [doc](README.md)");
        Assert.Contains("href=\"01-setup.html\"", html);
        Assert.Contains("href=\"03-x.html#top\"", html);
        Assert.Contains("href=\"https://example.org/a.ipynb\"", html);
        Assert.Contains("href=\"data/x.ipynb\"", html);
        Assert.Contains("href=\"README.md\"", html);
    }

    [Fact]
    public void Math_still_renders_for_katex()
    {
        var html = MarkdownRenderer.ToHtml("Inline $x^2$ and [a link](00-start-here.ipynb).");
        Assert.Contains("class=\"math\"", html);
        Assert.Contains("00-start-here.html", html);
    }
}
