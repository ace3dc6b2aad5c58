using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Verification;

/// <summary>The brute-force verifiers themselves: symmetry, finite differences, and the Lanczos verifier vs dense.</summary>
public class DenseHessianTests
{
    private static FactorizationLoss GenericLoss(int seed)
    {
        var rng = new Random(seed);
        var w = RandomFactorization(rng, 3, 4, 2, 5);
        return new FactorizationLoss(w, Gaussian(rng, 5, 3));
    }

    [Fact]
    public void Hessian_vector_products_are_symmetric_before_symmetrization()
    {
        // uᵀ(Hv) = vᵀ(Hu) at a generic (nonzero-residual) point: checks the HVP, not the final symmetrization.
        var loss = GenericLoss(1);
        var rng = new Random(2);
        for (int t = 0; t < 5; t++)
        {
            var u = RandomFactorization(rng, loss.Point.Widths.ToArray());
            var v = RandomFactorization(rng, loss.Point.Widths.ToArray());
            AssertRel(u.Dot(loss.HessianTimes(v)), v.Dot(loss.HessianTimes(u)), 1e-13, "uᵀHv vs vᵀHu");
        }
    }

    [Fact]
    public void Dense_hessian_matches_central_differences_of_the_gradient_column_by_column()
    {
        var loss = GenericLoss(3);
        var h = DenseHessian.Of(loss);
        Assert.Equal(loss.Point.ParameterCount, h.RowCount);
        var x = loss.Point.ToVector();
        const double step = 1e-6;
        var fd = Matrix<double>.Build.Dense(x.Length, x.Length);
        for (int j = 0; j < x.Length; j++)
        {
            var plus = (double[])x.Clone(); plus[j] += step;
            var minus = (double[])x.Clone(); minus[j] -= step;
            var gp = new FactorizationLoss(DeepFactorization.FromVector(loss.Point.Widths, plus), loss.Target).Gradient().ToVector();
            var gm = new FactorizationLoss(DeepFactorization.FromVector(loss.Point.Widths, minus), loss.Target).Gradient().ToVector();
            for (int i = 0; i < x.Length; i++) fd[i, j] = (gp[i] - gm[i]) / (2 * step);
        }
        double rel = Reference.RelativeDifference(h, fd);
        Assert.True(rel <= 1e-7, $"dense H vs FD: {rel:G3}");
        Assert.Equal(0.0, (h - h.Transpose()).Enumerate().Max(Math.Abs));
    }

    [Fact]
    public void Spectrum_is_sorted_with_small_residuals_and_nonzero_filter()
    {
        var loss = FactorizationLoss.AtOwnProduct(F4);
        var s = HessianSpectrum.Of(loss);
        for (int k = 1; k < s.Eigenvalues.Count; k++) Assert.True(s.Eigenvalues[k - 1] >= s.Eigenvalues[k], "descending");
        for (int k = 0; k < s.Eigenvalues.Count; k++) Assert.True(s.Residual(k) <= 1e-12 * s.Largest, $"residual {k}");
        Assert.Equal(8, s.Nonzero().Count);
        Assert.Equal(s.Eigenvalues[^1], s.Smallest);
    }

    [Fact]
    public void Hessian_lanczos_matches_the_dense_extremes_at_a_nonzero_residual()
    {
        var loss = GenericLoss(4);
        var s = HessianSpectrum.Of(loss);
        var top = HessianLanczos.Largest(loss, 2);
        var bottom = HessianLanczos.Smallest(loss, 2);
        for (int k = 0; k < 2; k++)
        {
            AssertRel(s.Eigenvalues[k], top.Pairs[k].Value, 1e-11, $"λ_{k}");
            AssertRel(s.Eigenvalues[^(k + 1)], bottom.Pairs[k].Value, 1e-11, $"smallest λ_{k}");
        }
    }
}
