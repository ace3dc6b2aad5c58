using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;

namespace Sharpness.Model;

/// <summary>
/// The exact power-of-two rescaling of a point, W = 2^k W' with W' of unit magnitude (largest entry in [1, 2)).
/// A quantity computed on W' is brought back with <see cref="ScaleBack"/>, naming how it scales
/// (<see cref="ScalingPower"/>: λmax by 2^{2k(N−1)}, products by 2^{kN}, …); so Gram matrices neither overflow nor
/// underflow (theory check 27), and not a single mantissa changes.
/// </summary>
public sealed class UnitScaling
{
    private UnitScaling(DeepFactorization original, DeepFactorization unit, int exponent)
    {
        Original = original;
        Unit = unit;
        Exponent = exponent;
    }

    /// <summary>The point W as given.</summary>
    public DeepFactorization Original { get; }

    /// <summary>W' = 2^{−k} W (the point itself when k = 0).</summary>
    public DeepFactorization Unit { get; }

    /// <summary>k.</summary>
    public int Exponent { get; }

    /// <summary>The depth N.</summary>
    public int Depth => Original.Depth;

    /// <summary>The unit scaling of <paramref name="point"/>, skipped (k = 0, no copy) when the scale of λ,
    /// 2^{2k(N−1)}, is far from both limits anyway: the scaling is exact, so skipping it changes nothing.</summary>
    public static UnitScaling Of(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        int k = PowerOfTwo.UnitExponent(Guard.MaxAbs(point.Layers));
        return Math.Abs(k) * 2 * point.Depth <= 64 ? new UnitScaling(point, point, 0) : Scaled(point, k);
    }

    /// <summary>The unit scaling of <paramref name="point"/> whenever |k| exceeds <paramref name="skipUpTo"/>
    /// (0: whenever k ≠ 0); for callers whose own computation needs a tighter or looser window than
    /// <see cref="Of"/>.</summary>
    public static UnitScaling Beyond(DeepFactorization point, int skipUpTo)
    {
        ArgumentNullException.ThrowIfNull(point);
        int k = PowerOfTwo.UnitExponent(Guard.MaxAbs(point.Layers));
        return Math.Abs(k) <= skipUpTo ? new UnitScaling(point, point, 0) : Scaled(point, k);
    }

    /// <summary>Whether neither W_N⋯W_1 nor the product of the layers scaled by 2^{−k} (the unit scaling of
    /// <see cref="Beyond"/> with skipUpTo 0) can lose a digit to underflow (<see cref="PowerOfTwo.ProductCannotUnderflow"/>
    /// at both scales). Then, barring overflow, the two products computed the same way are exact power-of-two
    /// multiples of each other, bit for bit.</summary>
    public static bool ProductsCannotUnderflow(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        int k = PowerOfTwo.UnitExponent(Guard.MaxAbs(point.Layers));
        return PowerOfTwo.ProductCannotUnderflow(point.Layers) && (k == 0 || PowerOfTwo.ProductCannotUnderflow(point.Layers, k));
    }

    /// <summary>The exponent e of 2^e by which a quantity of the given power scales between W' and W.</summary>
    public int ExponentOf(ScalingPower power) => PowerOfTwo.Exponent(power, Exponent, Depth);

    /// <summary>A value computed on <see cref="Unit"/>, at the original scale: value · 2^{power(k, N)}.</summary>
    public double ScaleBack(double value, ScalingPower power) => PowerOfTwo.ScaleBack(value, power, Exponent, Depth);

    /// <summary>A matrix at the original scale brought to the unit scale: 2^{−power(k, N)}·m (e.g. the target,
    /// with <see cref="ScalingPower.Product"/>: M' = 2^{−kN} M). <paramref name="m"/> itself when k = 0.</summary>
    public Matrix<double> ToUnit(Matrix<double> m, ScalingPower power) =>
        PowerOfTwo.Scale(m, -PowerOfTwo.Exponent(power, Exponent, Depth));

    private static UnitScaling Scaled(DeepFactorization point, int k) =>
        new(point, new DeepFactorization(point.Layers.Select(w => PowerOfTwo.Scale(w, -k))), k);
}
