using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;
using Sharpness.LinearAlgebra;

namespace Sharpness.Flatness;

/// <summary>
/// The smallest sharpness over all zero-loss points of M at depth N (theory §2.7):
/// s_min = N‖M‖₂^{2−2/N}; for N = 1 it is 1 (H = I), for M = 0 and N ≥ 2 it is 0 (attained at W = 0).
/// </summary>
/// <remarks>
/// Valid only when zero-loss points exist, i.e. min_i d_i ≥ rank M; otherwise the global minimizers have a nonzero
/// residual and this is not their minimal sharpness (§2.9), so the methods that take widths refuse.
/// The rank uses the relative threshold σ &gt; 1e-12·σ₁.
/// </remarks>
public static class MinimalSharpness
{
    /// <summary>N‖M‖₂^{2−2/N} for a target and depth, without a width check (the caller vouches that
    /// min_i d_i ≥ rank M).</summary>
    public static double Of(Matrix<double> target, int depth)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "The depth N must be at least 1.");
        return FromNorm(CompactSvd.Of(target).Largest, depth);
    }

    /// <summary>N‖M‖₂^{2−2/N} for a target and widths d_0..d_N; checks shapes and min_i d_i ≥ rank M.</summary>
    /// <exception cref="ShapeMismatchException">d_0 ≠ n or d_N ≠ m.</exception>
    /// <exception cref="OutsideDomainException">Some width is below rank M.</exception>
    public static double Of(Matrix<double> target, IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(target);
        var svd = CompactSvd.Of(target);
        RequireWidths(target, widths, svd.Rank);
        return FromNorm(svd.Largest, widths.Count - 1);
    }

    /// <summary>s_min for the target of a point (its own product by default) with the point's widths.</summary>
    public static double Of(DeepFactorization point, Matrix<double>? target = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Of(target ?? point.Product(), point.Widths);
    }

    /// <summary>N σ₁^{2−2/N} from σ₁ = ‖M‖₂ (1 for N = 1; 0 for σ₁ = 0 and N ≥ 2).</summary>
    public static double FromNorm(double spectralNorm, int depth)
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "The depth N must be at least 1.");
        if (!(spectralNorm >= 0) || !double.IsFinite(spectralNorm))
            throw new ArgumentOutOfRangeException(nameof(spectralNorm), spectralNorm, "‖M‖₂ must be finite and non-negative.");
        if (depth == 1) return 1;
        return depth * Math.Pow(spectralNorm, 2.0 - 2.0 / depth);
    }

    /// <summary>Throws unless widths d_0..d_N fit M (d_0 = n, d_N = m, all ≥ 1) and min_i d_i ≥ rank M, i.e. unless a
    /// zero-loss point of M with these widths exists.</summary>
    /// <exception cref="ShapeMismatchException">d_0 ≠ n or d_N ≠ m.</exception>
    /// <exception cref="OutsideDomainException">Some width is below rank M.</exception>
    public static void RequireWidths(Matrix<double> target, IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(target);
        RequireWidths(target, widths, CompactSvd.Of(target).Rank);
    }

    internal static void RequireWidths(Matrix<double> target, IReadOnlyList<int> widths, int rank) =>
        RequireWidths(target.RowCount, target.ColumnCount, widths, rank);

    // The same check from M's shape (m × n) and rank alone.
    internal static void RequireWidths(int targetRows, int targetColumns, IReadOnlyList<int> widths, int rank)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count < 2) throw new ArgumentException("Widths need at least d_0 and d_1 (depth N ≥ 1).", nameof(widths));
        if (widths.Any(d => d < 1)) throw new ArgumentException($"Every width must be at least 1; got ({string.Join(", ", widths)}).", nameof(widths));
        if (widths[0] != targetColumns || widths[^1] != targetRows)
            throw new ShapeMismatchException(
                $"Widths ({string.Join(", ", widths)}) need d_0 = n = {targetColumns} and d_N = m = {targetRows} for M of shape {targetRows}×{targetColumns}.");
        int narrowest = widths.Min();
        if (narrowest < rank)
            throw new OutsideDomainException(
                $"min_i d_i = {narrowest} < rank M = {rank} (widths {string.Join(", ", widths)}): no zero-loss point exists, " +
                "so N‖M‖₂^{2−2/N} is not the minimal sharpness of these widths (theory §2.7, §2.9).");
    }
}
