using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.LinearAlgebra;
using Sharpness.Measures;
using Sharpness.Model;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Model;

/// <summary>One validated zero-loss point, made by one factory with the caller's tolerance (issue 11).</summary>
public class ZeroLossPointTests
{
    // F7 with M perturbed so that ‖P − M‖_F/‖M‖_F ≈ 1e-7: outside the default 1e-9, inside 1e-6.
    private static (DeepFactorization Point, Matrix<double> Target, double Residual) Perturbed()
    {
        var p = F7.Product();
        var m = p.Clone();
        m[0, 0] += 1e-7 * p.FrobeniusNorm();
        return (F7, m, (p - m).FrobeniusNorm() / m.FrobeniusNorm());
    }

    [Fact]
    public void The_factory_enforces_the_callers_tolerance_and_reports_the_residual()
    {
        var (w, m, residual) = Perturbed();
        var e = Assert.Throws<NotZeroLossException>(() => ZeroLossPoint.Create(w, m));
        AssertRel(residual, e.RelativeResidual, 1e-12, "reported residual");
        Assert.Equal(ZeroLossPoint.DefaultTolerance, e.Tolerance);
        var z = ZeroLossPoint.Create(w, m, tolerance: 1e-6);
        AssertRel(residual, z.RelativeResidual, 1e-12, "stored residual");
        Assert.Equal(1e-6, z.Tolerance);
        Assert.False(ZeroLossPoint.TryCreate(w, m, 1e-8, out var none, out double r));
        Assert.Null(none);
        AssertRel(residual, r, 1e-12, "TryCreate residual");
    }

    [Fact]
    public void Flatness_and_measures_honour_the_tolerance_the_point_was_made_with()
    {
        // Before issue 11 the flatness code checked the residual against a hard-coded 1e-9 whatever the caller chose.
        var (w, m, _) = Perturbed();
        Assert.Throws<NotZeroLossException>(() => FlatnessVerdict.Of(w, m));
        var z = ZeroLossPoint.Create(w, m, tolerance: 1e-6);
        var verdict = FlatnessVerdict.Of(z);
        Assert.Equal(48, verdict.Sharpness, 12); // F7: λ = 48 (theory §5), computed from W alone
        Assert.Equal(ExactSharpness.Of(F7).Value, ExactSharpness.Of(z).Value);
        Assert.Equal(HessianTrace.Of(F7), HessianTrace.Of(z));
    }

    [Fact]
    public void Without_a_target_the_point_is_its_own_product_with_zero_residual()
    {
        var z = ZeroLossPoint.Create(F8);
        Assert.True(z.IsOwnProduct);
        Assert.Equal(0, z.RelativeResidual);
        Assert.Equal(F8.Product(), z.Target);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(-100)]
    [InlineData(200)]
    public void Scale_back_names_the_power_and_is_exact(int k)
    {
        // λ(2^k W) = 2^{2k(N−1)} λ(W) exactly: F7 has λ = 48, a dyadic, at every representable scale.
        var scaled = new DeepFactorization(F7.Layers.Select(x => PowerOfTwo.Scale(x, k)));
        var z = ZeroLossPoint.Create(scaled);
        Assert.Equal(k + 1, z.Scaling.Exponent); // F7's largest entry is 2 = 2^1
        double lambda = ExactSharpness.Of(z).Value;
        Assert.Equal(Math.ScaleB(48.0, 2 * k * 2), lambda);
        // A wrong power would be off by a power of two, not by rounding: each power is its own exponent.
        Assert.NotEqual(lambda, z.Scaling.ScaleBack(ExactSharpness.Of(z.Scaling.Unit).Value, ScalingPower.Product));
        Assert.Equal(lambda, z.Scaling.ScaleBack(ExactSharpness.Of(z.Scaling.Unit).Value, ScalingPower.Curvature));
        // The unit target is 2^{−(k+1)N} M = P(F7)/8, bit for bit.
        Assert.Equal(F7.Product() / 8, z.UnitTarget);
    }

    [Fact]
    public void The_powers_are_the_homogeneity_degrees_of_the_theory()
    {
        // N = 3, k = 5: entries 2^5, squares 2^10, ‖A_i‖‖B_i‖ 2^10, λ 2^20, P 2^15.
        Assert.Equal(5, PowerOfTwo.Exponent(ScalingPower.Layer, 5, 3));
        Assert.Equal(10, PowerOfTwo.Exponent(ScalingPower.LayerSquared, 5, 3));
        Assert.Equal(10, PowerOfTwo.Exponent(ScalingPower.FactorProduct, 5, 3));
        Assert.Equal(20, PowerOfTwo.Exponent(ScalingPower.Curvature, 5, 3));
        Assert.Equal(15, PowerOfTwo.Exponent(ScalingPower.Product, 5, 3));
        Assert.Equal(0, PowerOfTwo.UnitExponent(0));
        Assert.Equal(-3, PowerOfTwo.UnitExponent(0.2));
    }

    private static void AssertRel(double expected, double actual, double rel, string what) =>
        Assert.True(Math.Abs(actual - expected) <= rel * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");
}
