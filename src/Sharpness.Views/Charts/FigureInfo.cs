using System.Text.Json.Nodes;
using Plotly.NET;

namespace Sharpness.Views.Charts;

/// <summary>One trace of a figure, as the kit's tests and the runner see it.</summary>
/// <param name="Type">The plotly trace type ("scatter", "contour", …).</param>
/// <param name="Name">The legend name, or null.</param>
/// <param name="Mode">The scatter mode ("lines", "markers", "lines+markers"), or null.</param>
/// <param name="XLength">Number of x values (0 when absent).</param>
/// <param name="YLength">Number of y values (0 when absent).</param>
/// <param name="ZLength">Number of z rows (0 when absent).</param>
/// <param name="Dash">The line dash style, or null.</param>
/// <param name="Fill">The fill mode, or null.</param>
/// <param name="X">The x values that are numbers.</param>
/// <param name="Y">The y values that are numbers.</param>
public sealed record TraceInfo(string Type, string? Name, string? Mode, int XLength, int YLength, int ZLength,
    string? Dash, string? Fill, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>One layout shape (a line or rectangle drawn over the plot).</summary>
public sealed record ShapeInfo(string Type, double? X0, double? X1, double? Y0, double? Y1, string? XRef, string? YRef);

/// <summary>An axis: its title and scale type ("linear" when unset, "log").</summary>
public sealed record AxisInfo(string? Title, string Type);

/// <summary>
/// A figure-level view of a chart for tests: trace types and lengths, reference lines, titles, axes.
/// Built from the figure JSON (the same JSON the chart HTML carries), never from the HTML markup.
/// </summary>
public sealed record FigureInfo(string? Title, AxisInfo XAxis, AxisInfo YAxis, IReadOnlyList<TraceInfo> Traces,
    IReadOnlyList<ShapeInfo> Shapes, bool? ShowLegend)
{
    /// <summary>Inspects a Plotly.NET chart.</summary>
    public static FigureInfo Of(GenericChart chart) => FromJson(ChartHtml.FigureJson(chart));

    /// <summary>Inspects a figure JSON <c>{"data":[…],"layout":{…}}</c>.</summary>
    public static FigureInfo FromJson(string figureJson)
    {
        ArgumentNullException.ThrowIfNull(figureJson);
        var figure = JsonNode.Parse(figureJson) as JsonObject
            ?? throw new ArgumentException("The figure JSON is not an object.", nameof(figureJson));
        var layout = figure["layout"] as JsonObject ?? new JsonObject();
        var traces = (figure["data"] as JsonArray ?? []).OfType<JsonObject>().Select(ReadTrace).ToList();
        var shapes = (layout["shapes"] as JsonArray ?? []).OfType<JsonObject>().Select(ReadShape).ToList();
        bool? showLegend = layout["showlegend"] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
        return new FigureInfo(TitleText(layout["title"]), ReadAxis(layout["xaxis"]), ReadAxis(layout["yaxis"]), traces, shapes, showLegend);
    }

    /// <summary>Every figure carried by a piece of chart HTML (the JSON script elements of the contract).</summary>
    public static IReadOnlyList<FigureInfo> AllInHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var result = new List<FigureInfo>();
        string open = $"class=\"{ChartHtml.FigureClass}\"";
        int at = 0;
        while ((at = html.IndexOf(open, at, StringComparison.Ordinal)) >= 0)
        {
            int start = html.IndexOf('>', at) + 1;
            int end = html.IndexOf("</script>", start, StringComparison.Ordinal);
            if (start <= 0 || end < 0) break;
            result.Add(FromJson(html[start..end]));
            at = end;
        }
        return result;
    }

    /// <summary>The traces with the given legend name.</summary>
    public IEnumerable<TraceInfo> Named(string name) => Traces.Where(t => t.Name == name);

    private static TraceInfo ReadTrace(JsonObject t) => new(
        Type: Str(t["type"]) ?? "scatter",
        Name: Str(t["name"]),
        Mode: Str(t["mode"]),
        XLength: (t["x"] as JsonArray)?.Count ?? 0,
        YLength: (t["y"] as JsonArray)?.Count ?? 0,
        ZLength: (t["z"] as JsonArray)?.Count ?? 0,
        Dash: Str(t["line"]?["dash"]),
        Fill: Str(t["fill"]),
        X: Numbers(t["x"]),
        Y: Numbers(t["y"]));

    private static ShapeInfo ReadShape(JsonObject s) =>
        new(Str(s["type"]) ?? "", Num(s["x0"]), Num(s["x1"]), Num(s["y0"]), Num(s["y1"]), Str(s["xref"]), Str(s["yref"]));

    private static AxisInfo ReadAxis(JsonNode? axis) => new(TitleText(axis?["title"]), Str(axis?["type"]) ?? "linear");

    private static string? TitleText(JsonNode? title) => title switch
    {
        JsonValue v => Str(v),
        JsonObject o => Str(o["text"]),
        _ => null,
    };

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double? Num(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static IReadOnlyList<double> Numbers(JsonNode? node) =>
        node is JsonArray a ? a.Select(Num).Where(d => d.HasValue).Select(d => d!.Value).ToList() : [];
}
