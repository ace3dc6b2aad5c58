namespace Sharpness.Dynamics;

/// <summary>The linear-stability predictions of theory §3.1.</summary>
public static class EscapeTheory
{
    /// <summary>
    /// k_esc = ln(δ/ε)/ln(2c − 1): the iteration at which ε(2c − 1)^k reaches δ along v₁ in the linearized dynamics.
    /// Null when c ≤ 1 (no growth) or ε = 0; 0 when ε ≥ δ.
    /// </summary>
    public static double? PredictedEscapeIteration(double c, double radius, double escapeDistance)
    {
        if (!double.IsFinite(c) || !double.IsFinite(radius) || !double.IsFinite(escapeDistance) || radius < 0 || escapeDistance <= 0)
            throw new ArgumentOutOfRangeException(nameof(c), $"Need finite c, ε ≥ 0 and δ > 0 (got c = {c}, ε = {radius}, δ = {escapeDistance}).");
        if (c <= 1 || radius == 0) return null;
        if (radius >= escapeDistance) return 0;
        return Math.Log(escapeDistance / radius) / Math.Log(2 * c - 1);
    }
}
