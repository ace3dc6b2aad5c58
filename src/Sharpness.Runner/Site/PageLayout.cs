using System.Text;

namespace Sharpness.Runner.Site;

/// <summary>The HTML skeleton shared by all pages: stylesheet, KaTeX, and plotly.js when the page has charts.</summary>
internal static class PageLayout
{
    public static string Wrap(string title, string body, bool inlinePlotly)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(Html.Encode(title)).Append("</title>\n")
          .Append("<link rel=\"stylesheet\" href=\"assets/site.css\">\n")
          .Append("<link rel=\"stylesheet\" href=\"").Append(SiteAssets.KatexFolder).Append("/katex.min.css\">\n");
        if (inlinePlotly)
        {
            // Inlined once per page, before any output, so every chart script finds window.Plotly (offline).
            sb.Append("<script>").Append(SiteAssets.PlotlyInlineScript).Append("</script>\n");
        }
        sb.Append("</head>\n<body>\n").Append(body).Append('\n')
          .Append("<script src=\"").Append(SiteAssets.KatexFolder).Append("/katex.min.js\"></script>\n")
          .Append("<script src=\"").Append(SiteAssets.KatexFolder).Append("/contrib/auto-render.min.js\"></script>\n")
          .Append("<script>\n").Append(KatexBoot).Append("\n</script>\n")
          .Append("</body>\n</html>\n");
        return sb.ToString();
    }

    // Only markdown is typeset: code cells and text outputs may legitimately contain "$" or "\(".
    private const string KatexBoot = """
        document.querySelectorAll('.markdown').forEach(function (el) {
          renderMathInElement(el, {
            delimiters: [
              { left: '$$', right: '$$', display: true },
              { left: '\\[', right: '\\]', display: true },
              { left: '\\(', right: '\\)', display: false }
            ],
            throwOnError: false
          });
        });
        """;

    public const string Stylesheet = """
        :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --code-bg: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1100px; padding: 24px; color: var(--fg);
               font: 16px/1.55 -apple-system, "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
        a { color: #0969da; }
        nav.top { font-size: 14px; margin-bottom: 16px; color: var(--muted); }
        h1, h2, h3 { line-height: 1.25; }
        table { border-collapse: collapse; margin: 12px 0; }
        th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: var(--code-bg); }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .status-passed { color: var(--ok); font-weight: 600; }
        .status-failed { color: var(--bad); font-weight: 600; }
        .banner { border: 1px solid var(--bad); background: #ffebe9; padding: 10px 14px; border-radius: 6px; margin: 12px 0; }
        .cell { margin: 14px 0; }
        .cell.code { border-left: 3px solid var(--line); padding-left: 12px; }
        .cell.code.failed { border-left-color: var(--bad); }
        .cell.code.not-run { opacity: 0.55; }
        .prompt { font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; color: var(--muted); margin-bottom: 4px; }
        pre { margin: 0; padding: 10px 12px; overflow-x: auto; background: var(--code-bg); border-radius: 6px;
              font: 13px/1.45 ui-monospace, Menlo, Consolas, "Liberation Mono", monospace; white-space: pre; }
        pre.source { border: 1px solid var(--line); }
        .output { margin-top: 6px; overflow-x: auto; }
        pre.output, .output pre { background: #fff; border: 1px dashed var(--line); }
        pre.stderr { background: #fff8c5; }
        pre.error { background: #ffebe9; border-color: var(--bad); color: var(--bad); white-space: pre-wrap; }
        .katex-display { overflow-x: auto; overflow-y: hidden; }
        .sharpness-chart { width: 100%; min-height: 300px; }
        .output .sharpness-chart { display: block; }
        """;
}
