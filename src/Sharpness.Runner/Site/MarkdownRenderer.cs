using Markdig;

namespace Sharpness.Runner.Site;

/// <summary>
/// Markdown → HTML with Markdig. Math (<c>$…$</c>, <c>$$…$$</c>) comes out as <c>\(…\)</c> / <c>\[…\]</c> inside
/// elements of class <c>math</c>; KaTeX's auto-render typesets it in the browser, offline.
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
    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);
}
