using Plotly.NET;

namespace Sharpness.Views.Charts;

public static partial class Charts
{
    /// <summary>How GD leaves a minimizer: the distance ‖W_k − W*‖ and the projections |⟨W_k − W*, v₁⟩| (top
    /// eigenvector) and |⟨W_k − W*, v_N⟩| (null direction) vs iteration, on a log scale by default (exponential
    /// growth is a straight line).</summary>
    /// <param name="distance">‖W_k − W*‖ per iteration.</param>
    /// <param name="projectionV1">⟨W_k − W*, v₁⟩ per iteration (absolute values are plotted on a log axis).</param>
    /// <param name="projectionVN">⟨W_k − W*, v_N⟩ per iteration, or null.</param>
    /// <param name="predictedEscapeIteration">Optional predicted escape iteration (vertical line).</param>
    /// <param name="logScale">Log y axis (absolute values) or linear (signed values).</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart EscapeProjections(IReadOnlyList<double> distance, IReadOnlyList<double> projectionV1,
        IReadOnlyList<double>? projectionVN = null, double? predictedEscapeIteration = null, bool logScale = true,
        string title = "Distance from the minimizer and projections on v₁ and v_N")
    {
        ArgumentNullException.ThrowIfNull(distance);
        ArgumentNullException.ThrowIfNull(projectionV1);
        var figure = new FigureBuilder();
        var all = new List<double>();
        void Add(IReadOnlyList<double> values, string name, TraceStyle style)
        {
            var x = Iterations(values.Count);
            var y = logScale ? values.Select(Math.Abs).ToArray() : values.ToArray();
            var keep = Enumerable.Range(0, y.Length).Where(i => !logScale || y[i] > 0).ToArray();
            figure.Line(keep.Select(i => x[i]), keep.Select(i => y[i]), name, style);
            all.AddRange(keep.Select(i => y[i]).Where(double.IsFinite));
        }
        Add(distance, "‖W_k − W*‖", TraceStyle.DataLine);
        Add(projectionV1, logScale ? "|⟨W_k − W*, v₁⟩|" : "⟨W_k − W*, v₁⟩", new TraceStyle(TraceStyle.Palette.Accent, "dash"));
        if (projectionVN is not null)
            Add(projectionVN, logScale ? "|⟨W_k − W*, v_N⟩|" : "⟨W_k − W*, v_N⟩", new TraceStyle(TraceStyle.Palette.Reference, "dot"));
        if (predictedEscapeIteration is { } k && all.Count > 0)
            figure.VerticalLine(k, all.Min(), all.Max(), $"predicted escape (k = {Formatting.Numbers.Format(k, 4)})", TraceStyle.TheoryLine);
        return figure.Build(title, Axis.Linear("iteration k"),
            logScale ? Axis.Logarithmic("distance / |projection| (log scale)") : Axis.Linear("distance / projection"));
    }
}
