using MathNet.Numerics.LinearAlgebra;
using Sharpness.Certified;
using Sharpness.Exact;
using Sharpness.Model;
using Sharpness.Training;
using Sharpness.Verification;
using Xunit.Abstractions;

namespace Sharpness.Tests.Training;

/// <summary>Item 3 of issue 14: the certified interval off zero loss, checked against dense Hessians.</summary>
public class CertifiedSharpnessTests(ITestOutputHelper output)
{
    /// <summary>≥ 200 partially trained points: seeded random problems (depth 2–4, widths 1–4, some with
    /// min d_i &lt; rank M), GD for a random number of steps from a random start.</summary>
    private static IEnumerable<(DeepFactorization Point, Matrix<double> Target)> PartiallyTrained(int count, int seed)
    {
        var rng = new Random(seed);
        for (int c = 0; c < count; c++)
        {
            int depth = 2 + rng.Next(3);
            var widths = Enumerable.Range(0, depth + 1).Select(_ => 1 + rng.Next(4)).ToArray();
            var target = TestData.Gaussian(rng, widths[^1], widths[0]);
            var w = TestData.RandomFactorization(rng, widths);
            int steps = rng.Next(400);
            double eta = 0.02 + 0.05 * rng.NextDouble();
            for (int k = 0; k < steps; k++)
            {
                var next = w.Add(new FactorizationLoss(w, target).Gradient(), -eta);
                if (!double.IsFinite(next.Norm()) || next.Norm() > 1e3) break;
                w = next;
            }
            yield return (w, target);
        }
    }

    [Fact]
    public void The_interval_contains_the_dense_lambda_max_on_250_partially_trained_points()
    {
        int count = 0, misses = 0, missesWithoutBound = 0;
        double worstRatio = 0;
        var ratios = new List<double>();
        foreach (var (point, target) in PartiallyTrained(250, 14))
        {
            var loss = new FactorizationLoss(point, target);
            var hessian = DenseHessian.Of(loss);
            double dense = SymmetricEigenvalues.Descending(hessian)[0];
            var c = CertifiedSharpness.Of(point, target);
            double slack = 0;
            if (!(dense >= c.Lower - slack && dense <= c.Upper + slack)) { misses++; output.WriteLine($"miss: dense {dense:R} [{c.Lower:R}, {c.Upper:R}] K {c.KLambda:R} r {c.ResidualTermBound:G3} rel {c.RelativeLossResidual:G3} ray {c.HessianLambda:R}"); }
            // The bound itself against the dense residual term R = H − JᵀJ.
            var j = DenseHessian.Jacobian(loss);
            var r = hessian - j.TransposeThisAndMultiply(j);
            double rNorm = SymmetricEigenvalues.Descending(r).Select(Math.Abs).Max();
            Assert.True(rNorm <= c.ResidualTermBound * (1 + 1e-10) + 1e-13, $"‖R‖₂ = {rNorm:R} > bound {c.ResidualTermBound:R}");
            if (rNorm > 1e-8) { worstRatio = Math.Max(worstRatio, c.ResidualTermBound / rNorm); ratios.Add(c.ResidualTermBound / rNorm); }
            // HVP-Lanczos agrees with the dense value.
            Assert.True(Math.Abs(c.HessianLambda - dense) <= 1e-9 * Math.Max(1, Math.Abs(dense)), $"HVP-Lanczos {c.HessianLambda:R} vs dense {dense:R}");
            // The trace identity holds at every point (R has a zero diagonal).
            Assert.True(Math.Abs(c.Trace - hessian.Trace()) <= 1e-11 * Math.Max(1, Math.Abs(hessian.Trace())), $"trace {c.Trace:R} vs {hessian.Trace():R}");
            // Without the residual-term bound the K value alone is wrong off zero loss: the check can fail.
            if (c.RelativeLossResidual > 1e-3 && Math.Abs(dense - c.KLambda) > 1e-9 * Math.Abs(dense)) missesWithoutBound++;
            count++;
        }
        output.WriteLine($"{count} points, {misses} misses, λ_K alone wrong on {missesWithoutBound}, worst bound/‖R‖₂ = {worstRatio:G4}, median = {ratios.OrderBy(x => x).ElementAt(ratios.Count / 2):G4}");
        Assert.Equal(250, count);
        Assert.Equal(0, misses);
        Assert.True(missesWithoutBound > 100, $"λmax(K) alone misses λmax(H) on only {missesWithoutBound} points");
        Assert.True(worstRatio < 1e3, $"the bound is at most {worstRatio:G3} times ‖R‖₂");
    }

    [Fact]
    public void The_interval_shrinks_to_the_exact_value_as_the_residual_goes_to_zero()
    {
        var rng = new Random(3);
        int[] widths = [3, 4, 4, 2];
        var target = TestData.Gaussian(rng, 2, 3);
        var w = Initialization.Gaussian(1, 3).Create(widths);
        double eta = 0.01;
        var widthsSeen = new List<(double Residual, double Width)>();
        for (int k = 0; k <= 1600; k++)
        {
            if (k % 40 == 0)
            {
                var c = CertifiedSharpness.Of(w, target);
                widthsSeen.Add((c.RelativeLossResidual, c.Width));
                // Width is linear in the residual: 2r ≤ C·‖E‖ with C from the factor norms.
                Assert.True(c.Width <= 2 * c.ResidualTermBound + 2 * c.KEigenResidual + 3e-12 * c.Upper);
            }
            w = w.Add(new FactorizationLoss(w, target).Gradient(), -eta);
        }
        foreach (var (res, wd) in widthsSeen) output.WriteLine($"relative residual {res:G3}: width {wd:G3}");
        var last = widthsSeen[^1];
        Assert.True(last.Residual < 1e-10, $"the run reached residual {last.Residual:G3}");
        Assert.True(last.Width < 1e-8, $"final width {last.Width:G3}");
        // Monotone shrinking with the residual along the converging run, and width/residual bounded.
        var ratios = widthsSeen.Where(p => p.Residual > 1e-12).Select(p => p.Width / p.Residual).ToArray();
        Assert.True(ratios.Length >= 10, $"only {ratios.Length} points on the way down");
        Assert.True(ratios.Max() / ratios.Where(x => x > 0).Min() < 100);
        var end = ExactSharpness.Of(w, target, new ExactSharpnessOptions { ResidualTolerance = 1e-9 });
        var cEnd = CertifiedSharpness.Of(w, target);
        Assert.True(cEnd.Contains(end.Value));
    }

    [Fact]
    public void At_zero_loss_the_interval_is_the_exact_value()
    {
        var point = TestData.F7;
        var c = CertifiedSharpness.Of(point, point.Product());
        Assert.Equal(0, c.ResidualTermBound);
        Assert.Equal(48, c.Lower, 10);
        Assert.Equal(48, c.Upper, 10);
        Assert.Equal(48 / 19.048812623618396, c.Rho!.Value.Lower, 9);
    }

    [Fact]
    public void The_frobenius_norm_has_no_such_identity_off_zero_loss()
    {
        // ‖H‖_F ≠ ‖JᵀJ‖_F off zero loss (the Frobenius closed form is zero-loss only), while the traces agree.
        var rng = new Random(5);
        var point = TestData.RandomFactorization(rng, 3, 3, 3);
        var target = TestData.Gaussian(rng, 3, 3);
        var loss = new FactorizationLoss(point, target);
        var h = DenseHessian.Of(loss);
        var j = DenseHessian.Jacobian(loss);
        var jtj = j.TransposeThisAndMultiply(j);
        Assert.True(Math.Abs(h.FrobeniusNorm() - jtj.FrobeniusNorm()) > 1e-3 * h.FrobeniusNorm());
        Assert.Equal(jtj.Trace(), h.Trace(), 10);
    }

    [Fact]
    public void The_saddle_of_check_28_is_bracketed()
    {
        // W = 0, depth 2, d = 2, M = [[3,0],[0,1],[0,0]]: λmax(H) = 3, λ_K = 0, so the bound must be ≥ 3.
        var zero = new DeepFactorization(Matrix<double>.Build.Dense(2, 2), Matrix<double>.Build.Dense(3, 2));
        var target = TestData.M(new double[,] { { 3, 0 }, { 0, 1 }, { 0, 0 } });
        var c = CertifiedSharpness.Of(zero, target);
        Assert.Equal(0, c.KLambda);
        Assert.True(c.Contains(3));
        Assert.Equal(3, c.ResidualTermBound, 9);
    }
}
