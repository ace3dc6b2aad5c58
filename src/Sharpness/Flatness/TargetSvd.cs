using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>The SVD of a zero-loss point's target M, computed once per point: the flatness verdict's parts all need
/// ‖M‖₂, its rank or its top singular pair, and one decomposition serves them all.</summary>
/// <remarks>Lives here rather than on <see cref="CompactSvd"/> because LinearAlgebra comes before Model in the
/// namespace chain (the layering test forbids LinearAlgebra naming <see cref="ZeroLossPoint"/>).</remarks>
internal static class TargetSvd
{
    private static readonly ConditionalWeakTable<ZeroLossPoint, CompactSvd> Cache = new();

    /// <summary>The compact SVD of <paramref name="point"/>'s target, cached for the point's lifetime; values first (the
    /// verdict needs σ₁, the rank and the top pair: <see cref="CompactSvd.TopPair"/>), U_r and V_r on first use.</summary>
    /// <remarks>When M is the point's own product and it factors through a narrow hidden width (m × d times d × n,
    /// <see cref="CompactSvd.ProductRoutePays"/>), the SVD comes from the thin factors (<see cref="CompactSvd.OfProduct"/>)
    /// and M is never formed: issue 13's L 15000×8, R 8×15000 needs 2 MB there instead of a 1.8 GB product and a
    /// 15000 × 15000 dgesdd.</remarks>
    internal static CompactSvd Of(ZeroLossPoint point) => Cache.GetValue(point, static z =>
        ThinFactors(z) is { } f ? CompactSvd.OfProduct(f.Left, f.Right, z.Scaling.ExponentOf(ScalingPower.Product)) : CompactSvd.ValuesFirst(z.Target));

    /// <summary>M' = A_k B_(k+1) (m × d_k times d_k × n) through the narrowest hidden width d_k of the unit-scaled point,
    /// when M is the point's own product and that route pays; else null.</summary>
    internal static (Matrix<double> Left, Matrix<double> Right)? ThinFactors(ZeroLossPoint z)
    {
        if (!z.IsOwnProduct || z.Depth < 2) return null;
        var widths = z.Point.Widths;
        int k = 1;
        for (int i = 2; i < widths.Count - 1; i++) if (widths[i] < widths[k]) k = i;
        if (!CompactSvd.ProductRoutePays(widths[^1], widths[0], widths[k])) return null;
        var f = z.Scaling.Unit.Factors;
        return (f.Left[k - 1], f.Right[k]); // A_k = W_N⋯W_(k+1), B_(k+1) = W_k⋯W_1
    }
}
