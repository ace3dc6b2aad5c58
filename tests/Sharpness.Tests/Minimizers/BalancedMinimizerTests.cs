using Sharpness;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.Minimizers;
using Sharpness.Model;
using Sharpness.Tests.Properties;
using static Sharpness.Tests.TestData;
using Sharpness.LinearAlgebra;

namespace Sharpness.Tests.Minimizers;

/// <summary>Theory §5 check 18 (and the balanced-minimizer part of check 26): the balanced minimizer of §2.6.</summary>
public class BalancedMinimizerTests
{
    public static TheoryData<int[], int> Shapes => new()
    {
        { [4, 3, 3], 3 },          // depth 2, full rank
        { [4, 5, 2, 3], 2 },       // depth 3, bottleneck 2 = rank
        { [3, 3, 4, 3, 2], 1 },    // depth 4, rank 1 (rank-deficient)
        { [2, 3, 3, 3, 3, 2], 2 }, // depth 5
        { [3, 2, 4], 0 },          // M = 0
        { [3, 4], 2 },             // depth 1
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Check18_sharpness_products_and_full_spectrum(int[] widths, int rank)
    {
        int depth = widths.Length - 1;
        var rng = new Random(1800 + widths.Sum() + rank);
        var target = RandomOfRank(rng, widths[^1], widths[0], rank);
        foreach (var w in new[] { BalancedMinimizer.Create(target, widths, seed: 18), BalancedMinimizer.Create(target, widths) })
        {
            var residual = (w.Product() - target).FrobeniusNorm();
            Assert.True(residual <= 1e-13 * Math.Max(1, target.FrobeniusNorm()), $"P − M = {residual:G3}");
            double sigma1 = target.Svd(false).S[0];
            double expected = depth == 1 ? 1 : depth * Math.Pow(sigma1, 2 - 2.0 / depth);
            var dense = new DenseReference(w, target);
            Assert.True(Math.Abs(dense.Largest - expected) <= 1e-9 * Math.Max(expected, 1e-300), $"λ {dense.Largest:R} vs N‖M‖^(2−2/N) {expected:R}");
            Assert.True(Math.Abs(ExactSharpness.Of(w, target).Value - expected) <= 1e-9 * Math.Max(expected, 1e-300));

            double level = depth == 1 ? 1 : Math.Pow(sigma1, (depth - 1.0) / depth);
            foreach (var p in SpectralBalance.ProductsOf(w))
                Assert.True(Math.Abs(p - level) <= 1e-9 * Math.Max(level, 1e-300), $"product {p:R} vs {level:R}");

            // Full spectrum: κ_ab from the singular values (computed here by MathNet), vs the dense Hessian.
            var s = target.Svd(false).S.Where(x => x > 1e-12 * sigma1).ToArray();
            var kappa = BalancedSpectrum.Eigenvalues(s, widths[^1], widths[0], depth);
            DenseReference.AssertSpectraMatch(kappa, dense.Eigenvalues, 1e-10 * Math.Max(expected, 1e-300), "κ spectrum");
            if (depth >= 2) Assert.True(FrobeniusBalance.Of(w).IsGradientFlowBalanced, "balanced minimizer must be F2-balanced");
        }
    }

    [Fact]
    public void Kappa_formula_special_cases()
    {
        Assert.Equal(3.0 + 0.5, BalancedSpectrum.Kappa(3, 0.5, 2), 14); // depth 2: σ_a + σ_b (Kronecker sum)
        Assert.Equal(1.0, BalancedSpectrum.Kappa(7, 2, 1), 14);        // depth 1: H = I
        Assert.Equal(0.0, BalancedSpectrum.Kappa(0, 0, 3), 14);        // both outside the rank: a null direction
        Assert.Equal(Math.Pow(2, 4.0 / 3), BalancedSpectrum.Kappa(2, 0, 3), 13); // only the i = 1 term survives
        Assert.Equal(Math.Pow(2, 4.0 / 3), BalancedSpectrum.Kappa(0, 2, 3), 13); // only the i = N term survives
        Assert.Throws<ArgumentException>(() => BalancedSpectrum.Eigenvalues([1, 2, 3], 2, 5, 2));
    }

    [Theory]
    [InlineData(1e-150, 2)]
    [InlineData(1e-30, 3)]
    [InlineData(1e30, 5)]
    [InlineData(1e150, 3)]
    public void Check26_scale_covariance_with_a_relative_rank_threshold(double scale, int depth)
    {
        var rng = new Random(26);
        var target = RandomOfRank(rng, 3, 2, 2);
        int[] widths = [2, .. Enumerable.Repeat(3, depth - 1), 3];
        double reference = ExactSharpness.Of(BalancedMinimizer.Create(target, widths, 1)).Value;
        var scaled = BalancedMinimizer.Create(scale * target, widths, 1);
        double expected = Math.Pow(scale, 2 - 2.0 / depth) * reference;
        AssertRel(expected, ExactSharpness.Of(scaled).Value, 1e-12, "λ(sM)");
        AssertRel(expected, MinimalSharpness.Of(scale * target, widths), 1e-12, "s_min(sM)");
        Assert.Equal(2, CompactSvd.Of(scale * target).Rank);
        var verdict = FlatnessVerdict.Of(scaled, scale * target);
        Assert.True(verdict.IsFlat, verdict.Reason);
        Assert.True(verdict.Spectral.IsStrong, verdict.Reason);
        Assert.True(verdict.TopDirection.Holds, verdict.Reason);
    }

    [Fact]
    public void Seeds_are_reproducible_and_bad_widths_are_named()
    {
        var target = RandomOfRank(new Random(3), 3, 3, 2);
        var a = BalancedMinimizer.Create(target, [3, 4, 3], 5).ToVector();
        var b = BalancedMinimizer.Create(target, [3, 4, 3], 5).ToVector();
        Assert.Equal(a, b);
        Assert.NotEqual(a, BalancedMinimizer.Create(target, [3, 4, 3], 6).ToVector());
        // changed by issue 11: the library's error contract (OutsideDomainException) instead of ArgumentException
        var narrow = Assert.Throws<OutsideDomainException>(() => BalancedMinimizer.Create(target, [3, 1, 3]));
        Assert.Contains("rank M = 2", narrow.Message);
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        var shape = Assert.Throws<ShapeMismatchException>(() => BalancedMinimizer.Create(target, [2, 4, 3]));
        Assert.Contains("d_0 = n = 3", shape.Message);
    }
}
