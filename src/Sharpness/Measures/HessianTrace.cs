using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Measures;

/// <summary>
/// tr H = Σ_i ‖A_i‖_F² ‖B_i‖_F² at a zero-loss point (theory §4): tr JᵀJ = Σ_i ‖A_i ⊗ B_iᵀ‖_F² = tr K.
/// Depth 2: n‖L‖_F² + m‖R‖_F²; scalar chain: equal to λmax.
/// </summary>
public static class HessianTrace
{
    /// <summary>The trace at a validated zero-loss point: tr K on the unit-scaled layers, scaled back as a curvature.</summary>
    public static double Of(ZeroLossPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point.Scaling.ScaleBack(KOperator.Trace(point.Scaling.Unit), ScalingPower.Curvature);
    }

    /// <summary>The trace at <paramref name="point"/> (target: its own product by default).</summary>
    /// <exception cref="NotZeroLossException">The point is not a zero-loss point of the target.</exception>
    public static double Of(DeepFactorization point, Matrix<double>? target = null) =>
        Of(ZeroLossPoint.Create(point, target, formula: "The trace formula Σ‖A_i‖_F²‖B_i‖_F²"));
}
