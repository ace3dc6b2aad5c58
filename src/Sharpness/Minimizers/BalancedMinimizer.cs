using MathNet.Numerics.LinearAlgebra;
using Sharpness.Flatness;
using Sharpness.Model;
using Sharpness.LinearAlgebra;

namespace Sharpness.Minimizers;

/// <summary>
/// The balanced (SVD-aligned) minimizer of theory §2.6. With the compact SVD M = U_r Σ V_rᵀ (r = rank M, relative
/// threshold σ &gt; 1e-12·σ₁) and frames Q_i ∈ ℝ^{d_i×r} with orthonormal columns:
/// W_1 = Q_1 Σ^{1/N} V_rᵀ, W_i = Q_i Σ^{1/N} Q_{i−1}ᵀ (1 &lt; i &lt; N), W_N = U_r Σ^{1/N} Q_{N−1}ᵀ; W_1 = M for N = 1;
/// W = 0 for M = 0.
/// </summary>
/// <remarks>
/// It is F2-balanced, has every spectral product ‖A_i‖‖B_i‖ = ‖M‖^{(N−1)/N} (SB-s), attains the minimal sharpness
/// N‖M‖₂^{2−2/N}, and its whole K-spectrum is the κ_ab formula of <see cref="BalancedSpectrum"/>.
/// </remarks>
public static class BalancedMinimizer
{
    /// <summary>The balanced minimizer with the canonical frames Q_i = [I_r; 0].</summary>
    /// <param name="target">M (m × n).</param>
    /// <param name="widths">d_0..d_N with d_0 = n, d_N = m and min_i d_i ≥ rank M.</param>
    public static DeepFactorization Create(Matrix<double> target, IReadOnlyList<int> widths) =>
        Build(target, widths, (d, r) => RandomMatrices.CanonicalFrame(d, r));

    /// <summary>The balanced minimizer with Haar-random frames Q_i drawn from <paramref name="seed"/>.</summary>
    public static DeepFactorization Create(Matrix<double> target, IReadOnlyList<int> widths, int seed)
    {
        var rng = new Random(seed);
        return Build(target, widths, (d, r) => RandomMatrices.OrthonormalColumns(rng, d, r));
    }

    private static DeepFactorization Build(Matrix<double> target, IReadOnlyList<int> widths, Func<int, int, Matrix<double>> frame)
    {
        ArgumentNullException.ThrowIfNull(target);
        var svd = CompactSvd.Of(target);
        MinimalSharpness.RequireWidths(target, widths, svd.Rank);
        int depth = widths.Count - 1;
        if (depth == 1) return new DeepFactorization(target);
        int r = svd.Rank;
        if (r == 0)
            return new DeepFactorization(Enumerable.Range(1, depth).Select(i => Matrix<double>.Build.Dense(widths[i], widths[i - 1])));

        var root = Matrix<double>.Build.DenseOfDiagonalArray(svd.RetainedValues.Select(s => Math.Pow(s, 1.0 / depth)).ToArray());
        var q = new Matrix<double>[depth + 1]; // q[i] is the frame of width d_i; q[0] = V_r and q[N] = U_r
        q[0] = svd.V;
        q[depth] = svd.U;
        for (int i = 1; i < depth; i++) q[i] = frame(widths[i], r);
        return new DeepFactorization(Enumerable.Range(1, depth).Select(i => q[i] * root.TransposeAndMultiply(q[i - 1])));
    }
}
