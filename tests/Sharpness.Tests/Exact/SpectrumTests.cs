using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Tests.Verification;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Exact;

/// <summary>Theory §5 checks 5–7: the Hessian's spectrum against K's at a random zero-loss point, v₁ = JᵀX₁/√λ,
/// HVP-Lanczos against λ_K, and the ½ convention.</summary>
public class SpectrumTests
{
    private static readonly int[] CheckWidths = [4, 5, 3, 6, 2];

    private static DeepFactorization Point(int seed) => RandomFactorization(new Random(seed), CheckWidths);

    [Theory]
    [InlineData(501)]
    [InlineData(502)]
    public void Check5_nonzero_hessian_spectrum_equals_K_spectrum(int seed)
    {
        var w = Point(seed);
        var h = DenseHessian.Of(new FactorizationLoss(w, Reference.Product(w.Layers)));
        var hEig = Reference.Eigenvalues(h);
        var kRow = Reference.KRowMajor(w.Layers);
        var kEig = Reference.Eigenvalues(kRow);
        double lambda = kEig[0];
        int shared = Math.Min(w.ParameterCount, kEig.Length);
        for (int i = 0; i < shared; i++)
            AssertRel(kEig[i], hEig[i], 1e-11, $"eigenvalue {i} of H vs K");
        for (int i = shared; i < hEig.Length; i++)
            Assert.True(Math.Abs(hEig[i]) <= 1e-11 * lambda, $"extra eigenvalue {i} of H is {hEig[i]:G3}, not ≈ 0");
        for (int i = shared; i < kEig.Length; i++)
            Assert.True(Math.Abs(kEig[i]) <= 1e-11 * lambda, $"extra eigenvalue {i} of K is {kEig[i]:G3}, not ≈ 0");
        Reference.AssertSpectraEqual(kEig, Reference.Eigenvalues(Reference.KColumnMajor(w.Layers)), 1e-12 * lambda, "row- vs column-major K");
    }

    [Fact]
    public void Check6_v1_from_K_is_a_top_eigenvector_of_H_and_HVP_lanczos_matches()
    {
        var w = Point(601);
        var loss = new FactorizationLoss(w, Reference.Product(w.Layers));
        var h = DenseHessian.Of(loss);
        var evd = Reference.KRowMajor(w.Layers).Evd(Symmetricity.Symmetric);
        int dim = evd.EigenValues.Count;
        double lambda = evd.EigenValues[dim - 1].Real;
        var x1 = evd.EigenVectors.Column(dim - 1);
        var v1 = Reference.Jacobian(w.Layers).TransposeThisAndMultiply(x1) / Math.Sqrt(lambda);
        AssertRel(1, v1.L2Norm(), 1e-12, "‖JᵀX₁‖² = λ");
        double residual = (h * v1 - lambda * v1).L2Norm();
        Assert.True(residual <= 1e-11 * lambda, $"‖Hv₁ − λv₁‖ = {residual:G3}");

        // The library's v1 and value, from its own route.
        var exact = ExactSharpness.Of(w);
        AssertRel(lambda, exact.Value, 1e-12, "ExactSharpness vs dense K");
        var v = Reference.Vec(exact.TopEigenvector);
        AssertRel(1, v.L2Norm(), 1e-13, "‖v1‖");
        Assert.True((h * v - lambda * v).L2Norm() <= 1e-11 * lambda, "library v1 residual");

        var lanczos = HessianLanczos.Largest(loss, 1, new LanczosOptions { MaxIterations = 80 });
        AssertRel(lambda, lanczos.Top.Value, 1e-10, "HVP-Lanczos (80 steps) vs λ_K");
    }

    [Fact]
    public void Check7_without_the_half_every_eigenvalue_doubles()
    {
        var w = Point(701);
        var m = Reference.Product(w.Layers);
        var exact = ExactSharpness.Of(w);
        // The Hessian of ‖r‖² is 2JᵀJ + 2Σ r_k ∇²r_k; at zero loss it is 2JᵀJ.
        var j = Reference.Jacobian(w.Layers);
        var noHalf = Reference.Eigenvalues(2 * j.TransposeThisAndMultiply(j));
        AssertRel(2 * exact.Value, noHalf[0], 1e-12, "λmax without the ½");
        // The curvature of each loss along v1 by a second difference (odd terms cancel, error O(t²)).
        var v = exact.TopEigenvector;
        const double t = 1e-4;
        double Curvature(Func<double, double> f) => (f(t) - 2 * f(0) + f(-t)) / (t * t);
        double half = Curvature(s => Reference.Loss(w.Add(v, s).Layers, m));
        double full = Curvature(s => 2 * Reference.Loss(w.Add(v, s).Layers, m));
        AssertRel(exact.Value, half, 1e-6, "curvature of ½‖P − M‖² along v1");
        AssertRel(2 * exact.Value, full, 1e-6, "curvature of ‖P − M‖² along v1");
    }

    [Fact]
    public void Dense_hessian_quadratic_form_matches_a_second_difference_of_the_loss_at_a_generic_point()
    {
        var rng = new Random(702);
        var w = RandomFactorization(rng, CheckWidths);
        var m = Gaussian(rng, 2, 4);
        var h = DenseHessian.Of(new FactorizationLoss(w, m));
        var u = RandomFactorization(rng, CheckWidths);
        var uv = Reference.Vec(u);
        const double t = 1e-4;
        double fd = (Reference.Loss(w.Add(u, t).Layers, m) - 2 * Reference.Loss(w.Layers, m) + Reference.Loss(w.Add(u, -t).Layers, m)) / (t * t);
        AssertRel(uv * h * uv, fd, 1e-6, "uᵀHu vs second difference");
    }
}
