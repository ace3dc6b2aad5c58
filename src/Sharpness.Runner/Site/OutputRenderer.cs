using System.Text;
using Sharpness.Runner.Execution;

namespace Sharpness.Runner.Site;

/// <summary>Renders one cell output: the richest MIME type the page can show.</summary>
public static class OutputRenderer
{
    /// <summary>MIME types in order of preference.</summary>
    public static readonly IReadOnlyList<string> Preference = new[]
    {
        "text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/latex", "application/json", "text/plain",
    };

    /// <summary>The MIME type that will be shown for <paramref name="output"/>, or null if none is supported.</summary>
    public static string? ChosenMimeType(CellOutput output) =>
        output.Kind is OutputKind.Stdout or OutputKind.Stderr or OutputKind.Error
            ? "text/plain"
            : Preference.FirstOrDefault(output.Data.ContainsKey) ?? output.Data.Keys.FirstOrDefault();

    /// <summary>HTML for one output.</summary>
    public static string Render(CellOutput output)
    {
        switch (output.Kind)
        {
            case OutputKind.Stdout:
                return $"<pre class=\"output stream stdout\">{Html.Encode(output.PlainText)}</pre>";
            case OutputKind.Stderr:
                return $"<pre class=\"output stream stderr\">{Html.Encode(output.PlainText)}</pre>";
            case OutputKind.Error:
                return $"<pre class=\"output error\">{Html.Encode(output.PlainText)}</pre>";
        }
        var mime = ChosenMimeType(output);
        if (mime is null) return "";
        var value = output.Data[mime];
        var body = mime switch
        {
            "text/html" => value,
            "image/svg+xml" => value,
            "image/png" or "image/jpeg" => $"<img alt=\"output\" src=\"data:{mime};base64,{value.Trim()}\">",
            "text/markdown" => $"<div class=\"markdown\">{MarkdownRenderer.ToHtml(value)}</div>",
            "text/latex" => $"<div class=\"markdown\">{Html.Encode(value)}</div>",
            _ => $"<pre>{Html.Encode(value)}</pre>",
        };
        var sb = new StringBuilder();
        sb.Append("<div class=\"output ").Append(output.Kind == OutputKind.ReturnValue ? "result" : "display")
          .Append("\" data-mime=\"").Append(Html.Encode(mime)).Append("\">").Append(body).Append("</div>");
        return sb.ToString();
    }

    /// <summary>True for an output that carries a chart the page must draw with plotly.js.</summary>
    public static bool NeedsPlotly(CellOutput output) =>
        output.Data.TryGetValue("text/html", out var html)
        && (html.Contains("sharpness-chart", StringComparison.Ordinal) || html.Contains("Plotly", StringComparison.Ordinal));

    /// <summary>Number of chart elements (class <c>sharpness-chart</c>) in the output.</summary>
    public static int ChartCount(CellOutput output) =>
        output.Data.TryGetValue("text/html", out var html)
            ? System.Text.RegularExpressions.Regex.Matches(html, @"class\s*=\s*""[^""]*\bsharpness-chart\b").Count
            : 0;
}
