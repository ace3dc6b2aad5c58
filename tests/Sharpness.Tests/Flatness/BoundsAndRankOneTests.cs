using Sharpness;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.Minimizers;
using Sharpness.Model;
using Sharpness.Tests.Properties;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Flatness;

/// <summary>Theory §5 checks 19, 22, 23: the depth-2 identity and the rank-one undercount at depth ≥ 3.</summary>
public class BoundsAndRankOneTests
{
    [Fact]
    public void Check19_depth_two_identity_on_random_factors()
    {
        var rng = new Random(19);
        for (int trial = 0; trial < 40; trial++)
        {
            int m = 1 + rng.Next(4), n = 1 + rng.Next(4), d = 1 + rng.Next(4);
            var w = DeepFactorization.FromLeftRight(Gaussian(rng, m, d), Gaussian(rng, n, d));
            double lambda = new DenseReference(w).Largest; // independent of the closed form
            var id = DepthTwoIdentity.Of(w);
            double lhs = lambda - 2 * id.TargetNorm;
            double scale = id.LeftNorm * id.LeftNorm + id.RightNorm * id.RightNorm;
            Assert.True(Math.Abs(lhs - (id.ImbalanceTerm + id.ProductTerm)) <= 1e-12 * scale,
                $"trial {trial}: λ − 2‖M‖ = {lhs:R}, terms sum to {id.ImbalanceTerm + id.ProductTerm:R}");
            Assert.True(id.ImbalanceTerm >= 0);
            Assert.True(id.ProductTerm >= -1e-12 * scale, $"product term {id.ProductTerm:R} < 0");
        }
        // changed by issue 11: the library's error contract (OutsideDomainException) instead of ArgumentException
        Assert.Throws<OutsideDomainException>(() => DepthTwoIdentity.Of(F6));
    }

    [Fact]
    public void Check22_F8_rank_one_value_undercounts_the_exact_sharpness()
    {
        var w = F8;
        var dense = new DenseReference(w);
        AssertRel(0.6413726136911615, dense.Largest, 1e-12, "dense λmax");

        // X₁ from the dense Hessian's top eigenvector: J v₁ = √λ X₁.
        var v1 = dense.Spectrum.Eigenvectors.Column(0);
        var jv = dense.Jacobian * v1;
        var x1 = Matrix<double>.Build.Dense(2, 2, (a, b) => jv[a * 2 + b]);
        x1 /= x1.FrobeniusNorm();
        var sv = x1.Svd(false).S;
        Assert.Equal(0.9622712015, sv[0], 8);
        Assert.Equal(0.2720921438, sv[1], 8);

        var rankOne = RankOneSharpness.Maximize(w, restarts: 60, seed: 22);
        Assert.True(Math.Abs(rankOne.Value - 0.6229459258931657) <= 1e-8, $"rank-one value {rankOne.Value:R}");
        Assert.True(dense.Largest - rankOne.Value >= 0.018, $"gap {dense.Largest - rankOne.Value:R}");
        AssertRel(1.0989243956193826, SharpnessBounds.Of(w).Upper, 1e-12, "upper bound");

        // The reported vectors really reach the reported value (Rayleigh quotient with the dense K = JJᵀ).
        var x = rankOne.Left.OuterProduct(rankOne.Right);
        var vec = Vector<double>.Build.Dense(4, i => x[i / 2, i % 2]);
        AssertRel(rankOne.Value, vec * (dense.K * vec), 1e-12, "⟨X, KX⟩ of the returned pair");
    }

    [Fact]
    public void Rank_one_value_is_exact_at_depth_two_and_at_balanced_minimizers()
    {
        var rng = new Random(5);
        var l = Gaussian(rng, 3, 4);
        var r = Gaussian(rng, 2, 4);
        var depthTwo = DeepFactorization.FromLeftRight(l, r);
        AssertRel(new DenseReference(depthTwo).Largest, RankOneSharpness.Maximize(depthTwo, 10, 1).Value, 1e-10, "depth 2");
        var balanced = BalancedMinimizer.Create(RandomOfRank(rng, 3, 3, 2), [3, 3, 4, 3], 7);
        AssertRel(new DenseReference(balanced).Largest, RankOneSharpness.Maximize(balanced, 10, 1).Value, 1e-10, "balanced depth 3");
    }

    [Fact]
    public void Check23_random_deep_minimizers_rank_one_below_exact_below_upper_bound()
    {
        for (int trial = 0; trial < 12; trial++)
        {
            var rng = new Random(2300 + trial);
            int depth = 3 + trial % 3;
            int m = 2 + rng.Next(2), n = 2 + rng.Next(2);
            int[] widths = [n, .. Enumerable.Range(0, depth - 1).Select(_ => Math.Max(m, n) + rng.Next(2)), m];
            var target = RandomOfRank(rng, m, n, Math.Min(m, n));
            var w = RandomMinimizers.OnGLOrbit(BalancedMinimizer.Create(target, widths, trial), 100 + trial);
            var dense = new DenseReference(w);
            double rankOne = RankOneSharpness.Maximize(w, restarts: 20, seed: trial).Value;
            Assert.True(rankOne <= dense.Largest * (1 + 1e-12), $"trial {trial}: rank-one {rankOne:R} > λ {dense.Largest:R}");
            Assert.True(dense.Largest <= SharpnessBounds.Of(w).Upper * (1 + 1e-12), $"trial {trial}: upper bound exceeded");
            var x1 = ExactSharpness.Of(w).TopEigenvectorK;
            var s = x1.Svd(false).S;
            Assert.True(s[1] > 1e-8 * s[0], $"trial {trial}: X₁ numerically rank one (σ₂/σ₁ = {s[1] / s[0]:G3})");
        }
    }

    [Fact]
    public void Rank_one_search_is_deterministic_and_validates_input()
    {
        var a = RankOneSharpness.Maximize(F8, 5, 99);
        var b = RankOneSharpness.Maximize(F8, 5, 99);
        Assert.Equal(a.Value, b.Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => RankOneSharpness.Maximize(F8, 0));
    }
}
