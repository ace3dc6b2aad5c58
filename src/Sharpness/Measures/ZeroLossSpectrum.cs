using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Measures;

/// <summary>
/// The nonzero Hessian spectrum at a zero-loss point, from the dense mn × mn matrix K = Σ_i S_i ⊗ T_i (theory §2.2, §4):
/// the nonzero eigenvalues of H are those of K, so rank H = rank K and the log pseudo-determinant is
/// Σ log λ over the positive eigenvalues (log det H itself is −∞ at every overparameterized minimizer).
/// </summary>
/// <remarks>
/// "Positive" means λ &gt; τ·λmax with a relative threshold τ (default 1e-10): the dense eigensolver leaves
/// rounding noise of size ~1e-16·λmax on the true zeros. K is decomposed on the unit-scaled layers, so the logarithm
/// is exact in the scale (log λ = log λ' + 2k(N−1) ln 2).
/// </remarks>
public sealed class ZeroLossSpectrum
{
    /// <summary>Largest mn for which K is formed densely.</summary>
    public const int MaxDimension = 2500;

    /// <summary>Default relative threshold τ.</summary>
    public const double DefaultRelativeThreshold = 1e-10;

    private ZeroLossSpectrum(double[] eigenvalues, int rank, double logPdet, double threshold)
    {
        Eigenvalues = eigenvalues;
        Rank = rank;
        LogPseudoDeterminant = logPdet;
        RelativeThreshold = threshold;
    }

    /// <summary>All mn eigenvalues of K, largest first (tiny negative rounding noise is kept as is).</summary>
    public IReadOnlyList<double> Eigenvalues { get; }

    /// <summary>The positive eigenvalues (λ &gt; τ·λmax), largest first.</summary>
    public IReadOnlyList<double> Positive => Eigenvalues.Take(Rank).ToArray();

    /// <summary>rank H = rank K.</summary>
    public int Rank { get; }

    /// <summary>Σ log λ over the positive eigenvalues (0 when H = 0).</summary>
    public double LogPseudoDeterminant { get; }

    /// <summary>The relative threshold τ used.</summary>
    public double RelativeThreshold { get; }

    /// <summary>λmax (0 when K = 0).</summary>
    public double Largest => Eigenvalues.Count == 0 ? 0 : Math.Max(Eigenvalues[0], 0);

    /// <summary>Decomposes K at <paramref name="point"/> (target: its own product by default).</summary>
    /// <exception cref="NotZeroLossException">Not a zero-loss point.</exception>
    /// <exception cref="OutsideDomainException">mn &gt; <see cref="MaxDimension"/>.</exception>
    public static ZeroLossSpectrum Of(DeepFactorization point, Matrix<double>? target = null, double relativeThreshold = DefaultRelativeThreshold)
    {
        ArgumentNullException.ThrowIfNull(point);
        RequireArguments(point, relativeThreshold);
        return Of(ZeroLossPoint.Create(point, target, formula: "The spectrum of K as the nonzero Hessian spectrum"), relativeThreshold);
    }

    /// <summary>Decomposes K at a validated zero-loss point, on its unit-scaled layers.</summary>
    /// <exception cref="OutsideDomainException">mn &gt; <see cref="MaxDimension"/>.</exception>
    public static ZeroLossSpectrum Of(ZeroLossPoint point, double relativeThreshold = DefaultRelativeThreshold)
    {
        ArgumentNullException.ThrowIfNull(point);
        RequireArguments(point.Point, relativeThreshold);
        var scaling = point.Scaling;
        var evd = new KOperator(scaling.Unit).ToDense().Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric); // ascending
        var values = evd.EigenValues.Select(z => z.Real).Reverse().ToArray();
        int exponent = scaling.ExponentOf(ScalingPower.Curvature);
        double top = Math.Max(values[0], 0);
        int rank = values.Count(x => x > relativeThreshold * top);
        double log = 0;
        for (int i = 0; i < rank; i++) log += Math.Log(values[i]) + exponent * Math.Log(2);
        return new ZeroLossSpectrum(values.Select(x => scaling.ScaleBack(x, ScalingPower.Curvature)).ToArray(), rank, log, relativeThreshold);
    }

    private static void RequireArguments(DeepFactorization point, double relativeThreshold)
    {
        if (!(relativeThreshold > 0 && relativeThreshold < 1))
            throw new ArgumentOutOfRangeException(nameof(relativeThreshold), relativeThreshold, "The relative threshold must lie in (0, 1).");
        int dim = point.OutputDimension * point.InputDimension;
        if (dim > MaxDimension)
            throw new OutsideDomainException(
                $"The rank and log pseudo-determinant need every eigenvalue of K, which is mn × mn = {dim}×{dim} here; " +
                $"it is decomposed densely only for mn ≤ {MaxDimension}. λmax, trace and ‖H‖_F have matrix-free routes.");
    }
}
