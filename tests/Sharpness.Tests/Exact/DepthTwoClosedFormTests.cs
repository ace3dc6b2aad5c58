using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Model;
using Sharpness.Tests.Verification;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Exact;

/// <summary>Theory §5 check 12: the depth-2 closed form (§2.4) against the dense Hessian on seeded Gaussian L, R.</summary>
public class DepthTwoClosedFormTests
{
    [Theory]
    [InlineData(10, 20, 20)]
    [InlineData(10, 20, 30)]
    [InlineData(25, 20, 30)]
    [InlineData(6, 4, 2)]
    [InlineData(3, 7, 5)]
    [InlineData(1, 5, 3)]
    [InlineData(5, 1, 3)]
    [InlineData(1, 1, 4)]
    public void Check12_depth_two_closed_form(int m, int n, int d)
    {
        var rng = new Random(1200 + 7 * m + 3 * n + d);
        var l = Gaussian(rng, m, d);
        var r = Gaussian(rng, n, d);
        var w = DeepFactorization.FromLeftRight(l, r);
        var loss = new FactorizationLoss(w, l.TransposeAndMultiply(r));
        var hessian = DenseHessian.Of(loss);
        // Values-only dense solver (P up to 1350 here); cross-checked against MathNet's EVD on the small shapes.
        var eigenvalues = SymmetricEigenvalues.Descending(hessian);
        double lambda = eigenvalues[0];
        if (w.ParameterCount <= 300)
            Reference.AssertSpectraEqual(HessianSpectrum.Of(loss).Eigenvalues, eigenvalues, 1e-12 * lambda, "two dense solvers");

        // λmax = ‖L‖₂² + ‖R‖₂² (MathNet SVD) and the library's value.
        double sl = Reference.SpectralNorm(l), sr = Reference.SpectralNorm(r);
        AssertRel(sl * sl + sr * sr, lambda, 1e-11, "dense λmax vs ‖L‖² + ‖R‖²");
        var exact = ExactSharpness.Of(w);
        AssertRel(lambda, exact.Value, 1e-11, $"ExactSharpness ({exact.Route}) vs dense");

        // Full spectrum: the Kronecker sums λ_a(LLᵀ) + μ_b(RRᵀ), positive ones, padded with zeros to P.
        var la = Reference.Eigenvalues(Reference.Gram(l));
        var mb = Reference.Eigenvalues(Reference.Gram(r));
        var sums = la.SelectMany(a => mb.Select(b => a + b)).Where(x => x > 1e-10 * lambda).OrderByDescending(x => x).ToList();
        int rl = l.Rank(), rr = r.Rank();
        Assert.Equal(m * n - (m - rl) * (n - rr), sums.Count);
        var expected = sums.Concat(Enumerable.Repeat(0.0, w.ParameterCount - sums.Count)).ToArray();
        Reference.AssertSpectraEqual(expected, eigenvalues, 1e-11 * lambda, $"spectrum ({m},{n},{d})");
        Assert.Equal(m * n - (m - rl) * (n - rr), eigenvalues.Count(x => Math.Abs(x) > 1e-11 * lambda));

        // Closed-form v1 = (σ₁(R) u₁q₁ᵀ, σ₁(L) v₁p₁ᵀ)/√(σ₁(L)² + σ₁(R)²), as (δW₁, δW₂) = (δRᵀ, δL).
        var svdL = l.Svd(true);
        var svdR = r.Svd(true);
        var u1 = svdL.U.Column(0); var p1 = svdL.VT.Row(0);
        var v1 = svdR.U.Column(0); var q1 = svdR.VT.Row(0);
        var deltaL = sr * u1.OuterProduct(q1);
        var deltaR = sl * v1.OuterProduct(p1);
        var top = Reference.Vec(new DeepFactorization(deltaR.Transpose(), deltaL)) / Math.Sqrt(sl * sl + sr * sr);
        AssertRel(1, top.L2Norm(), 1e-13, "‖closed-form v1‖");
        double residual = (hessian * top - lambda * top).L2Norm();
        Assert.True(residual <= 1e-11 * lambda, $"closed-form v1 residual {residual:G3}");

        // The library's v1 agrees up to sign (the top eigenvalue of a Gaussian instance is simple).
        var libraryTop = Reference.Vec(exact.TopEigenvector);
        Assert.True(Math.Abs(Math.Abs(libraryTop * top) - 1) <= 1e-10, $"|⟨v1, closed form⟩| = {Math.Abs(libraryTop * top):R}");

        // (−Rᵀ, L) in (W₁, W₂) order is a null vector, and so is the library's rescaling direction.
        var nullDirection = Reference.Vec(new DeepFactorization(-r.Transpose(), l));
        Assert.True((hessian * nullDirection).L2Norm() <= 1e-12 * lambda * nullDirection.L2Norm(), "H(−Rᵀ, L) = 0");
        var vn = Reference.Vec(ExactSharpness.RescalingNullDirection(w));
        AssertRel(1, vn.L2Norm(), 1e-14, "‖vN‖");
        Assert.True((hessian * vn).L2Norm() <= 1e-12 * lambda, "H vN = 0");
    }

    [Fact]
    public void Check12_forced_general_routes_agree_with_the_closed_form()
    {
        var rng = new Random(1212);
        var w = DeepFactorization.FromLeftRight(Gaussian(rng, 6, 5), Gaussian(rng, 7, 5));
        var closed = ExactSharpness.Of(w);
        Assert.Equal(SharpnessRoute.DepthTwo, closed.Route);
        foreach (var route in new[] { SharpnessRoute.DenseK, SharpnessRoute.LanczosK })
        {
            var other = ExactSharpness.Of(w, options: new ExactSharpnessOptions { Route = route });
            AssertRel(closed.Value, other.Value, 1e-12, $"{route} vs DepthTwo");
            Assert.True(Math.Abs(Math.Abs(other.TopEigenvector.Dot(closed.TopEigenvector)) - 1) <= 1e-10, $"v1 from {route}");
        }
    }
}
