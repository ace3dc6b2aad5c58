using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Sharpness.Runner.Site;

/// <summary>
/// Markdown → HTML with Markdig. Math (<c>$…$</c>, <c>$$…$$</c>) comes out as <c>\(…\)</c> / <c>\[…\]</c> inside
/// elements of class <c>math</c>; KaTeX's auto-render typesets it in the browser, offline. Links between notebooks
/// (<c>NN-name.ipynb</c>, relative, same folder) point to their pages (<c>NN-name.html</c>) on the site.
/// </summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseMathematics()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .UseFootnotes()
        .UseAutoIdentifiers()
        .Build();

    /// <summary>Renders a markdown cell.</summary>
    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
            link.Url = SitePageUrl(link.Url);
        // "$$…$$" inside a paragraph (the usual notebook style) is display math, not inline math: typeset it as \[…\],
        // or KaTeX sets it inline and long equations break across lines.
        foreach (var math in document.Descendants<Markdig.Extensions.Mathematics.MathInline>().Where(m => m.DelimiterCount >= 2).ToList())
            math.ReplaceBy(new HtmlInline("<span class=\"math display\">\\[" + System.Net.WebUtility.HtmlEncode(math.Content.ToString()) + "\\]</span>"));
        return document.ToHtml(Pipeline);
    }

    /// <summary>A relative link to a sibling notebook becomes a link to its page; anything else is kept.</summary>
    internal static string? SitePageUrl(string? url)
    {
        if (url is null || url.Contains("://", StringComparison.Ordinal) || url.Contains('/', StringComparison.Ordinal)) return url;
        int hash = url.IndexOf('#', StringComparison.Ordinal);
        string path = hash < 0 ? url : url[..hash], fragment = hash < 0 ? "" : url[hash..];
        return path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) ? path[..^".ipynb".Length] + ".html" + fragment : url;
    }
}
