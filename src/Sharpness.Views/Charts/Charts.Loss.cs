using Plotly.NET;

namespace Sharpness.Views.Charts;

public static partial class Charts
{
    /// <summary>Loss vs iteration on a log scale, with the predicted escape iteration marked by a vertical line.</summary>
    /// <param name="loss">𝓛(W_k) for k = 0, 1, …; non-positive values cannot be drawn on a log axis and are left out.</param>
    /// <param name="predictedEscapeIteration">The iteration where theory predicts the escape, or null.</param>
    /// <param name="title">The chart title.</param>
    /// <param name="name">Legend name of the loss curve.</param>
    public static GenericChart LossCurve(IReadOnlyList<double> loss, double? predictedEscapeIteration = null,
        string title = "Loss along gradient descent", string name = "loss 𝓛(W_k)")
    {
        ArgumentNullException.ThrowIfNull(loss);
        return LossCurves([new Series(name, Iterations(loss.Count), loss)], predictedEscapeIteration, title);
    }

    /// <summary>Several loss curves (e.g. one per step size) on one log-scale chart.</summary>
    public static GenericChart LossCurves(IEnumerable<Series> runs, double? predictedEscapeIteration = null,
        string title = "Loss along gradient descent")
    {
        ArgumentNullException.ThrowIfNull(runs);
        var figure = new FigureBuilder();
        var positive = new List<double>();
        foreach (var run in runs)
        {
            var keep = Enumerable.Range(0, Math.Min(run.X.Count, run.Y.Count)).Where(i => run.Y[i] > 0).ToArray();
            if (run.X.Count != run.Y.Count)
                throw new ArgumentException($"Run \"{run.Name}\": {run.X.Count} iterations but {run.Y.Count} loss values.");
            figure.Line(keep.Select(i => run.X[i]), keep.Select(i => run.Y[i]), run.Name, run.Style);
            positive.AddRange(keep.Select(i => run.Y[i]).Where(double.IsFinite));
        }
        if (predictedEscapeIteration is { } k && positive.Count > 0)
            figure.VerticalLine(k, positive.Min(), positive.Max(), $"predicted escape (k = {Formatting.Numbers.Format(k, 4)})", TraceStyle.TheoryLine);
        return figure.Build(title, Axis.Linear("iteration k"), Axis.Logarithmic("loss 𝓛(W_k) (log scale)"));
    }

    internal static double[] Iterations(int count) => Enumerable.Range(0, count).Select(i => (double)i).ToArray();
}
