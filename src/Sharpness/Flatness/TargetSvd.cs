using System.Runtime.CompilerServices;
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
    internal static CompactSvd Of(ZeroLossPoint point) => Cache.GetValue(point, static z => CompactSvd.ValuesFirst(z.Target));
}
