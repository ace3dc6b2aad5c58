using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Plotly.NET;

namespace Sharpness.Views.Charts;

/// <summary>
/// Turns Plotly.NET charts into the kit's chart HTML: a notebook fragment per figure and self-contained pages.
/// </summary>
/// <remarks>
/// <para><b>The chart-HTML contract</b> (the runner's static site relies on it):</para>
/// <list type="bullet">
/// <item>Each figure is one <c>&lt;div class="sharpness-chart" id="…"&gt;</c>, followed by
/// <c>&lt;script type="application/json" class="sharpness-figure" data-chart="…"&gt;</c> holding the figure as
/// JSON (<c>{"data":[…],"layout":{…},"config":{…}}</c>, <c>&lt;/</c> escaped) and a drawing script.</item>
/// <item>The drawing script draws with <c>window.Plotly</c> when it exists (a page that inlined plotly.js once,
/// such as <see cref="Page(IEnumerable{GenericChart}, string)"/> or the static site). Otherwise it loads plotly.js
/// <see cref="PlotlyJsVersion"/> from <see cref="PlotlyCdnUrl"/>: through an existing require.js (Jupyter), or by
/// first loading require.js from the CDN (VS Code notebooks), as Plotly.NET's own notebook output does.</item>
/// <item>Nothing in the fragment needs the network when <c>window.Plotly</c> is already defined.</item>
/// </list>
/// </remarks>
public static class ChartHtml
{
    /// <summary>CSS class of the element each figure is drawn into.</summary>
    public const string ChartClass = "sharpness-chart";

    /// <summary>CSS class of the JSON script element that carries each figure.</summary>
    public const string FigureClass = "sharpness-figure";

    private const string RequireJsUrl = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js";

    /// <summary>The plotly.js version bundled with Plotly.NET (and used from the CDN).</summary>
    public static string PlotlyJsVersion => Globals.PLOTLYJS_VERSION;

    /// <summary>The CDN address of plotly.js, without the ".js" suffix (require.js style).</summary>
    public static string PlotlyCdnUrl => $"https://cdn.plot.ly/plotly-{PlotlyJsVersion}.min";

    private static readonly Lazy<string> BundledPlotlyJs = new(ReadBundledPlotlyJs);

    /// <summary>The minified plotly.js source embedded in Plotly.NET (no network), ≈3.6 MB.</summary>
    public static string PlotlyJsSource() => BundledPlotlyJs.Value;

    /// <summary>The figure as JSON: <c>{"data":[…],"layout":{…},"config":{…}}</c>.</summary>
    public static string FigureJson(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        var result = new JsonObject
        {
            ["data"] = figure["data"]?.DeepClone() ?? new JsonArray(),
            ["layout"] = figure["layout"]?.DeepClone() ?? new JsonObject(),
            ["config"] = JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(GenericChart.getConfig(chart))) ?? new JsonObject(),
        };
        // Figures without a fixed width fill their container and follow it when it resizes.
        if (result["config"] is JsonObject config && config["responsive"] is null) config["responsive"] = true;
        // Plotly.NET's default layout carries a fixed width (600 px); a figure built to fill its container drops it.
        if (result["layout"] is JsonObject layout && layout["autosize"] is JsonValue auto && auto.TryGetValue<bool>(out var fill) && fill)
            layout.Remove("width");
        return result.ToJsonString();
    }

    /// <summary>The notebook output for one chart (see the contract in the remarks).</summary>
    public static string Fragment(GenericChart chart) => FragmentFromFigureJson(FigureJson(chart));

    /// <summary>The notebook output for a figure given as JSON <c>{"data","layout","config"}</c>.</summary>
    public static string FragmentFromFigureJson(string figureJson)
    {
        ArgumentNullException.ThrowIfNull(figureJson);
        string id = "sharpness-chart-" + Guid.NewGuid().ToString("N");
        // "</" inside a script element would end it early; "<\/" is the same string in JSON.
        string safeJson = figureJson.Replace("</", "<\\/", StringComparison.Ordinal);
        var html = new StringBuilder();
        html.Append("<div class=\"").Append(ChartClass).Append("\" id=\"").Append(id).Append("\" style=\"width:100%\"></div>\n");
        html.Append("<script type=\"application/json\" class=\"").Append(FigureClass).Append("\" data-chart=\"").Append(id).Append("\">")
            .Append(safeJson).Append("</script>\n");
        html.Append("<script type=\"text/javascript\">\n(function () {\n");
        html.Append("  var id = '").Append(id).Append("';\n");
        html.Append("  var figure = JSON.parse(document.querySelector('script[data-chart=\"' + id + '\"]').textContent);\n");
        html.Append("  function draw(Plotly) { Plotly.newPlot(id, figure.data, figure.layout, figure.config); }\n");
        html.Append("  if (window.Plotly) { draw(window.Plotly); return; }\n");
        html.Append("  function viaRequire() {\n");
        html.Append("    var load = requirejs.config({ context: 'sharpness-plotly', paths: { plotly: '").Append(PlotlyCdnUrl).Append("' } }) || require;\n");
        html.Append("    load(['plotly'], draw);\n  }\n");
        html.Append("  if (typeof requirejs === 'function' && typeof requirejs.config === 'function') { viaRequire(); return; }\n");
        html.Append("  var script = document.createElement('script');\n");
        html.Append("  script.setAttribute('charset', 'utf-8');\n");
        html.Append("  script.setAttribute('src', '").Append(RequireJsUrl).Append("');\n");
        html.Append("  script.onload = viaRequire;\n");
        html.Append("  document.getElementsByTagName('head')[0].appendChild(script);\n");
        html.Append("})();\n</script>");
        return html.ToString();
    }

    /// <summary>A self-contained HTML page (plotly.js inlined once, no network) showing the charts in order.</summary>
    public static string Page(IEnumerable<GenericChart> charts, string title)
    {
        ArgumentNullException.ThrowIfNull(charts);
        return PageFromFragments(charts.Select(Fragment), title);
    }

    /// <summary>A self-contained HTML page for one chart.</summary>
    public static string Page(GenericChart chart, string? title = null) =>
        Page([chart], title ?? FigureInfo.Of(chart).Title ?? "Chart");

    /// <summary>A self-contained page around already rendered fragments (e.g. notebook outputs).</summary>
    public static string PageFromFragments(IEnumerable<string> fragments, string title)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(WebUtility.HtmlEncode(title ?? "")).Append("</title>\n");
        html.Append(PlotlyScriptElement()).Append("\n</head>\n<body>\n");
        foreach (var fragment in fragments) html.Append(fragment).Append('\n');
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A script element that defines <c>window.Plotly</c> from the bundled plotly.js; put it once per page,
    /// before the first chart.</summary>
    public static string PlotlyScriptElement() =>
        "<script type=\"text/javascript\">" + PlotlyJsSource().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "</script>";

    private static string ReadBundledPlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames()
            .Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Plotly.NET's embedded resource {name} could not be opened.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
