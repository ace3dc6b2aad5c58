using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Exact;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Measures;

/// <summary>
/// ‖H‖_F at a zero-loss point (theory §4): ‖H‖_F² = ‖JᵀJ‖_F² = ‖JJᵀ‖_F² = ‖K‖_F² = Σ_{i,j} ⟨S_i, S_j⟩_F ⟨T_i, T_j⟩_F,
/// with S_i = A_iA_iᵀ (m × m) and T_i = B_iᵀB_i (n × n); never forms the P × P or mn × mn matrix.
/// </summary>
public static class HessianFrobeniusNorm
{
    /// <summary>‖H‖_F at <paramref name="point"/> (target: its own product by default).</summary>
    /// <exception cref="NotZeroLossException">The point is not a zero-loss point of the target.</exception>
    public static double Of(DeepFactorization point, Matrix<double>? target = null) =>
        Of(ZeroLossPoint.Create(point, target, formula: "The Frobenius-norm formula Σ⟨S_i,S_j⟩⟨T_i,T_j⟩"));

    /// <summary>‖H‖_F at a validated zero-loss point, computed on its unit-scaled layers.</summary>
    public static double Of(ZeroLossPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var f = point.Scaling.Unit.Factors;
        int n = point.Depth;
        double sum = 0;
        if (point.Point.OutputDimension <= OuterGramLimit && point.Point.InputDimension <= OuterGramLimit)
        {
            // S_i = A_iA_iᵀ, T_i = B_iᵀB_i: OpenBLAS's dsyrk where it pays, MathNet's product (as before) otherwise.
            var s = Enumerable.Range(0, n).Select(i => Gram(f.Left[i], transpose: false)).ToArray();
            var t = Enumerable.Range(0, n).Select(i => Gram(f.Right[i], transpose: true)).ToArray();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    sum += Inner(s[i], s[j]) * Inner(t[i], t[j]);
        }
        else
        {
            // ⟨S_i, S_j⟩ = ‖A_iᵀA_j‖²_F (d_i × d_j) and ⟨T_i, T_j⟩ = ‖B_iB_jᵀ‖²_F (d_(i−1) × d_(j−1)): the same sum
            // without an m × m or n × n matrix, for wide outer layers (d_0 or d_N beyond the limit).
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    // A_{N−1} = W_N and B_2 = W_1: their Grams are the point's cached ones (the Frobenius balance's).
                    var unit = point.Scaling.Unit;
                    double a = Guard.FrobeniusNorm(i == n - 2 && j == n - 2 ? unit.LastLayerGram : Cross(f.Left[i], f.Left[j], i == n - 1, j == n - 1, transposeFirst: true));
                    double b = Guard.FrobeniusNorm(i == 1 && j == 1 ? unit.FirstLayerGram : Cross(f.Right[i], f.Right[j], i == 0, j == 0, transposeFirst: false));
                    sum += a * a * (b * b);
                }
        }
        // ‖K‖_F scales like λ.
        return point.Scaling.ScaleBack(Math.Sqrt(Math.Max(sum, 0)), ScalingPower.Curvature);
    }

    private static Matrix<double> Gram(Matrix<double> a, bool transpose)
    {
        long size = transpose ? a.ColumnCount : a.RowCount;
        var kernels = DenseKernels.For(size * size * (transpose ? a.RowCount : a.ColumnCount));
        if (kernels.IsNative) return kernels.Gram(a, transpose);
        return transpose ? a.TransposeThisAndMultiply(a) : a.TransposeAndMultiply(a);
    }

    /// <summary>Up to this outer width (d_0 and d_N) the m × m and n × n Gram matrices are formed, in the original
    /// order, so that results stay bit-identical; beyond it the small-side form above is used.</summary>
    internal const int OuterGramLimit = 512;

    // XᵀY (transposeFirst) or XYᵀ, where an identity end (I_m among the A's, I_n among the B's) is not multiplied.
    private static Matrix<double> Cross(Matrix<double> x, Matrix<double> y, bool xIdentity, bool yIdentity, bool transposeFirst)
    {
        if (xIdentity && yIdentity) return x; // ‖I‖²_F is its order
        if (xIdentity) return y;               // ‖IᵀY‖_F = ‖Y‖_F
        if (yIdentity) return x;
        // Large products on OpenBLAS where it pays (a Gram matrix by dsyrk when X = Y, e.g. the depth-2 terms
        // LᵀL and RRᵀ at 800 × 800), MathNet's product (as before) otherwise.
        long multiplyAdds = transposeFirst ? (long)x.ColumnCount * y.ColumnCount * x.RowCount : (long)x.RowCount * y.RowCount * x.ColumnCount;
        var kernels = DenseKernels.For(multiplyAdds);
        if (kernels.IsNative)
            return ReferenceEquals(x, y) ? kernels.Gram(x, transpose: transposeFirst) : kernels.Product(x, y, transposeA: transposeFirst, transposeB: !transposeFirst);
        return transposeFirst ? x.TransposeThisAndMultiply(y) : x.TransposeAndMultiply(y);
    }

    private static double Inner(Matrix<double> a, Matrix<double> b) => a.PointwiseMultiply(b).Enumerate().Sum();
}
