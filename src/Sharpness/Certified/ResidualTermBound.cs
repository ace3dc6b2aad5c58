using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Certified;

/// <summary>
/// A computable upper bound on ‖R(E)‖₂, the residual part of the Hessian H = JᵀJ + R(E) of ½‖W_N⋯W_1 − M‖²_F at
/// any point (E = P − M).
/// </summary>
/// <remarks>
/// <para>R(E)[U, U] = ⟨E, ∂²P[U, U]⟩ = 2 Σ_{i&lt;j} ⟨E, A_j U_j C_{ji} U_i B_i⟩ with C_{ji} = W_{j−1}⋯W_{i+1}
/// (identity when j = i + 1); the diagonal blocks vanish because P is linear in each layer. The (j, i) block is
/// V ↦ G_{ji} Vᵀ C_{ji}ᵀ with G_{ji} = A_jᵀ E B_iᵀ; a Kronecker product composed with the (orthogonal) transposition,
/// so its operator norm is exactly ‖G_{ji}‖₂‖C_{ji}‖₂. For a symmetric block operator,
/// ‖R‖₂ ≤ ‖[‖R_{ji}‖₂]_{ji}‖₂, the spectral norm of the N × N matrix of block norms (zero diagonal).</para>
/// <para>The bound is linear in E, so it tends to 0 at the rate of the residual; by Weyl's inequality
/// |λmax(H) − λmax(JᵀJ)| ≤ ‖R(E)‖₂, and λmax(JᵀJ) = λmax(K) at every point (JᵀJ and K = JJᵀ share their nonzero
/// spectrum).</para>
/// <para>Spectral norms come from a dense SVD up to 200 rows or columns, Frobenius norms beyond (accurate to a few ulps of the norm); the result is enlarged by a
/// relative 1e-12 plus N²·16ε times the same bound built from Frobenius norms, which covers the rounding of the
/// SVDs, of the products G_{ji} and of the N × N eigenproblem.</para>
/// </remarks>
public sealed class ResidualTermBound
{
    private ResidualTermBound(double value, Matrix<double> blockNorms)
    {
        Value = value;
        BlockNorms = blockNorms;
    }

    /// <summary>The bound on ‖R(E)‖₂ (0 at zero loss).</summary>
    public double Value { get; }

    /// <summary>The N × N symmetric matrix of block norms ‖G_{ji}‖₂‖C_{ji}‖₂ (zero diagonal).</summary>
    public Matrix<double> BlockNorms { get; }

    /// <summary>‖X‖₂ by a dense SVD up to 200 on the short side; above that ‖X‖_F ≥ ‖X‖₂ (still a bound, cheaper,
    /// looser by at most √rank).</summary>
    private static double SpectralUpperBound(Matrix<double> x) =>
        Math.Min(x.RowCount, x.ColumnCount) <= 200 ? x.L2Norm() : x.FrobeniusNorm();

    /// <summary>The bound at <paramref name="point"/> for <paramref name="target"/>.</summary>
    public static ResidualTermBound Of(DeepFactorization point, Matrix<double> target) =>
        FromResidual(point, new FactorizationLoss(point, target).Residual);

    /// <summary>The bound for R(E)[U, U] = ⟨E, ∂²P[U, U]⟩ with a given m × n matrix E in place of P − M. With data
    /// (theory §2.10) the residual term is ⟨G, ∂²P[U, U]⟩ with G = PS − YXᵀ, so this with E := G bounds it.</summary>
    /// <exception cref="ShapeMismatchException">E does not have the product's shape.</exception>
    public static ResidualTermBound FromResidual(DeepFactorization point, Matrix<double> residual)
    {
        ArgumentNullException.ThrowIfNull(point);
        point.RequireTarget(residual);
        int n = point.Depth;
        var blocks = Matrix<double>.Build.Dense(n, n);
        var frobenius = Matrix<double>.Build.Dense(n, n);
        if (n >= 2)
        {
            var e = residual;
            var f = point.Factors;
            for (int j = 1; j < n; j++)
            {
                // C_{ji} for i = j−1 down to 0: C_{j,j−1} = I, C_{j,i} = C_{j,i+1} W_{i+1} (0-based layers).
                Matrix<double>? c = null;
                for (int i = j - 1; i >= 0; i--)
                {
                    if (i < j - 1) c = c is null ? point.Layers[i + 1].Clone() : c * point.Layers[i + 1];
                    var g = f.Left[j].TransposeThisAndMultiply(e).TransposeAndMultiply(f.Right[i]);
                    double gNorm = SpectralUpperBound(g), cNorm = c is null ? 1 : SpectralUpperBound(c);
                    double gF = g.FrobeniusNorm(), cF = c is null ? Math.Sqrt(point.Widths[j]) : c.FrobeniusNorm();
                    blocks[i, j] = blocks[j, i] = gNorm * cNorm;
                    frobenius[i, j] = frobenius[j, i] = gF * cF;
                }
            }
        }
        double norm = n >= 2 ? blocks.L2Norm() : 0;
        double slack = n >= 2 ? 16 * n * n * 2.220446049250313e-16 * frobenius.FrobeniusNorm() : 0;
        return new ResidualTermBound(norm * (1 + 1e-12) + slack, blocks);
    }
}
