using Sharpness.Certified;
using Sharpness.Exact;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Training;

/// <summary>The one call for λmax(H) at any point (issue 11, item 5), against the exact routes and dense Hessians.</summary>
public class HessianSharpnessTests
{
    [Fact]
    public void At_a_zero_loss_point_it_is_the_exact_route_bit_for_bit()
    {
        var point = F7;
        var h = HessianSharpness.Of(point, point.Product());
        Assert.Equal(SharpnessSource.Exact, h.Source);
        Assert.NotNull(h.ZeroLoss);
        Assert.Null(h.Lanczos);
        var exact = ExactSharpness.Of(point, point.Product());
        Assert.Equal(exact.Value, h.Value);
        Assert.Equal(exact.RelativeEigenResidual, h.RelativeEigenResidual);
        Assert.Equal(exact.Applications, h.Applications);
        AssertRel(HessianSpectrum.Of(FactorizationLoss.AtOwnProduct(point)).Largest, h.Value, 1e-12, "dense λmax at F7");
    }

    [Fact]
    public void Off_zero_loss_it_is_HVP_Lanczos_and_agrees_with_the_dense_Hessian()
    {
        var rng = new Random(11);
        for (int c = 0; c < 5; c++)
        {
            var point = RandomFactorization(rng, 3, 2, 4, 3);
            var target = Gaussian(rng, 3, 3);
            var h = HessianSharpness.Of(point, target);
            Assert.Equal(SharpnessSource.HessianLanczos, h.Source);
            Assert.Null(h.Exact);
            var dense = HessianSpectrum.Of(new FactorizationLoss(point, target)).Largest;
            AssertRel(dense, h.Value, 1e-9, $"case {c}: HVP-Lanczos vs dense λmax(H)");
            Assert.Equal(new FactorizationLoss(point, target).RelativeResidual, h.RelativeLossResidual);
            // The certified interval built on this run is the one built from scratch, and contains the value.
            var around = CertifiedSharpness.Of(h);
            var fresh = CertifiedSharpness.Of(point, target);
            Assert.Equal(fresh.Lower, around.Lower);
            Assert.Equal(fresh.Upper, around.Upper);
            Assert.True(around.Contains(dense), $"case {c}: [{around.Lower}, {around.Upper}] ∌ {dense}");
        }
    }

    [Fact]
    public void The_zero_loss_decision_is_the_callers_tolerance()
    {
        // P − M of relative size ≈ 1e-7: Lanczos at the default 1e-9, the exact route once the caller allows 1e-6.
        var point = F7;
        var target = point.Product() * (1 + 1e-7);
        Assert.Equal(SharpnessSource.HessianLanczos, HessianSharpness.Of(point, target).Source);
        var allowed = HessianSharpness.Of(point, target, residualTolerance: 1e-6);
        Assert.Equal(SharpnessSource.Exact, allowed.Source);
        Assert.Equal(1e-6, allowed.ZeroLoss!.Tolerance);
    }
}
