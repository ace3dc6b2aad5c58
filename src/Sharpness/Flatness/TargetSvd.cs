using System.Runtime.CompilerServices;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>The SVD of a zero-loss point's target M, computed once per point: the flatness verdict's parts all need
/// ‖M‖₂, its rank or its top singular pair, and one decomposition serves them all.</summary>
internal static class TargetSvd
{
    private static readonly ConditionalWeakTable<ZeroLossPoint, CompactSvd> Cache = new();

    /// <summary>CompactSvd.Of(point.Target), cached for the point's lifetime.</summary>
    public static CompactSvd Of(ZeroLossPoint point) => Cache.GetValue(point, static z => CompactSvd.Of(z.Target));
}
