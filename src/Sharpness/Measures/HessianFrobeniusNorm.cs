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
    public static double Compute(DeepFactorization point, Matrix<double>? target = null) =>
        Compute(ZeroLossPoint.Create(point, target, formula: "The Frobenius-norm formula Σ⟨S_i,S_j⟩⟨T_i,T_j⟩"));

    /// <summary>‖H‖_F at a validated zero-loss point, computed on its unit-scaled layers.</summary>
    public static double Compute(ZeroLossPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var f = point.Scaling.Unit.Factors;
        int n = point.Depth;
        var s = Enumerable.Range(0, n).Select(i => f.Left[i].TransposeAndMultiply(f.Left[i])).ToArray();
        var t = Enumerable.Range(0, n).Select(i => f.Right[i].TransposeThisAndMultiply(f.Right[i])).ToArray();
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                sum += Inner(s[i], s[j]) * Inner(t[i], t[j]);
        // ‖K‖_F scales like λ.
        return point.Scaling.ScaleBack(Math.Sqrt(Math.Max(sum, 0)), ScalingPower.Curvature);
    }

    private static double Inner(Matrix<double> a, Matrix<double> b) => a.PointwiseMultiply(b).Enumerate().Sum();
}
