using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Measures;

/// <summary>
/// The sharpness measures of theory §4 at one zero-loss point: λmax, trace, ‖H‖_F, log pseudo-determinant and rank.
/// λmax, trace and ‖H‖_F come from their closed forms; rank and log-pdet from the dense spectrum of K, so this needs
/// mn ≤ <see cref="ZeroLossSpectrum.MaxDimension"/>.
/// </summary>
/// <param name="Sharpness">λmax(H).</param>
/// <param name="Trace">tr H = Σ‖A_i‖_F²‖B_i‖_F².</param>
/// <param name="FrobeniusNorm">‖H‖_F = (Σ_{i,j}⟨S_i,S_j⟩⟨T_i,T_j⟩)^{1/2}.</param>
/// <param name="LogPseudoDeterminant">Σ log λ over positive eigenvalues.</param>
/// <param name="Rank">rank H = rank K.</param>
public sealed record SharpnessMeasures(double Sharpness, double Trace, double FrobeniusNorm, double LogPseudoDeterminant, int Rank)
{
    /// <summary>All five measures at <paramref name="point"/> (target: its own product by default).</summary>
    /// <exception cref="NotZeroLossException">The point is not a zero-loss point of the target.</exception>
    public static SharpnessMeasures Of(DeepFactorization point, Matrix<double>? target = null) =>
        Of(ZeroLossPoint.Create(point, target, formula: "The zero-loss sharpness measures"));

    /// <summary>All five measures at a validated zero-loss point.</summary>
    /// <exception cref="OutsideDomainException">mn &gt; <see cref="ZeroLossSpectrum.MaxDimension"/>.</exception>
    public static SharpnessMeasures Of(ZeroLossPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var spectrum = ZeroLossSpectrum.Of(point);
        return new SharpnessMeasures(ExactSharpness.Of(point).Value, HessianTrace.Of(point),
            HessianFrobeniusNorm.Of(point), spectrum.LogPseudoDeterminant, spectrum.Rank);
    }
}
