using Plotly.NET;

namespace Sharpness.Views.Charts;

public static partial class Charts
{
    /// <summary>Sharpness λmax(∇²𝓛(W_k)) along a GD path with the stability threshold 2/η and, optionally, the
    /// minimal sharpness over all minimizers (the flat value).</summary>
    /// <param name="sharpness">λmax at each recorded iterate.</param>
    /// <param name="stepSize">GD step size η (&gt; 0).</param>
    /// <param name="minimalSharpness">The flat minimizers' sharpness, or null.</param>
    /// <param name="iterations">The iteration of each value (default 0, 1, …).</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart SharpnessAlongPath(IReadOnlyList<double> sharpness, double stepSize, double? minimalSharpness = null,
        IReadOnlyList<double>? iterations = null, string title = "Sharpness along the GD path")
    {
        ArgumentNullException.ThrowIfNull(sharpness);
        if (!(stepSize > 0) || !double.IsFinite(stepSize))
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The step size η must be positive and finite.");
        var x = iterations ?? Iterations(sharpness.Count);
        if (x.Count != sharpness.Count)
            throw new ArgumentException($"{x.Count} iterations but {sharpness.Count} sharpness values.", nameof(iterations));
        double x0 = x.Count > 0 ? x.Min() : 0, x1 = x.Count > 0 ? x.Max() : 1;
        if (x1 == x0) x1 = x0 + 1;
        var figure = new FigureBuilder()
            .Line(x, sharpness, "λmax(∇²𝓛(W_k))", TraceStyle.DataLine)
            .HorizontalLine(2 / stepSize, x0, x1, $"2/η = {Formatting.Numbers.Format(2 / stepSize)}", TraceStyle.ThresholdLine);
        if (minimalSharpness is { } flat)
            figure.HorizontalLine(flat, x0, x1, $"minimal sharpness = {Formatting.Numbers.Format(flat)}", TraceStyle.ReferenceLine);
        return figure.Build(title, Axis.Linear("iteration k"), Axis.Linear("sharpness λmax"));
    }

    /// <summary>Final sharpness vs step size across a sweep: measured points, a theory curve, the edge-of-stability
    /// curve λ = 2/η, and optionally a vertical threshold step size.</summary>
    /// <param name="stepSizes">η of each run.</param>
    /// <param name="finalSharpness">λmax at the end of each run.</param>
    /// <param name="theoryStepSizes">η values of the theory curve (may be a finer grid), or null.</param>
    /// <param name="theorySharpness">Predicted final sharpness at <paramref name="theoryStepSizes"/>, or null.</param>
    /// <param name="thresholdStepSize">A threshold η to mark (e.g. 2/λmax of the start), or null.</param>
    /// <param name="logStepSize">Log x axis.</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart SharpnessVsStepSize(IReadOnlyList<double> stepSizes, IReadOnlyList<double> finalSharpness,
        IReadOnlyList<double>? theoryStepSizes = null, IReadOnlyList<double>? theorySharpness = null, double? thresholdStepSize = null,
        bool logStepSize = false, string title = "Final sharpness vs step size")
    {
        ArgumentNullException.ThrowIfNull(stepSizes);
        ArgumentNullException.ThrowIfNull(finalSharpness);
        if ((theoryStepSizes is null) != (theorySharpness is null))
            throw new ArgumentException("Give both theory step sizes and theory sharpness values, or neither.");
        var figure = new FigureBuilder();
        var etas = stepSizes.Concat(theoryStepSizes ?? []).Where(e => e > 0 && double.IsFinite(e)).ToArray();
        if (theoryStepSizes is not null) figure.Line(theoryStepSizes, theorySharpness!, "theory", TraceStyle.TheoryLine);
        figure.Points(stepSizes, finalSharpness, "measured (final λmax)", TraceStyle.Palette.Data);
        if (etas.Length > 0)
        {
            double lo = etas.Min(), hi = etas.Max();
            var grid = Enumerable.Range(0, 101).Select(i => logStepSize ? lo * Math.Pow(hi / lo, i / 100.0) : lo + (hi - lo) * i / 100.0).Distinct().ToArray();
            figure.Line(grid, grid.Select(e => 2 / e), "2/η (edge of stability)", TraceStyle.ThresholdLine);
            if (thresholdStepSize is { } t)
            {
                var ys = finalSharpness.Concat(theorySharpness ?? []).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
                figure.VerticalLine(t, Math.Min(ys.Min(), 2 / hi), Math.Max(ys.Max(), 2 / lo), $"threshold η = {Formatting.Numbers.Format(t)}", TraceStyle.ReferenceLine);
            }
        }
        return figure.Build(title, logStepSize ? Axis.Logarithmic("step size η (log scale)") : Axis.Linear("step size η"), Axis.Linear("final sharpness λmax"));
    }

    /// <summary>Sharpness λ along a one-parameter family of minimizers, with a shaded interval (e.g. where the
    /// minimizer is flat, or where GD with a given η is stable) and optional horizontal reference values.</summary>
    /// <param name="parameter">The family parameter t.</param>
    /// <param name="sharpness">λmax(t).</param>
    /// <param name="interval">The shaded interval [t₀, t₁], or null.</param>
    /// <param name="intervalLabel">What the interval means (legend-free, shown in the x-axis title).</param>
    /// <param name="minimalSharpness">The minimal sharpness (horizontal line), or null.</param>
    /// <param name="parameterName">Name of the family parameter for the x axis.</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart SharpnessAlongFamily(IReadOnlyList<double> parameter, IReadOnlyList<double> sharpness,
        (double From, double To)? interval = null, string intervalLabel = "shaded: interval", double? minimalSharpness = null,
        string parameterName = "t", string title = "Sharpness along a family of minimizers")
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(sharpness);
        var figure = new FigureBuilder().Line(parameter, sharpness, $"λmax({parameterName})", TraceStyle.DataLine);
        if (minimalSharpness is { } flat && parameter.Count > 0)
            figure.HorizontalLine(flat, parameter.Min(), parameter.Max(), $"minimal sharpness = {Formatting.Numbers.Format(flat)}", TraceStyle.ReferenceLine);
        string xTitle = parameterName;
        if (interval is { } band)
        {
            if (!(band.From <= band.To)) throw new ArgumentException($"The interval [{band.From}, {band.To}] is empty or not a number.", nameof(interval));
            figure.VerticalBand(band.From, band.To);
            xTitle += $" ({intervalLabel} [{Formatting.Numbers.Format(band.From, 4)}, {Formatting.Numbers.Format(band.To, 4)}])";
        }
        return figure.Build(title, Axis.Linear(xTitle), Axis.Linear("sharpness λmax"));
    }
}
