using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.LinearAlgebra;

/// <summary>
/// How a quantity of a deep factorization scales when every layer is scaled by 2^k (W = 2^k W'): the power of 2^k
/// it picks up, in terms of k and the depth N. Naming the power replaces hand-written exponents such as
/// <c>2 * k * (n - 1)</c>, where a wrong one fails silently.
/// </summary>
public enum ScalingPower
{
    /// <summary>2^k: an entry of one layer, ‖W_i‖_F, a singular value of one matrix.</summary>
    Layer,
    /// <summary>2^{2k}: a squared norm or squared singular value of one matrix (σ₁², ‖W_i‖_F²).</summary>
    LayerSquared,
    /// <summary>2^{k(N−1)}: a factor product ‖A_i‖‖B_i‖ (A_i has N − i layers, B_i has i − 1).</summary>
    FactorProduct,
    /// <summary>2^{2k(N−1)}: the curvature — every Hessian and K eigenvalue (λmax), tr H, ‖H‖_F, K itself.</summary>
    Curvature,
    /// <summary>2^{kN}: the product P(W) = W_N⋯W_1 and hence the target M of a zero-loss point.</summary>
    Product,
}

/// <summary>
/// Exact power-of-two scaling: multiplying a double by 2^e changes only its exponent, never a mantissa bit (unless it
/// over- or underflows), so work done on 2^{−k}·A and scaled back by the right power is bit-identical to work done on
/// A whenever both are representable, and finite where A itself would overflow (theory check 27). Every
/// <see cref="Math.ScaleB"/> of the library goes through this type.
/// </summary>
public static class PowerOfTwo
{
    /// <summary>The exponent k with 2^k ≤ <paramref name="maxAbs"/> &lt; 2^{k+1}, so that entries divided by 2^k have
    /// magnitude below 2 (0 for <paramref name="maxAbs"/> = 0).</summary>
    public static int UnitExponent(double maxAbs) => maxAbs > 0 ? Math.ILogB(maxAbs) : 0;

    /// <summary>The exponent of 2^k that <paramref name="power"/> stands for at depth <paramref name="depth"/>.</summary>
    public static int Exponent(ScalingPower power, int k, int depth) => power switch
    {
        ScalingPower.Layer => k,
        ScalingPower.LayerSquared => 2 * k,
        ScalingPower.FactorProduct => k * (depth - 1),
        ScalingPower.Curvature => 2 * k * (depth - 1),
        ScalingPower.Product => k * depth,
        _ => throw new ArgumentOutOfRangeException(nameof(power), power, "Unknown scaling power."),
    };

    /// <summary>value · 2^{exponent}, exact.</summary>
    public static double Scale(double value, int exponent) => Math.ScaleB(value, exponent);

    /// <summary>A copy of <paramref name="m"/> with every entry times 2^{exponent} (exact); <paramref name="m"/> itself
    /// when the exponent is 0.</summary>
    public static Matrix<double> Scale(Matrix<double> m, int exponent)
    {
        ArgumentNullException.ThrowIfNull(m);
        return exponent == 0 ? m : m.Map(x => Math.ScaleB(x, exponent));
    }

    /// <summary>A value computed on layers scaled by 2^{−k}, brought back to the original scale:
    /// value · 2^{Exponent(power, k, depth)}.</summary>
    public static double ScaleBack(double value, ScalingPower power, int k, int depth = 1) =>
        Math.ScaleB(value, Exponent(power, k, depth));

    /// <summary>
    /// Whether no multiply–add evaluation of W_N⋯W_1, with every layer scaled by 2^{−<paramref name="shift"/>}, can
    /// lose a digit to underflow — in any order of the products and sums, with or without fused multiply–adds.
    /// </summary>
    /// <remarks>Every nonzero double x is an integer multiple of its ulp 2^{q(x)} (q = e − 52 for a normal x of
    /// exponent e, −1074 for a subnormal one); let q_i be the smallest q over the nonzero entries of W_i. A product of
    /// entries, one from each layer of a run of layers S, is a multiple of 2^{Σ_S q_i}; a sum of multiples of 2^c is
    /// one; and rounding a multiple of 2^c either leaves it unchanged or rounds it to a multiple of a larger ulp, so
    /// every computed value in the product of the layers S is a multiple of 2^{Σ_S q_i} ≥ 2^{Σ min(q_i, 0)}. When that
    /// bound is at least 2^{−1074}, each such value below 2^{−1022} in magnitude is exactly a subnormal double, so
    /// gradual underflow rounds nothing that an unbounded exponent range would not: the product carries every digit
    /// (overflow is a separate question). The condition is sufficient, not necessary; it costs one pass over the
    /// layers (exponent bits only).</remarks>
    public static bool ProductCannotUnderflow(IReadOnlyList<Matrix<double>> layers, int shift = 0)
    {
        ArgumentNullException.ThrowIfNull(layers);
        long total = 0;
        foreach (var w in layers)
        {
            ArgumentNullException.ThrowIfNull(w);
            int q = SmallestUlpExponent(w.AsColumnMajorArray() ?? w.ToColumnMajorArray());
            if (q == int.MaxValue) return true; // a zero layer: the product is exactly 0
            // Scaling by 2^−shift moves every ulp by −shift; below −1074 the scaled layer itself lost digits, and the
            // sum then fails the test below.
            total += Math.Min((long)q - shift, 0);
        }
        return total >= -1074;
    }

    // min over the nonzero entries of q(x) (ulp 2^q), from the biased exponent field: q = E − 1075 for E ≥ 1, −1074
    // for E = 0 (subnormal); int.MaxValue when every entry is ±0.
    private static int SmallestUlpExponent(ReadOnlySpan<double> entries)
    {
        const long magnitude = 0x7FFF_FFFF_FFFF_FFFF;
        long smallest = long.MaxValue;
        foreach (double x in entries)
        {
            long bits = BitConverter.DoubleToInt64Bits(x) & magnitude;
            if (bits != 0 && bits < smallest) smallest = bits; // the smallest magnitude has the smallest exponent
        }
        if (smallest == long.MaxValue) return int.MaxValue;
        int biased = (int)(smallest >> 52);
        return biased == 0 ? -1074 : biased - 1075;
    }
}
