using Sharpness;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Tests.Verification;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Exact;

/// <summary>
/// Every route of <see cref="ExactSharpness"/> against the dense Hessian and against HVP-Lanczos (both brute force,
/// sharing no formula with the routes), forced routes against each other, and the reported residuals and iteration
/// counts.
/// </summary>
public class RouteAgreementTests
{
    public static TheoryData<string, SharpnessRoute> Cases => new()
    {
        { "depth one", SharpnessRoute.DepthOne },
        { "scalar chain", SharpnessRoute.ScalarChain },
        { "vector-width scalar", SharpnessRoute.VectorWidthScalar },
        { "depth two", SharpnessRoute.DepthTwo },
        { "depth three, small mn", SharpnessRoute.DenseK },
        { "depth four, mn above the dense limit", SharpnessRoute.LanczosK },
    };

    private static DeepFactorization Instance(string name)
    {
        var rng = new Random(name.Length * 31 + name[0]);
        return name switch
        {
            "depth one" => RandomFactorization(rng, 3, 4),
            "scalar chain" => RandomFactorization(rng, 1, 1, 1, 1, 1, 1),
            "vector-width scalar" => RandomFactorization(rng, 1, 3, 4, 1),
            "depth two" => RandomFactorization(rng, 5, 6, 4),
            "depth three, small mn" => RandomFactorization(rng, 4, 5, 3, 5),
            "depth four, mn above the dense limit" => RandomFactorization(rng, 21, 8, 6, 7, 20),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Chosen_route_matches_dense_hessian_and_hvp_lanczos(string name, SharpnessRoute expectedRoute)
    {
        var w = Instance(name);
        var exact = ExactSharpness.Of(w);
        Assert.Equal(expectedRoute, exact.Route);
        var loss = new FactorizationLoss(w, Reference.Product(w.Layers));
        var dense = HessianSpectrum.Of(loss);
        AssertRel(dense.Largest, exact.Value, 1e-11, $"{exact.Route} vs dense Hessian");
        var lanczos = HessianLanczos.Largest(loss);
        Assert.True(lanczos.Converged, "HVP-Lanczos converged");
        AssertRel(lanczos.Top.Value, exact.Value, 1e-11, $"{exact.Route} vs HVP-Lanczos");

        // Reported residual: small, and true (recomputed from v1 with the dense Hessian).
        Assert.True(exact.RelativeEigenResidual <= 1e-12, $"reported ‖KX − λX‖/λ = {exact.RelativeEigenResidual:G3}");
        Assert.True(exact.Converged);
        var v = Reference.Vec(exact.TopEigenvector);
        double trueResidual = (dense.Hessian * v - exact.Value * v).L2Norm();
        Assert.True(trueResidual <= 1e-10 * exact.Value, $"‖Hv1 − λv1‖ = {trueResidual:G3}");

        // Iterations: none for closed forms and dense solves; for Lanczos at least one and fewer than the dimension.
        if (exact.Route == SharpnessRoute.LanczosK)
            Assert.InRange(exact.Iterations, 2, Math.Min(w.OutputDimension * w.InputDimension, 150));
        else
            Assert.Equal(0, exact.Iterations);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_route_that_applies_gives_the_same_value(string name, SharpnessRoute chosen)
    {
        var w = Instance(name);
        var reference = ExactSharpness.Of(w);
        Assert.Equal(chosen, reference.Route);
        foreach (var route in Enum.GetValues<SharpnessRoute>())
        {
            SharpnessResult result;
            try { result = ExactSharpness.Of(w, options: new ExactSharpnessOptions { Route = route }); }
            // changed by issue 11: the library's error contract (OutsideDomainException) instead of ArgumentException
            catch (OutsideDomainException) { Assert.False(Applies(route, w), $"{route} should apply to {name}"); continue; }
            Assert.True(Applies(route, w), $"{route} should not apply to {name}");
            Assert.Equal(route, result.Route);
            AssertRel(reference.Value, result.Value, 1e-12, $"{route} vs {chosen} on {name}");
            Assert.True(result.RelativeEigenResidual <= 1e-11, $"{route} residual {result.RelativeEigenResidual:G3}");
        }
    }

    private static bool Applies(SharpnessRoute route, DeepFactorization w) => route switch
    {
        SharpnessRoute.DepthOne => w.Depth == 1,
        SharpnessRoute.ScalarChain => w.Widths.All(d => d == 1),
        SharpnessRoute.VectorWidthScalar => w.InputDimension == 1 && w.OutputDimension == 1,
        SharpnessRoute.DepthTwo => w.Depth == 2,
        _ => true,
    };

    [Fact]
    public void Lanczos_K_matches_HVP_lanczos_to_1e10_at_depth_four_width_30()
    {
        // The benchmark repeats this at width 100 (P = 40 000); width 30 keeps the unit test fast.
        var w = RandomFactorization(new Random(4030), 30, 30, 30, 30, 30);
        var exact = ExactSharpness.Of(w);
        Assert.Equal(SharpnessRoute.LanczosK, exact.Route);
        var hvp = HessianLanczos.Largest(FactorizationLoss.AtOwnProduct(w));
        Assert.True(hvp.Converged);
        AssertRel(hvp.Top.Value, exact.Value, 1e-10, "K-Lanczos vs HVP-Lanczos");
        Assert.True(exact.RelativeEigenResidual <= 1e-11, $"residual {exact.RelativeEigenResidual:G3}");
        Assert.InRange(exact.Iterations, 2, 300);
    }

    [Fact]
    public void Dense_K_limit_switches_between_dense_and_lanczos_with_the_same_value()
    {
        var w = RandomFactorization(new Random(77), 6, 4, 5, 7);
        var dense = ExactSharpness.Of(w, options: new ExactSharpnessOptions { DenseLimit = 42 });
        var lanczos = ExactSharpness.Of(w, options: new ExactSharpnessOptions { DenseLimit = 41 });
        Assert.Equal(SharpnessRoute.DenseK, dense.Route);
        Assert.Equal(SharpnessRoute.LanczosK, lanczos.Route);
        AssertRel(dense.Value, lanczos.Value, 1e-12, "dense K vs K-Lanczos");
        Assert.True(Math.Abs(Math.Abs(dense.TopEigenvector.Dot(lanczos.TopEigenvector)) - 1) <= 1e-9, "same v1 up to sign");
    }

    [Fact]
    public void Top_eigenvector_of_K_is_unit_and_has_the_reported_residual()
    {
        var w = RandomFactorization(new Random(78), 5, 4, 3, 6);
        var k = Reference.KRowMajor(w.Layers);
        foreach (var route in new[] { SharpnessRoute.DenseK, SharpnessRoute.LanczosK })
        {
            var result = ExactSharpness.Of(w, options: new ExactSharpnessOptions { Route = route });
            var x = result.TopEigenvectorK;
            AssertRel(1, x.FrobeniusNorm(), 1e-13, $"‖X₁‖ by {route}");
            var xv = Vector<double>.Build.Dense(x.RowCount * x.ColumnCount, i => x[i / x.ColumnCount, i % x.ColumnCount]);
            double residual = (k * xv - result.Value * xv).L2Norm();
            Assert.True(residual <= 1e-12 * result.Value, $"‖KX₁ − λX₁‖ by {route} = {residual:G3}");
            Assert.True(Math.Abs(residual - result.EigenResidual) <= 1e-12 * result.Value, $"reported residual {result.EigenResidual:G3} vs {residual:G3}");
        }
    }

    [Fact]
    public void Same_input_gives_bit_identical_results()
    {
        var w = RandomFactorization(new Random(79), 21, 8, 6, 7, 20);
        var a = ExactSharpness.Of(w);
        var b = ExactSharpness.Of(RandomFactorization(new Random(79), 21, 8, 6, 7, 20));
        Assert.Equal(a.Value, b.Value);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.TopEigenvector.ToVector(), b.TopEigenvector.ToVector());
    }

    [Fact]
    public void Lanczos_options_reach_the_route()
    {
        var w = RandomFactorization(new Random(80), 21, 8, 6, 7, 20);
        var capped = ExactSharpness.Of(w, options: new ExactSharpnessOptions { Lanczos = new LanczosOptions { MaxIterations = 3 } });
        Assert.Equal(3, capped.Iterations);
        Assert.True(capped.RelativeEigenResidual > 1e-6, "three steps cannot resolve λmax");
        Assert.False(capped.Converged);
        Assert.True(ExactSharpness.Of(w).Converged);
    }

    [Fact]
    public void Default_target_is_the_own_product_and_gives_the_same_result_as_passing_it()
    {
        var w = RandomFactorization(new Random(81), 5, 4, 6);
        var own = ExactSharpness.Of(w);
        var given = ExactSharpness.Of(w, Reference.Product(w.Layers));
        Assert.Equal(0.0, own.RelativeLossResidual);
        Assert.True(own.ZeroLoss && given.ZeroLoss);
        Assert.True(given.RelativeLossResidual <= 1e-15, $"relative residual {given.RelativeLossResidual:G3}");
        Assert.Equal(own.Value, given.Value);
        Assert.True(Reference.RelativeDifference(own.Target, Reference.Product(w.Layers)) <= 1e-15, "Target = P(W)");
    }
}
