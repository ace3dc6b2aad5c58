using Sharpness.Exact;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Flatness;
using Sharpness.Model;

namespace Sharpness.Measures;

/// <summary>
/// tr H = Σ_i ‖A_i‖_F² ‖B_i‖_F² at a zero-loss point (theory §4): tr JᵀJ = Σ_i ‖A_i ⊗ B_iᵀ‖_F².
/// Depth 2: n‖L‖_F² + m‖R‖_F²; scalar chain: equal to λmax.
/// </summary>
public static class HessianTrace
{
    /// <summary>The trace at <paramref name="point"/> (target: its own product by default).</summary>
    /// <exception cref="NotZeroLossException">The point is not a zero-loss point of the target.</exception>
    public static double Compute(DeepFactorization point, Matrix<double>? target = null)
    {
        ZeroLoss.Require(point, target, "The trace formula Σ‖A_i‖_F²‖B_i‖_F²");
        var (scaled, k) = UnitScaling.Of(point);
        return Math.ScaleB(FactorNormSum(scaled), 2 * k * (point.Depth - 1));
    }

    /// <summary>Σ_i ‖A_i‖_F² ‖B_i‖_F² of the point as given (no scaling, no residual check); also the exact λmax when
    /// d_0 = d_N = 1, where K is 1 × 1.</summary>
    internal static double FactorNormSum(DeepFactorization point)
    {
        var f = point.Factors;
        double sum = 0;
        for (int i = 0; i < point.Depth; i++)
        {
            double a = Guard.FrobeniusNorm(f.Left[i]), b = Guard.FrobeniusNorm(f.Right[i]);
            sum += a * a * b * b;
        }
        return sum;
    }
}
