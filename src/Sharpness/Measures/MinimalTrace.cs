using MathNet.Numerics.LinearAlgebra;
using Sharpness.Flatness;
using Sharpness.LinearAlgebra;

namespace Sharpness.Measures;

/// <summary>
/// The smallest Hessian trace over zero-loss points (theory §4).
/// Depth 2 (exact): min tr H = 2√(mn)‖M‖_*, attained exactly at the weighted-balanced minimizers nLᵀL = mRᵀR
/// (<see cref="Minimizers.WeightedBalancedMinimizer"/>). Depth N (a lower bound, tight for rank-one M):
/// tr H ≥ N (mn)^{1/N} ‖M‖_*^{2(N−1)/N}.
/// </summary>
public static class MinimalTrace
{
    /// <summary>2√(mn)‖M‖_*: the minimal trace over depth-2 minimizers with inner width d ≥ rank M.</summary>
    /// <exception cref="OutsideDomainException">d &lt; rank M (no zero-loss point).</exception>
    /// <exception cref="ArgumentException">d &lt; 1.</exception>
    public static double DepthTwo(Matrix<double> target, int innerWidth)
    {
        ArgumentNullException.ThrowIfNull(target);
        var svd = CompactSvd.Of(target);
        MinimalSharpness.RequireWidths(target, [target.ColumnCount, innerWidth, target.RowCount], svd.Rank);
        return 2 * Math.Sqrt((double)target.RowCount * target.ColumnCount) * svd.NuclearNorm;
    }

    /// <summary>N (mn)^{1/N} ‖M‖_*^{2(N−1)/N}: a lower bound on tr H at every depth-N zero-loss point of M
    /// (exact at N = 1, where H = I and tr H = mn, and at N = 2).</summary>
    public static double LowerBound(Matrix<double> target, int depth)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "The depth N must be at least 1.");
        double mn = (double)target.RowCount * target.ColumnCount;
        if (depth == 1) return mn;
        return depth * Math.Pow(mn, 1.0 / depth) * Math.Pow(CompactSvd.Of(target).NuclearNorm, 2.0 * (depth - 1) / depth);
    }
}
