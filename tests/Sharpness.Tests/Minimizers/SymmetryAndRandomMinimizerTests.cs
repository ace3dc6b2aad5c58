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

/// <summary>The symmetry transforms and the random minimizer constructors (theory §2.7, §4).</summary>
public class SymmetryAndRandomMinimizerTests
{
    [Fact]
    public void Rescaling_keeps_the_product_and_refuses_a_product_other_than_one()
    {
        var w = F7;
        var moved = LayerSymmetries.Rescale(w, [2, 0.25, 2]);
        Assert.True((moved.Product() - w.Product()).FrobeniusNorm() <= 1e-14 * w.Product().FrobeniusNorm());
        var ex = Assert.Throws<ArgumentException>(() => LayerSymmetries.Rescale(w, [2, 0.25, 3]));
        Assert.Contains("product 1.5", ex.Message);
        Assert.Throws<ArgumentException>(() => LayerSymmetries.Rescale(w, [2, 0.5]));
        Assert.Throws<ArgumentException>(() => LayerSymmetries.Rescale(w, [double.NaN, 1, 1]));
    }

    [Fact]
    public void Rescaling_example_of_check30_reweights_kronecker_terms()
    {
        // α = (2, ¼, 2): K → Σ_i α_i^{−2} K_i with K_i = J_iJ_iᵀ from the dense Jacobian, rank unchanged.
        var rng = new Random(30);
        var w = RandomFactorization(rng, 2, 3, 3, 2);
        double[] alpha = [2, 0.25, 2];
        var before = new DenseReference(w);
        var after = new DenseReference(LayerSymmetries.Rescale(w, alpha));
        var expected = before.KTerm(w, 1) / 4 + before.KTerm(w, 2) * 16 + before.KTerm(w, 3) / 4;
        Assert.True((after.K - expected).FrobeniusNorm() <= 1e-10 * expected.FrobeniusNorm());
        Assert.Equal(before.Positive().Length, after.Positive().Length);
        Assert.True(Math.Abs(after.Largest - before.Largest) > 1e-3 * before.Largest, "λ should change under rescaling");
    }

    [Fact]
    public void Change_of_basis_touches_only_its_two_layers_and_validates_G()
    {
        var rng = new Random(4);
        var w = RandomFactorization(rng, 2, 3, 4, 2);
        var g = RandomMatrices.Invertible(rng, 4, 0.5);
        var moved = LayerSymmetries.ChangeBasis(w, 2, g);
        Assert.True((moved.Product() - w.Product()).FrobeniusNorm() <= 1e-13 * w.Product().FrobeniusNorm());
        Assert.Equal(w.Layers[0], moved.Layers[0]);
        Assert.True((moved.Layers[1] - g * w.Layers[1]).FrobeniusNorm() <= 1e-14);
        Assert.True((moved.Layers[2] * g - w.Layers[2]).FrobeniusNorm() <= 1e-13);

        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        var wrongSize = Assert.Throws<ShapeMismatchException>(() => LayerSymmetries.ChangeBasis(w, 2, Matrix<double>.Build.DenseIdentity(3)));
        Assert.Contains("4×4", wrongSize.Message);
        Assert.Contains("3×3", wrongSize.Message);
        // changed by issue 11: the library's error contract (OutsideDomainException) instead of ArgumentException
        var singular = Assert.Throws<OutsideDomainException>(() => LayerSymmetries.ChangeBasis(w, 1, Diag(1, 1, 0)));
        Assert.Contains("singular", singular.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerSymmetries.ChangeBasis(w, 3, Matrix<double>.Build.DenseIdentity(2)));
    }

    [Fact]
    public void General_G_changes_lambda_but_not_rank()
    {
        var target = RandomOfRank(new Random(8), 3, 3, 2);
        var w = BalancedMinimizer.Create(target, [3, 3, 3, 3], 2);
        var g = Diag(3, 1, 0.5);
        var moved = LayerSymmetries.ChangeBasis(w, 1, g);
        var before = new DenseReference(w);
        var after = new DenseReference(moved);
        Assert.True(after.Largest > before.Largest * 1.01, $"λ {before.Largest} → {after.Largest}");
        Assert.Equal(before.Positive().Length, after.Positive().Length);
    }

    [Theory]
    [InlineData(new[] { 3, 2, 4 }, 2)]
    [InlineData(new[] { 4, 2, 3, 3 }, 1)]
    [InlineData(new[] { 2, 3, 3, 2, 4, 3 }, 2)]
    [InlineData(new[] { 3, 5, 2 }, 0)]
    [InlineData(new[] { 3, 2 }, 2)]
    public void Pseudoinverse_completion_is_a_reproducible_zero_loss_point_above_the_bound(int[] widths, int rank)
    {
        var target = RandomOfRank(new Random(17 + rank), widths[^1], widths[0], rank);
        var w = RandomMinimizers.PseudoinverseCompletion(target, widths, 71);
        double scale = Math.Max(1, target.FrobeniusNorm());
        Assert.True((w.Product() - target).FrobeniusNorm() <= 1e-12 * scale, "P(W) ≠ M");
        Assert.Equal(widths, w.Widths);
        double sMin = MinimalSharpness.Of(target, widths);
        Assert.True(new DenseReference(w, target).Largest >= sMin * (1 - 1e-9));
        Assert.Equal(w.ToVector(), RandomMinimizers.PseudoinverseCompletion(target, widths, 71).ToVector());
    }

    [Fact]
    public void Random_orbits_stay_on_the_minimizer_set_and_are_reproducible()
    {
        var target = RandomOfRank(new Random(9), 3, 4, 2);
        var w = BalancedMinimizer.Create(target, [4, 3, 2, 3], 1);
        foreach (var moved in new[] { RandomMinimizers.OnGLOrbit(w, 5), RandomMinimizers.OnRescalingOrbit(w, 5) })
        {
            Assert.True((moved.Product() - target).FrobeniusNorm() <= 1e-12 * target.FrobeniusNorm());
            Assert.True(ExactSharpness.Of(moved, target).Value > MinimalSharpness.Of(target, moved.Widths) * (1 + 1e-6),
                "a generic point off the balanced one is sharper");
        }
        Assert.Equal(RandomMinimizers.OnGLOrbit(w, 5).ToVector(), RandomMinimizers.OnGLOrbit(w, 5).ToVector());
    }

    [Fact]
    public void Sharpness_is_unbounded_on_the_rescaling_orbit()
    {
        var w = F4;
        double previous = ExactSharpness.Of(w).Value;
        foreach (double a in new[] { 2.0, 4.0, 8.0 })
        {
            var moved = LayerSymmetries.Rescale(w, [1 / a, a]);
            double lambda = new DenseReference(moved).Largest;
            Assert.True(lambda > previous);
            previous = lambda;
        }
    }
}
