namespace Sharpness.Dynamics;

/// <summary>The linear-stability predictions of theory §3.1.</summary>
public static class EscapeTheory
{
    /// <summary>
    /// k_esc = ln(δ/ε)/ln(2c − 1): the iteration at which ε(2c − 1)^k reaches δ along v₁ in the linearized dynamics.
    /// Null when c ≤ 1 (no growth) or ε = 0; 0 when ε ≥ δ.
    /// </summary>
    /// <remarks>When δ/ε or 2c − 1 is not a normal double (δ = 1e300, ε = 1e-300; c = 1e308), the logarithms are
    /// taken apart, ln δ − ln ε and ln 2 + ln(c − ½), so the prediction survives; otherwise the quotient is used,
    /// which keeps every ordinary prediction bit for bit what it was.</remarks>
    public static double? PredictedEscapeIteration(double c, double radius, double escapeDistance)
    {
        if (!double.IsFinite(c) || !double.IsFinite(radius) || !double.IsFinite(escapeDistance) || radius < 0 || escapeDistance <= 0)
            throw new ArgumentOutOfRangeException(nameof(c), $"Need finite c, ε ≥ 0 and δ > 0 (got c = {c}, ε = {radius}, δ = {escapeDistance}).");
        if (c <= 1 || radius == 0) return null;
        if (radius >= escapeDistance) return 0;
        double ratio = escapeDistance / radius, growth = 2 * c - 1;
        double logRatio = double.IsNormal(ratio) ? Math.Log(ratio) : Math.Log(escapeDistance) - Math.Log(radius);
        double logGrowth = double.IsFinite(growth) ? Math.Log(growth) : Math.Log(2) + Math.Log(c - 0.5);
        return logRatio / logGrowth;
    }
}
