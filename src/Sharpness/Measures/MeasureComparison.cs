using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.Model;

namespace Sharpness.Measures;

/// <summary>One minimizer's λmax and trace, and whether it is flat for each.</summary>
/// <param name="Label">Caller's name for the minimizer.</param>
/// <param name="Point">The minimizer.</param>
/// <param name="Sharpness">λmax(H).</param>
/// <param name="Trace">tr H.</param>
/// <param name="IsSharpnessFlat">λmax = N‖M‖₂^{2−2/N} (within tolerance).</param>
/// <param name="IsTraceFlat">tr H equals the minimal trace: exact at depths 1 and 2 and for scalar chains
/// (trace = λmax); at depth ≥ 3 true when the lower bound N(mn)^{1/N}‖M‖_*^{2(N−1)/N} is attained, otherwise
/// null (unknown: that bound need not be tight).</param>
public sealed record MinimizerMeasures(string Label, DeepFactorization Point, double Sharpness, double Trace, bool IsSharpnessFlat, bool? IsTraceFlat)
{
    /// <summary>Flat for both λmax and trace.</summary>
    public bool IsFlatForBoth => IsSharpnessFlat && IsTraceFlat == true;
}

/// <summary>
/// Which of a set of minimizers of one M are flat for λmax and which for the trace (theory §4). At depth 2 with m ≠ n
/// no minimizer is flat for both: the trace-minimal ones (nLᵀL = mRᵀR) have λmax = σ₁(√(m/n) + √(n/m)) &gt; 2σ₁.
/// </summary>
public sealed class MeasureComparison
{
    private MeasureComparison(Matrix<double> target, int depth, double minimalSharpness, double? minimalTrace, double traceBound, MinimizerMeasures[] rows)
    {
        Target = target;
        Depth = depth;
        MinimalSharpness = minimalSharpness;
        MinimalTrace = minimalTrace;
        TraceLowerBound = traceBound;
        Rows = rows;
    }

    /// <summary>M.</summary>
    public Matrix<double> Target { get; }

    /// <summary>N.</summary>
    public int Depth { get; }

    /// <summary>N‖M‖₂^{2−2/N}.</summary>
    public double MinimalSharpness { get; }

    /// <summary>The exact minimal trace where known (N = 1: mn; N = 2: 2√(mn)‖M‖_*; scalar chain: s_min); else null.</summary>
    public double? MinimalTrace { get; }

    /// <summary>N(mn)^{1/N}‖M‖_*^{2(N−1)/N}.</summary>
    public double TraceLowerBound { get; }

    /// <summary>One row per minimizer, in input order.</summary>
    public IReadOnlyList<MinimizerMeasures> Rows { get; }

    /// <summary>True when some minimizer is flat for both measures.</summary>
    public bool AnyFlatForBoth => Rows.Any(r => r.IsFlatForBoth);

    /// <summary>Evaluates every minimizer (all of depth N, zero-loss points of <paramref name="target"/>).</summary>
    /// <exception cref="ArgumentException">Empty set or mixed depths.</exception>
    /// <exception cref="SharpnessException">A point that is not a zero-loss point of M, or
    /// widths below rank M.</exception>
    public static MeasureComparison Of(Matrix<double> target, IEnumerable<(string Label, DeepFactorization Point)> minimizers, double relativeTolerance = FlatnessVerdict.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(minimizers);
        var list = minimizers.ToArray();
        if (list.Length == 0) throw new ArgumentException("Give at least one minimizer to compare.", nameof(minimizers));
        int depth = list[0].Point.Depth;
        var other = list.FirstOrDefault(x => x.Point.Depth != depth);
        if (other.Point is not null)
            throw new ArgumentException($"All minimizers must have the same depth: '{list[0].Label}' has N = {depth}, '{other.Label}' has N = {other.Point.Depth}.", nameof(minimizers));

        double sMin = Flatness.MinimalSharpness.Of(target, depth);
        double bound = Measures.MinimalTrace.LowerBound(target, depth);
        bool scalarChain = list.All(x => x.Point.IsScalarChain);
        double? exactTrace = depth <= 2 ? bound : scalarChain ? sMin : null;
        var rows = list.Select(x =>
        {
            Flatness.MinimalSharpness.RequireWidths(target, x.Point.Widths); // width and shape check, naming the problem
            var zeroLoss = ZeroLossPoint.Create(x.Point, target, formula: $"The comparison of minimizer '{x.Label}'");
            double lambda = ExactSharpness.Of(zeroLoss).Value;
            double trace = HessianTrace.Of(zeroLoss);
            bool flat = lambda <= sMin * (1 + relativeTolerance) || lambda == 0;
            bool? traceFlat = exactTrace is { } t ? trace <= t * (1 + relativeTolerance) || trace == 0
                : trace <= bound * (1 + relativeTolerance) ? true : null;
            return new MinimizerMeasures(x.Label, x.Point, lambda, trace, flat, traceFlat);
        }).ToArray();
        return new MeasureComparison(target, depth, sMin, exactTrace, bound, rows);
    }

    /// <summary>A plain-text table: label, λ, trace, λ-flat, trace-flat.</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"s_min = {MinimalSharpness.ToString("G10", inv)}, minimal trace = {(MinimalTrace is { } t ? t.ToString("G10", inv) : $"unknown (lower bound {TraceLowerBound.ToString("G10", inv)})")}",
            "label | λmax | trace | λ-flat | trace-flat",
        };
        foreach (var r in Rows)
            lines.Add($"{r.Label} | {r.Sharpness.ToString("G10", inv)} | {r.Trace.ToString("G10", inv)} | {(r.IsSharpnessFlat ? "yes" : "no")} | {(r.IsTraceFlat is { } f ? (f ? "yes" : "no") : "unknown")}");
        return string.Join(Environment.NewLine, lines);
    }
}
