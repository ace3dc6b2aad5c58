using Plotly.NET;

namespace Sharpness.Views.Charts;

public static partial class Charts
{
    /// <summary>A loss contour map in the plane W* + a·v₁ + b·v_N with GD paths overlaid (each path given by its
    /// coordinates (a_k, b_k) in that plane).</summary>
    /// <param name="a">Grid coordinates along v₁ (columns).</param>
    /// <param name="b">Grid coordinates along v_N (rows).</param>
    /// <param name="loss">loss[row j][column i] = 𝓛(W* + a_i v₁ + b_j v_N).</param>
    /// <param name="paths">GD paths as (name, a_k, b_k) series, or null.</param>
    /// <param name="logLoss">Contour log₁₀(loss) (zero loss becomes the smallest positive value on the grid).</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart LossContour(IReadOnlyList<double> a, IReadOnlyList<double> b, double[][] loss,
        IEnumerable<Series>? paths = null, bool logLoss = true, string title = "Loss in the (v₁, v_N) plane with GD paths")
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(loss);
        double floor = loss.SelectMany(r => r).Where(v => v > 0 && double.IsFinite(v)).DefaultIfEmpty(1).Min();
        var z = logLoss ? loss.Select(r => r.Select(v => Math.Log10(Math.Max(v, floor))).ToArray()).ToArray() : loss;
        var figure = new FigureBuilder().Contour(a, b, z, logLoss ? "log₁₀ loss" : "loss");
        string[] colors = [TraceStyle.Palette.Accent, TraceStyle.Palette.Theory, TraceStyle.Palette.Threshold, "#ffffff", TraceStyle.Palette.Reference];
        int n = 0;
        foreach (var path in paths ?? [])
            figure.Line(path.X, path.Y, path.Name, path.Style ?? new TraceStyle(colors[n++ % colors.Length], Markers: true));
        return figure.Build(title, Axis.Linear("coefficient on v₁ (top eigenvector)"), Axis.Linear("coefficient on v_N (null direction)"),
            height: 560);
    }
}
