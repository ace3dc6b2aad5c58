using MathNet.Numerics.LinearAlgebra;
using Sharpness.Flatness;
using Sharpness.Model;
using Sharpness.LinearAlgebra;

namespace Sharpness.Minimizers;

/// <summary>
/// The depth-2 trace-minimal minimizer (theory §4): with M = U_r Σ V_rᵀ and Q ∈ ℝ^{d×r} orthonormal,
/// L = (m/n)^{1/4} U_r Σ^{1/2} Qᵀ and R = (n/m)^{1/4} V_r Σ^{1/2} Qᵀ, so LRᵀ = M and n LᵀL = m RᵀR = √(mn) QΣQᵀ.
/// Its trace n‖L‖_F² + m‖R‖_F² = 2√(mn)‖M‖_* is the minimum over all depth-2 minimizers, while its
/// λmax = σ₁(√(m/n) + √(n/m)) exceeds 2σ₁ when m ≠ n.
/// </summary>
public static class WeightedBalancedMinimizer
{
    /// <summary>With the canonical frame Q = [I_r; 0].</summary>
    public static DeepFactorization Create(Matrix<double> target, int innerWidth) =>
        Build(target, innerWidth, r => RandomMatrices.CanonicalFrame(innerWidth, r));

    /// <summary>With a Haar-random frame Q drawn from <paramref name="seed"/>.</summary>
    public static DeepFactorization Create(Matrix<double> target, int innerWidth, int seed)
    {
        var rng = new Random(seed);
        return Build(target, innerWidth, r => RandomMatrices.OrthonormalColumns(rng, innerWidth, r));
    }

    private static DeepFactorization Build(Matrix<double> target, int d, Func<int, Matrix<double>> frame)
    {
        ArgumentNullException.ThrowIfNull(target);
        int m = target.RowCount, n = target.ColumnCount;
        var svd = CompactSvd.Of(target);
        MinimalSharpness.RequireWidths(target, [n, d, m], svd.Rank);
        if (svd.Rank == 0) return DeepFactorization.FromLeftRight(Matrix<double>.Build.Dense(m, d), Matrix<double>.Build.Dense(n, d));
        var root = Matrix<double>.Build.DenseOfDiagonalArray(svd.RetainedValues.Select(Math.Sqrt).ToArray());
        var q = frame(svd.Rank);
        double ratio = Math.Pow((double)m / n, 0.25);
        var left = ratio * (svd.U * root.TransposeAndMultiply(q));
        var right = (1 / ratio) * (svd.V * root.TransposeAndMultiply(q));
        return DeepFactorization.FromLeftRight(left, right);
    }
}
