using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>
/// Exact power-of-two rescaling W = 2^k W' with W' of unit magnitude. Every quantity of the form
/// ‖A_i‖^a‖B_i‖^a scales by 2^{a·k(N−1)}, so computing on W' and scaling back avoids overflow and underflow in the
/// Gram matrices (theory check 27) without changing a single mantissa.
/// </summary>
internal static class UnitScaling
{
    /// <summary>The unit-scale point W' = 2^{−k} W and the exponent k.</summary>
    public static (DeepFactorization Scaled, int Exponent) Of(DeepFactorization point)
    {
        double maxAbs = Guard.MaxAbs(point.Layers);
        int k = maxAbs > 0 ? Math.ILogB(maxAbs) : 0;
        if (k == 0) return (point, 0);
        return (new DeepFactorization(point.Layers.Select(w => w.Map(x => Math.ScaleB(x, -k)))), k);
    }
}
