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
    private readonly List<string?> _groups = [];
    private readonly List<DynamicObj.DynamicObj> _shapes = [];
    private int _panel = 1;
    private string? _group;
    private string? _sliderPrefix;

    /// <summary>Default figure height in pixels. The width is not fixed: figures fill the column they are shown in
    /// (plotly.js autosize with the responsive config), in the site and in the notebook hosts.</summary>
    public const int DefaultHeight = 460;

    /// <summary>Width that means "fill the container" (the default of <see cref="Build"/>).</summary>
    public const int Responsive = 0;

    /// <summary>Traces added from now on go to panel 1 (left) or 2 (right) of a two-panel figure
    /// (see <see cref="Build"/>'s <c>secondX</c>); both panels share the y axis.</summary>
    public FigureBuilder Panel(int panel)
    {
        if (panel is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(panel), panel, "A figure has panel 1 (left) or 2 (right).");
        _panel = panel;
        return this;
    }

    /// <summary>Traces added from now on belong to the slider step <paramref name="label"/> (shown only while that step
    /// is selected); <c>null</c> means "shown at every step". Steps appear in the order their labels are first used.
    /// The slider itself is added by <see cref="Slider"/>; it works in plotly.js alone (no kernel), offline.</summary>
    public FigureBuilder Group(string? label)
    {
        _group = label;
        return this;
    }

    /// <summary>Adds a slider over the groups declared with <see cref="Group"/>; <paramref name="prefix"/> is shown
    /// before the selected step's label (e.g. "c = ").</summary>
    public FigureBuilder Slider(string prefix, IReadOnlyDictionary<string, IReadOnlyList<double>>? xRangeByStep = null)
    {
        _sliderPrefix = prefix ?? throw new ArgumentNullException(nameof(prefix));
        _sliderRanges = xRangeByStep;
        return this;
    }

    private IReadOnlyDictionary<string, IReadOnlyList<double>>? _sliderRanges;

    private void Add(GenericChart chart)
    {
        foreach (var trace in GenericChart.getTraces(chart))
        {
            if (_panel == 2) trace.SetProperty("xaxis", "x2");
            if (_group is not null && trace.TryGetPropertyValue("legendgroup") is null) trace.SetProperty("legendgroup", _group);
        }
        _traces.Add(chart);
        _groups.Add(_group);
    }

    /// <summary>Adds a line trace (x and y of equal length; NaN/∞ points are dropped so plotly draws a gap-free line).</summary>
    public FigureBuilder Line(IEnumerable<double> x, IEnumerable<double> y, string name, TraceStyle? style = null,
        bool showInLegend = true, string? legendGroup = null)
    {
        var (xs, ys) = Finite(x, y, name);
        style ??= new TraceStyle();
        var chart = PlotlyChart.Line<double, double, string>(xs, ys,
            ShowMarkers: style.Markers, Name: name,
            LineColor: ColorOf(style.Color), LineDash: DashOf(style.Dash), LineWidth: style.Width);
        Legend(chart, showInLegend, legendGroup);
        Add(chart);
        return this;
    }

    private static void Legend(GenericChart chart, bool show, string? group)
    {
        foreach (var trace in GenericChart.getTraces(chart))
        {
            if (!show) trace.SetProperty("showlegend", false);
            if (group is not null) trace.SetProperty("legendgroup", group);
        }
    }

    /// <summary>Adds a marker-only trace.</summary>
    public FigureBuilder Points(IEnumerable<double> x, IEnumerable<double> y, string name, string? color = null, string symbol = "circle", double size = 8,
        bool showInLegend = true, string? legendGroup = null)
    {
        var (xs, ys) = Finite(x, y, name);
        var chart = PlotlyChart.Point<double, double, string>(xs, ys, Name: name,
            MarkerColor: ColorOf(color), MarkerSymbol: SymbolOf(symbol));
        foreach (var trace in GenericChart.getTraces(chart))
            if (trace.TryGetPropertyValue("marker") is { } marker && marker.Value is DynamicObj.DynamicObj m)
                m.SetProperty("size", size);
        Legend(chart, showInLegend, legendGroup);
        Add(chart);
        return this;
    }

    /// <summary>A horizontal reference line y = <paramref name="y"/> from x0 to x1, drawn as a named trace (so it
    /// appears in the legend and survives export).</summary>
    public FigureBuilder HorizontalLine(double y, double x0, double x1, string name, TraceStyle style) =>
        Line([x0, x1], [y, y], name, style);

    /// <summary>A vertical reference line x = <paramref name="x"/> from y0 to y1, drawn as a named trace.</summary>
    public FigureBuilder VerticalLine(double x, double y0, double y1, string name, TraceStyle style) =>
        Line([x, x], [y0, y1], name, style);

    /// <summary>Adds a filled contour trace of z[row = y index][column = x index].</summary>
    public FigureBuilder Contour(IReadOnlyList<double> x, IReadOnlyList<double> y, double[][] z, string name, bool showScale = true)
    {
        if (z.Length != y.Count || z.Any(row => row.Length != x.Count))
            throw new ArgumentException($"The contour grid z must be {y.Count} rows (y values) × {x.Count} columns (x values).");
        Add(PlotlyChart.Contour<double, double, double, string>(z.Select(r => (IEnumerable<double>)r), X: x.ToArray(), Y: y.ToArray(), Name: name, ShowScale: showScale));
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

    /// <summary>Builds the figure with a title and both axes; shows the legend (below the plot) when there are several
    /// traces. <paramref name="width"/> = <see cref="Responsive"/> (the default) fills the container; with
    /// <paramref name="secondX"/> the figure has two panels side by side sharing the y axis (see <see cref="Panel"/>).</summary>
    public GenericChart Build(string title, Axis x, Axis y, int width = Responsive, int height = DefaultHeight, Axis? secondX = null)
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
        var xLayout = AxisLayout(x);
        if (secondX is not null)
        {
            xLayout.SetProperty("domain", new[] { 0.0, 0.47 });
            var x2 = AxisLayout(secondX);
            x2.SetProperty("domain", new[] { 0.53, 1.0 });
            x2.SetProperty("anchor", "y");
            layout.SetProperty("xaxis2", x2);
        }
        layout.SetProperty("xaxis", xLayout);
        layout.SetProperty("yaxis", AxisLayout(y));
        int legendEntries = LegendEntries();
        layout.SetProperty("showlegend", legendEntries > 1);
        if (width > 0) layout.SetProperty("width", width);
        else layout.SetProperty("autosize", true);
        layout.SetProperty("height", height);
        layout.SetProperty("margin", Dyn(("l", 70), ("r", 30), ("t", 60), ("b", 60)));
        // Legends go below the plot (or above it when a slider takes the space below), never to the right: a legend
        // on the right takes a third of a notebook column away from the plot area.
        layout.SetProperty("legend", _sliderPrefix is null
            ? Dyn(("orientation", "h"), ("x", 0), ("xanchor", "left"), ("y", -0.16), ("yanchor", "top"))
            : Dyn(("orientation", "h"), ("x", 0), ("xanchor", "left"), ("y", 1.02), ("yanchor", "bottom")));
        if (_sliderPrefix is not null) AddSlider(chart, layout);
        if (_shapes.Count > 0) layout.SetProperty("shapes", _shapes.ToArray());
        return Plotly.NET.Chart.withLayout(layout).Invoke(chart);
    }

    private int LegendEntries() => _groups.Any(g => g is not null) ? _groups.Distinct().Count() : _traces.Count;

    private void AddSlider(GenericChart chart, Layout layout)
    {
        var traces = GenericChart.getTraces(chart).ToArray();
        var groups = _traces.SelectMany((t, i) => GenericChart.getTraces(t).Select(_ => _groups[i])).ToArray();
        if (groups.Length != traces.Length) throw new InvalidOperationException("Slider groups and traces are out of step.");
        var labels = groups.Where(g => g is not null).Distinct().ToArray();
        if (labels.Length == 0) throw new InvalidOperationException("A slider needs traces added under Group(label).");
        for (int i = 0; i < traces.Length; i++)
        {
            traces[i].SetProperty("visible", groups[i] is null || groups[i] == labels[0]);
            // One legend entry per trace kind, not per step: the legend shows what is visible.
        }
        // "update" restyles the traces and, when given, moves the first x axis to the step's range (e.g. its escape).
        var steps = labels.Select(label => Dyn(("label", label!), ("method", "update"),
            ("args", new object[]
            {
                Dyn(("visible", groups.Select(g => g is null || g == label).ToArray())),
                _sliderRanges is not null && _sliderRanges.TryGetValue(label!, out var range) ? Dyn(("xaxis.range", range.ToArray())) : Dyn(),
            }))).ToArray();
        layout.SetProperty("sliders", new[]
        {
            Dyn(("active", 0), ("currentvalue", Dyn(("prefix", _sliderPrefix!), ("visible", true))), ("pad", Dyn(("t", 50))),
                ("steps", steps)),
        });
    }

    private static DynamicObj.DynamicObj AxisLayout(Axis axis)
    {
        var a = Dyn(("title", Dyn(("text", axis.Title))), ("type", axis.Log ? "log" : "linear"), ("exponentformat", "power"), ("automargin", true));
        if (axis.Range is { Count: 2 } range) a.SetProperty("range", range.ToArray());
        if (axis.Ticks is { Count: > 0 } ticks)
        {
            a.SetProperty("tickmode", "array");
            a.SetProperty("tickvals", ticks.ToArray());
            a.SetProperty("ticktext", axis.TickLabels is { } labels && labels.Count == ticks.Count
                ? labels.ToArray() : ticks.Select(t => Formatting.Numbers.Format(t, 3)).ToArray());
        }
        return a;
    }

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
