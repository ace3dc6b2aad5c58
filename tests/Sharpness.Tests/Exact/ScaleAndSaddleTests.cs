using Sharpness;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Model;
using Sharpness.Tests.Verification;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Exact;

/// <summary>Theory §5 checks 26–28: scale covariance at balanced minimizers, the overflow guard, and the saddle at
/// W = 0 where the zero-loss formula does not apply.</summary>
public class ScaleAndSaddleTests
{
    private static int[] Widths(int depth) => depth switch
    {
        2 => [4, 5, 3],
        3 => [4, 3, 5, 3],
        5 => [4, 5, 3, 4, 6, 3],
        _ => throw new ArgumentOutOfRangeException(nameof(depth)),
    };

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Check26_scale_covariance_at_balanced_minimizers(int depth)
    {
        var m = Gaussian(new Random(2600), 3, 4);
        var widths = Widths(depth);
        var unit = Reference.BalancedMinimizer(m, widths, new Random(2601));
        double lambda = ExactSharpness.Of(unit, m).Value;
        // The balanced minimizer attains the minimum N‖M‖^{2−2/N} (theory §2.6–2.7).
        AssertRel(depth * Math.Pow(Reference.SpectralNorm(m), 2 - 2.0 / depth), lambda, 1e-12, "λ(M) at the balanced minimizer");
        foreach (double s in new[] { 1e-150, 1e-30, 1e30, 1e150 })
        {
            var sm = s * m;
            var point = Reference.BalancedMinimizer(sm, widths, new Random(2601));
            var result = ExactSharpness.Of(point, sm);
            Assert.True(result.ZeroLoss, $"s = {s:G3}: relative residual {result.RelativeLossResidual:G3}");
            AssertRel(Math.Pow(s, 2 - 2.0 / depth) * lambda, result.Value, 1e-12, $"λ(sM) at s = {s:G3}, N = {depth}");
            Assert.True(result.RelativeEigenResidual <= 1e-12, $"eigen-residual at s = {s:G3}: {result.RelativeEigenResidual:G3}");
        }
    }

    [Fact]
    public void Check26_forced_lanczos_is_scale_covariant_too()
    {
        var m = Gaussian(new Random(2602), 3, 4);
        var unit = Reference.BalancedMinimizer(m, Widths(3), new Random(2603));
        var options = new ExactSharpnessOptions { Route = SharpnessRoute.LanczosK };
        double lambda = ExactSharpness.Of(unit, m, options).Value;
        foreach (double s in new[] { 1e-150, 1e150 })
        {
            var point = Reference.BalancedMinimizer(s * m, Widths(3), new Random(2603));
            AssertRel(Math.Pow(s, 4.0 / 3) * lambda, ExactSharpness.Of(point, s * m, options).Value, 1e-12, $"K-Lanczos at s = {s:G3}");
        }
    }

    [Fact]
    public void Check27_loss_overflows_while_the_sharpness_stays_finite()
    {
        // M = 2e200·I₂ with the balanced depth-2 minimizer L = R = √(2e200)·I: λ = 2‖M‖ = 4e200.
        double s = 1e200;
        var target = 2 * s * Matrix<double>.Build.DenseIdentity(2);
        var root = Math.Sqrt(2 * s) * Matrix<double>.Build.DenseIdentity(2);
        var w = DeepFactorization.FromLeftRight(root, root);
        // Forming the squared loss anywhere off the minimizer overflows: here against M = 0, ½‖P‖² = ½·8e400.
        Assert.True(double.IsPositiveInfinity(Reference.Loss(w.Layers, Matrix<double>.Build.Dense(2, 2))), "the loss should overflow");
        Assert.True(double.IsPositiveInfinity(new FactorizationLoss(w, Matrix<double>.Build.Dense(2, 2)).Value), "library loss overflows too");
        var result = ExactSharpness.Of(w, target);
        Assert.True(double.IsFinite(result.Value));
        AssertRel(4e200, result.Value, 1e-12, "λ at scale 1e200");
        foreach (var route in new[] { SharpnessRoute.DenseK, SharpnessRoute.LanczosK })
            AssertRel(4e200, ExactSharpness.Of(w, target, new ExactSharpnessOptions { Route = route }).Value, 1e-12, $"λ by {route}");
        Assert.All(Reference.Vec(result.TopEigenvector), x => Assert.True(double.IsFinite(x)));
    }

    [Fact]
    public void Check27_depth_three_overflow_guard()
    {
        // Balanced depth 3 at M = 1e160·diag(2,1): ‖M‖²_F = 5e320 overflows, λ = 3‖M‖^{4/3} ≈ 7.6e213 does not.
        var m = Diag(2, 1);
        var unit = Reference.BalancedMinimizer(m, [2, 2, 2, 2], new Random(27));
        double lambda = ExactSharpness.Of(unit, m).Value;
        double s = 1e160;
        var big = Reference.BalancedMinimizer(s * m, [2, 2, 2, 2], new Random(27));
        Assert.True(double.IsPositiveInfinity(Reference.Loss(big.Layers, Matrix<double>.Build.Dense(2, 2))));
        AssertRel(Math.Pow(s, 4.0 / 3) * lambda, ExactSharpness.Of(big, s * m).Value, 1e-12, "λ at 1e160, depth 3");
    }

    [Fact]
    public void Check28_saddle_at_the_origin()
    {
        var target = M(new double[,] { { 3, 0 }, { 0, 1 }, { 0, 0 } });
        var w = new DeepFactorization(Matrix<double>.Build.Dense(2, 2), Matrix<double>.Build.Dense(3, 2));
        var loss = new FactorizationLoss(w, target);
        Assert.All(loss.Gradient().ToVector(), g => Assert.Equal(0.0, g));
        var dense = HessianSpectrum.Of(loss);
        Reference.AssertSpectraEqual([3, 3, 1, 1, 0, 0, -1, -1, -3, -3], dense.Eigenvalues, 1e-14, "saddle spectrum");
        AssertRel(3, HessianLanczos.Largest(loss).Top.Value, 1e-12, "HVP-Lanczos λmax at the saddle");
        AssertRel(-3, HessianLanczos.Smallest(loss).Top.Value, 1e-12, "HVP-Lanczos λmin at the saddle");

        // changed by issue 11: the library's error contract (NotZeroLossException) instead of NonzeroResidualException
        var ex = Assert.Throws<NotZeroLossException>(() => ExactSharpness.Of(w, target));
        AssertRel(1, ex.RelativeResidual, 1e-15, "relative residual at W = 0");
        var forced = ExactSharpness.Of(w, target, new ExactSharpnessOptions { AllowNonzeroResidual = true });
        Assert.False(forced.ZeroLoss);
        Assert.Equal(0.0, forced.Value); // λ_K = 0 ≠ λmax(H) = 3: the formula does not apply here.
    }
}
