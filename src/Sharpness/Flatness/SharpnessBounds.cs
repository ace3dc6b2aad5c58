using System.Globalization;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>
/// The two-sided bounds of theory §2.3:
/// max_i ‖A_i‖₂²‖B_i‖₂² ≤ λmax(K) ≤ Σ_i ‖A_i‖₂²‖B_i‖₂², where K = Σ_i A_iA_iᵀ ⊗ B_iᵀB_i.
/// </summary>
/// <remarks>
/// Each term ‖A_i‖₂²‖B_i‖₂² is λmax of one Kronecker term, so the lower bound is λmax of the largest term and the
/// upper bound is the triangle inequality. At a zero-loss point λmax(K) is the Hessian's λmax. The upper bound is
/// attained at depth 2, for scalar input and output, and at balanced minimizers; not in general (F6, F8).
/// </remarks>
public sealed class SharpnessBounds
{
    private SharpnessBounds(double[] terms)
    {
        Terms = terms;
        Lower = terms.Max();
        Upper = terms.Sum();
    }

    /// <summary>‖A_i‖₂²‖B_i‖₂² for i = 1..N (0-based list).</summary>
    public IReadOnlyList<double> Terms { get; }

    /// <summary>max_i ‖A_i‖₂²‖B_i‖₂².</summary>
    public double Lower { get; }

    /// <summary>Σ_i ‖A_i‖₂²‖B_i‖₂².</summary>
    public double Upper { get; }

    /// <summary>The bounds at <paramref name="point"/> (they bound λmax(K) at any point).</summary>
    public static SharpnessBounds Of(DeepFactorization point)
    {
        var products = SpectralBalance.ProductsOf(point);
        return new SharpnessBounds(products.Select(p => p * p).ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Lower:G10} ≤ λmax ≤ {Upper:G10}");
}
