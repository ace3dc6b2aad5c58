using Sharpness.Exact;
using Sharpness.Verification;
using Sharpness.Model;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Exact;

/// <summary>Theory §5 checks on hard-coded fixtures: the exact value against the dense Hessian.</summary>
public class FixtureSharpnessTests
{
    [Fact]
    public void F4_depth_two_matches_expected_value_and_dense_hessian()
    {
        var w = F4;
        var exact = ExactSharpness.Compute(w);
        Assert.Equal(SharpnessRoute.DepthTwo, exact.Route);
        AssertRel(15.10600462062429, exact.Value, 1e-11, "λmax");
        var dense = HessianSpectrum.Compute(FactorizationLoss.AtOwnProduct(w));
        AssertRel(15.10600462062429, dense.Largest, 1e-11, "dense λmax");
        double[] expectedPositive = [15.106004620624290, 10.106004620624288, 8.115232386948168, 6.778762992427542, 6, 3.115232386948169, 1.778762992427544, 1];
        var positive = dense.Nonzero();
        Assert.Equal(expectedPositive.Length, positive.Count);
        for (int i = 0; i < expectedPositive.Length; i++) AssertRel(expectedPositive[i], positive[i], 1e-11, $"eigenvalue {i}");
        Assert.True(exact.RelativeEigenResidual < 1e-12, $"residual {exact.Residual}");
    }

    [Fact]
    public void F8_general_route_matches_expected_value()
    {
        var exact = ExactSharpness.Compute(F8);
        Assert.Equal(SharpnessRoute.DenseK, exact.Route);
        AssertRel(0.6413726136911615, exact.Value, 1e-12, "λmax");
        var lanczos = ExactSharpness.Compute(F8, options: new ExactSharpnessOptions { Route = SharpnessRoute.LanczosK });
        AssertRel(0.6413726136911615, lanczos.Value, 1e-12, "λmax by K-Lanczos");
        var dense = HessianSpectrum.Compute(FactorizationLoss.AtOwnProduct(F8));
        AssertRel(0.6413726136911615, dense.Largest, 1e-12, "dense λmax");
    }
}
