using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.Model;

/// <summary>
/// Exact power-of-two rescaling W = 2^k W' with W' of unit magnitude. Every quantity of the form
/// ‖A_i‖^a‖B_i‖^a scales by 2^{a·k(N−1)} (λmax by 2^{2k(N−1)}), so computing on W' and scaling back avoids overflow
/// and underflow in Gram matrices (theory check 27) without changing a single mantissa.
/// </summary>
internal static class UnitScaling
{
    /// <summary>The unit-scale point W' = 2^{−k} W and the exponent k. k = 0 (no copy) when the scale of λ,
    /// 2^{2k(N−1)}, is far from both limits anyway: the scaling is exact, so skipping it changes nothing.</summary>
    public static (DeepFactorization Scaled, int Exponent) Of(DeepFactorization point)
    {
        double maxAbs = Guard.MaxAbs(point.Layers);
        int k = maxAbs > 0 ? Math.ILogB(maxAbs) : 0;
        if (Math.Abs(k) * 2 * point.Depth <= 64) return (point, 0);
        return (new DeepFactorization(point.Layers.Select(w => w.Map(x => Math.ScaleB(x, -k)))), k);
    }

    /// <summary>The target that matches the scaled point: M' = 2^{−kN} M.</summary>
    public static Matrix<double> Target(Matrix<double> target, int exponent, int depth) =>
        exponent == 0 ? target : target.Map(x => Math.ScaleB(x, -exponent * depth));
}
