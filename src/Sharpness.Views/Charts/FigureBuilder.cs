using Plotly.NET;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace Sharpness.Views.Charts;

/// <summary>
/// Collects traces and reference marks and builds one titled Plotly.NET figure. This is the only place that talks
/// to Plotly.NET's F#-flavoured API, so the chart functions (and the notebooks) stay free of FSharpOption noise.
/// </summary>
public sealed class FigureBuilder
{
    private readonly List<GenericChart> _traces = [];
    private readonly List<DynamicObj.DynamicObj> _shapes = [];

    /// <summary>Default figure size in pixels.</summary>
    public const int DefaultWidth = 760, DefaultHeight = 440;

    /// <summary>Adds a line trace (x and y of equal length; NaN/∞ points are dropped so plotly draws a gap-free line).</summary>
    public FigureBuilder Line(IEnumerable<double> x, IEnumerable<double> y, string name, TraceStyle? style = null)
    {
        var (xs, ys) = Finite(x, y, name);
        style ??= new TraceStyle();
        _traces.Add(PlotlyChart.Line<double, double, string>(xs, ys,
            ShowMarkers: style.Markers, Name: name,
            LineColor: ColorOf(style.Color), LineDash: DashOf(style.Dash), LineWidth: style.Width));
        return this;
    }

    /// <summary>Adds a marker-only trace.</summary>
    public FigureBuilder Points(IEnumerable<double> x, IEnumerable<double> y, string name, string? color = null, string symbol = "circle", double size = 8)
    {
        var (xs, ys) = Finite(x, y, name);
        var chart = PlotlyChart.Point<double, double, string>(xs, ys, Name: name,
            MarkerColor: ColorOf(color), MarkerSymbol: SymbolOf(symbol));
        foreach (var trace in GenericChart.getTraces(chart))
            if (trace.TryGetPropertyValue("marker") is { } marker && marker.Value is DynamicObj.DynamicObj m)
                m.SetProperty("size", size);
        _traces.Add(chart);
        return this;
    }

    /// <summary>A horizontal reference line y = <paramref name="y"/> from x0 to x1, drawn as a named trace (so it
    /// appears in the legend and survives export).</summary>
    public FigureBuilder HorizontalLine(double y, double x0, double x1, string name, TraceStyle style) =>
        Line([x0, x1], [y, y], name, style);

    /// <summary>A vertical reference line x = <paramref name="x"/> from y0 to y1, drawn as a named trace.</summary>
    public FigureBuilder VerticalLine(double x, double y0, double y1, string name, TraceStyle style) =>
        Line([x, x], [y0, y1], name, style);

    private bool _hasColorScale;

    /// <summary>Adds a filled contour trace of z[row = y index][column = x index].</summary>
    public FigureBuilder Contour(IReadOnlyList<double> x, IReadOnlyList<double> y, double[][] z, string name, bool showScale = true)
    {
        if (z.Length != y.Count || z.Any(row => row.Length != x.Count))
            throw new ArgumentException($"The contour grid z must be {y.Count} rows (y values) × {x.Count} columns (x values).");
        _traces.Add(PlotlyChart.Contour<double, double, double, string>(z.Select(r => (IEnumerable<double>)r), X: x.ToArray(), Y: y.ToArray(), Name: name, ShowScale: showScale));
        _hasColorScale |= showScale;
        return this;
    }

    /// <summary>A shaded vertical band x0 ≤ x ≤ x1 across the whole plot height (a layout shape).</summary>
    public FigureBuilder VerticalBand(double x0, double x1, string color = TraceStyle.Palette.Reference, double opacity = 0.15)
    {
        _shapes.Add(Dyn(("type", "rect"), ("xref", "x"), ("yref", "paper"), ("x0", x0), ("x1", x1), ("y0", 0.0), ("y1", 1.0),
            ("fillcolor", color), ("opacity", opacity), ("layer", "below"), ("line", Dyn(("width", 0.0)))));
        return this;
    }

    /// <summary>Number of traces added so far.</summary>
    public int TraceCount => _traces.Count;

    /// <summary>Builds the figure with a title and both axes; shows the legend when there are several traces.</summary>
    public GenericChart Build(string title, Axis x, Axis y, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var chart = _traces.Count == 0
            ? PlotlyChart.Line<double, double, string>([], [], Name: "(no data)")
            : PlotlyChart.Combine(_traces);
        // The layout is set as plain plotly.js properties: Plotly.NET's typed init functions need every optional
        // argument spelled out from C#, and these few keys are stable plotly.js schema.
        var layout = new Layout();
        layout.SetProperty("title", Dyn(("text", title)));
        layout.SetProperty("xaxis", AxisLayout(x));
        layout.SetProperty("yaxis", AxisLayout(y));
        layout.SetProperty("showlegend", _traces.Count > 1);
        layout.SetProperty("width", width);
        layout.SetProperty("height", height);
        layout.SetProperty("margin", Dyn(("l", 70), ("r", 30), ("t", 60), ("b", _hasColorScale ? 120 : 60)));
        // A colour scale sits where the legend would: move the legend under the plot.
        if (_hasColorScale) layout.SetProperty("legend", Dyn(("orientation", "h"), ("x", 0), ("y", -0.2), ("yanchor", "top")));
        if (_shapes.Count > 0) layout.SetProperty("shapes", _shapes.ToArray());
        return Plotly.NET.Chart.withLayout(layout).Invoke(chart);
    }

    private static DynamicObj.DynamicObj AxisLayout(Axis axis) =>
        Dyn(("title", Dyn(("text", axis.Title))), ("type", axis.Log ? "log" : "linear"), ("exponentformat", "power"));

    internal static DynamicObj.DynamicObj Dyn(params (string Key, object Value)[] properties)
    {
        var o = new DynamicObj.DynamicObj();
        foreach (var (key, value) in properties) o.SetProperty(key, value);
        return o;
    }

    private static (double[] X, double[] Y) Finite(IEnumerable<double> x, IEnumerable<double> y, string name)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(name);
        var xs = x.ToArray();
        var ys = y.ToArray();
        if (xs.Length != ys.Length)
            throw new ArgumentException($"Trace \"{name}\": x has {xs.Length} values but y has {ys.Length}.");
        var keep = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i])).ToArray();
        return (keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray());
    }

    private static Plotly.NET.CSharp.Optional<Color> ColorOf(string? hex) =>
        hex is null ? new Plotly.NET.CSharp.Optional<Color>() : Color.fromHex(hex);

    private static StyleParam.DrawingStyle DashOf(string dash) => dash switch
    {
        "solid" => StyleParam.DrawingStyle.Solid,
        "dash" => StyleParam.DrawingStyle.Dash,
        "dot" => StyleParam.DrawingStyle.Dot,
        "dashdot" => StyleParam.DrawingStyle.DashDot,
        _ => throw new ArgumentException($"Unknown dash style \"{dash}\"; use solid, dash, dot or dashdot."),
    };

    private static StyleParam.MarkerSymbol SymbolOf(string symbol) => symbol switch
    {
        "circle" => StyleParam.MarkerSymbol.Circle,
        "x" => StyleParam.MarkerSymbol.X,
        "diamond" => StyleParam.MarkerSymbol.Diamond,
        "square" => StyleParam.MarkerSymbol.Square,
        "star" => StyleParam.MarkerSymbol.Star,
        _ => throw new ArgumentException($"Unknown marker symbol \"{symbol}\"; use circle, x, diamond, square or star."),
    };
}
