using MathNet.Numerics.LinearAlgebra;
using Sharpness.Flatness;
using Sharpness.Model;
using Sharpness.LinearAlgebra;

namespace Sharpness.Minimizers;

/// <summary>
/// Random zero-loss points from an explicit seed, by the three constructions of theory §2.7 and §4: GL orbits and
/// rescaling orbits of a given minimizer, and the pseudoinverse completion W_N = M B_N⁺ + Z(I − B_N B_N⁺).
/// </summary>
public static class RandomMinimizers
{
    /// <summary>A random point on the GL orbit: for every k = 1..N−1 an independent random invertible G_k
    /// (condition number ≤ e^{2·spread}) is applied between layers k and k+1.</summary>
    public static DeepFactorization OnGLOrbit(DeepFactorization point, int seed, double spread = 1.0)
    {
        ArgumentNullException.ThrowIfNull(point);
        var rng = new Random(seed);
        var w = point;
        for (int k = 1; k < point.Depth; k++)
            w = LayerSymmetries.ChangeBasis(w, k, RandomMatrices.Invertible(rng, point.Widths[k], spread));
        return w;
    }

    /// <summary>A random point on the rescaling orbit: α_i = e^{spread·z_i} with z_i uniform in [−1, 1] for i &lt; N and
    /// α_N = 1/Π_{i&lt;N} α_i.</summary>
    public static DeepFactorization OnRescalingOrbit(DeepFactorization point, int seed, double spread = 1.0)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (!(spread >= 0) || !double.IsFinite(spread)) throw new ArgumentOutOfRangeException(nameof(spread), spread, "The log-spread must be finite and non-negative.");
        var rng = new Random(seed);
        var alphas = new double[point.Depth];
        double logSum = 0;
        for (int i = 0; i + 1 < alphas.Length; i++)
        {
            double z = spread * (2 * rng.NextDouble() - 1);
            alphas[i] = Math.Exp(z);
            logSum += z;
        }
        alphas[^1] = Math.Exp(-logSum);
        // exp rounding can leave Π α_i off 1 by a few ulps; the default product tolerance (1e-12) absorbs it.
        return LayerSymmetries.Rescale(point, alphas);
    }

    /// <summary>
    /// A random zero-loss point of M with widths d_0..d_N by the pseudoinverse completion (theory §2.7):
    /// random lower layers W_1..W_{N−1}, then W_N = M B_N⁺ + Z(I − B_N B_N⁺) with a random Z (m × d_{N−1}).
    /// </summary>
    /// <remarks>
    /// P = W_N B_N = M B_N⁺B_N, which is M only if the row space of B_N contains that of M. So W_1 = X Yᵀ, where the
    /// columns of Y span the top right singular vectors V_r of M plus k − r random directions orthogonal to them
    /// (k = min(n, d_1..d_{N−1})), and X is Gaussian; generic layers above keep that row space.
    /// For N = 1 the only zero-loss point is W_1 = M.
    /// </remarks>
    public static DeepFactorization PseudoinverseCompletion(Matrix<double> target, IReadOnlyList<int> widths, int seed)
    {
        ArgumentNullException.ThrowIfNull(target);
        var svd = CompactSvd.Of(target);
        MinimalSharpness.RequireWidths(target, widths, svd.Rank);
        int depth = widths.Count - 1;
        if (depth == 1) return new DeepFactorization(target);
        var rng = new Random(seed);
        int n = target.ColumnCount, m = target.RowCount, r = svd.Rank;
        int k = Math.Min(n, widths.Skip(1).Take(depth - 1).Min());

        // Y: n × k orthonormal basis of span(V_r) ⊕ (k − r random directions ⊥ V_r).
        var y = Matrix<double>.Build.Dense(n, k);
        if (r > 0) y.SetSubMatrix(0, 0, svd.V);
        if (k > r)
        {
            var extra = RandomMatrices.Gaussian(rng, n, k - r);
            if (r > 0) extra -= svd.V * svd.V.TransposeThisAndMultiply(extra);
            y.SetSubMatrix(0, r, extra.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q);
        }
        var layers = new Matrix<double>[depth];
        layers[0] = RandomMatrices.Gaussian(rng, widths[1], k).TransposeAndMultiply(y) / Math.Sqrt(k);
        for (int i = 1; i < depth - 1; i++)
            layers[i] = RandomMatrices.Gaussian(rng, widths[i + 1], widths[i]) / Math.Sqrt(widths[i]);

        var b = layers[0];
        for (int i = 1; i < depth - 1; i++) b = layers[i] * b; // B_N = W_{N−1} ⋯ W_1 (d_{N−1} × n)
        var bSvd = CompactSvd.Of(b);
        var sigmaInv = Matrix<double>.Build.DenseOfDiagonalArray(bSvd.RetainedValues.Select(s => 1 / s).ToArray());
        var pinv = bSvd.V * sigmaInv.TransposeAndMultiply(bSvd.U);           // B⁺ = V Σ⁻¹ Uᵀ
        // I − B B⁺ = U_⊥U_⊥ᵀ from the full left singular basis, so it is exactly 0 when B has full row rank
        // (I − U_rU_rᵀ would leave 1e-16 noise, which for M = 0 would be all of W_N).
        int rows = widths[depth - 1];
        var z = RandomMatrices.Gaussian(rng, m, rows) / Math.Sqrt(rows);
        var completion = Matrix<double>.Build.Dense(m, rows);
        if (bSvd.Rank < rows)
        {
            var full = b.Svd(computeVectors: true).U;
            var perp = full.SubMatrix(0, rows, bSvd.Rank, rows - bSvd.Rank);
            completion = z * perp.TransposeAndMultiply(perp);
        }
        layers[depth - 1] = target * pinv + completion;
        return new DeepFactorization(layers);
    }
}
