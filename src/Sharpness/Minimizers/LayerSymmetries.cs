using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;
using Sharpness.LinearAlgebra;

namespace Sharpness.Minimizers;

/// <summary>
/// The two symmetries of the product W_N⋯W_1 (theory §4): both keep P(W), hence the loss, and map minimizers to
/// minimizers. They act on the Hessian by congruence, so rank and inertia are invariant; eigenvalues only for
/// orthogonal maps.
/// </summary>
public static class LayerSymmetries
{
    /// <summary>Default relative tolerance for Π α_i = 1.</summary>
    public const double DefaultProductTolerance = 1e-12;

    /// <summary>Rescaling W_i → α_i W_i with Π α_i = 1. Then A_i → (Π_{j&gt;i} α_j) A_i, B_i → (Π_{j&lt;i} α_j) B_i and
    /// K → Σ_i α_i^{−2} S_i ⊗ T_i.</summary>
    /// <exception cref="ArgumentException">Wrong number of factors, a non-finite factor, or |Π α_i − 1| &gt; tolerance.</exception>
    public static DeepFactorization Rescale(DeepFactorization point, IReadOnlyList<double> alphas, double tolerance = DefaultProductTolerance)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(alphas);
        if (alphas.Count != point.Depth)
            throw new ArgumentException($"Rescaling needs one factor per layer: the point has N = {point.Depth} layers, got {alphas.Count} factors.", nameof(alphas));
        for (int i = 0; i < alphas.Count; i++)
            if (!double.IsFinite(alphas[i]))
                throw new ArgumentException($"Rescaling factor α_{i + 1} is {alphas[i]}, not finite.", nameof(alphas));
        double product = alphas.Aggregate(1.0, (p, a) => p * a);
        if (!(Math.Abs(product - 1) <= tolerance))
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The rescaling factors ({string.Join(", ", alphas.Select(a => a.ToString("G6", CultureInfo.InvariantCulture)))}) have product {product.ToString("G17", CultureInfo.InvariantCulture)}, not 1 (tolerance {tolerance:G3}): ") +
                "the map would change P(W) = M and leave the minimizer set.", nameof(alphas));
        return new DeepFactorization(point.Layers.Select((w, i) => alphas[i] * w));
    }

    /// <summary>Change of basis between layers k and k+1 (1 ≤ k &lt; N): W_k → G W_k and W_{k+1} → W_{k+1} G⁻¹, with G
    /// invertible d_k × d_k. Only A_k → A_k G⁻¹ and B_{k+1} → G B_{k+1} change, so only Kronecker terms k and k+1 change.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k out of range.</exception>
    /// <exception cref="ShapeMismatchException">G of the wrong size.</exception>
    /// <exception cref="NonFiniteEntryException">G has a NaN or ±∞ entry.</exception>
    /// <exception cref="OutsideDomainException">G is (numerically) singular.</exception>
    public static DeepFactorization ChangeBasis(DeepFactorization point, int k, Matrix<double> g)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(g);
        if (point.Depth < 2) throw new ArgumentException("A change of basis needs two layers; the point has depth 1.", nameof(point));
        if (k < 1 || k >= point.Depth)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"The basis change sits between layers k and k+1, so k runs from 1 to N − 1 = {point.Depth - 1}.");
        int d = point.Widths[k];
        if (g.RowCount != d || g.ColumnCount != d)
            throw new ShapeMismatchException($"G must be d_{k} × d_{k} = {d}×{d} (the width between W{k} and W{k + 1}); got {g.RowCount}×{g.ColumnCount}.");
        Guard.Finite(g, "G");
        var s = g.Svd(computeVectors: false).S;
        double condition = s[0] == 0 ? double.PositiveInfinity : s[0] / s[d - 1];
        if (!(condition <= 1e14))
            throw new OutsideDomainException(string.Create(CultureInfo.InvariantCulture, $"G is singular or numerically singular (condition number {condition:G3} > 1e14): the change of basis W{k + 1} → W{k + 1} G⁻¹ needs an invertible G."));
        var layers = point.Layers.ToArray();
        layers[k - 1] = g * layers[k - 1];
        // W G⁻¹ = (G⁻ᵀ Wᵀ)ᵀ: solve with Gᵀ instead of forming the inverse.
        layers[k] = g.Transpose().Solve(layers[k].Transpose()).Transpose();
        return new DeepFactorization(layers);
    }
}
