using MathNet.Numerics.LinearAlgebra;
using Sharpness.Dynamics;
using Sharpness.Dynamics.Landscape;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.Measures;
using Sharpness.LinearAlgebra;
using Sharpness.Minimizers;
using Sharpness.Model;
using Sharpness.Checks;
using Sharpness.Verification;

namespace Sharpness.Tests.Verification;

/// <summary>
/// The tutorial's second-edition checks (notebooks 04, 05, 06, 08, 10, 11) can fail: each is rebuilt here from the same
/// independent computations and tolerances as its notebook cell, passes with the right value, and throws when fed a
/// deliberately wrong one (a wrong formula, a bound that is slightly too high, a wrong level or curvature).
/// </summary>
public sealed class TutorialCheckPowerTests
{
    private static Matrix<double> Diag(params double[] d) => Matrix<double>.Build.DenseOfDiagonalArray(d);

    // 04: λ − 2‖M‖₂ = (‖L‖−‖R‖)² + 2(‖L‖‖R‖ − ‖M‖) with λ from the dense Hessian, relative error ≤ 1e-14.
    private static void DepthTwoIdentityCheck(Func<Matrix<double>, Matrix<double>, double, double> sharpness)
    {
        var rng = new Random(5);
        var cases = Enumerable.Range(0, 12).Select(_ => (L: RandomMatrices.Gaussian(rng, rng.Next(1, 6), 3), R: RandomMatrices.Gaussian(rng, rng.Next(1, 6), 3))).ToArray();
        Verify.All("λ − 2‖M‖₂ = (‖L‖−‖R‖)² + 2(‖L‖‖R‖ − ‖M‖)", cases, c =>
        {
            var point = DeepFactorization.FromLeftRight(c.L, c.R);
            double dense = HessianSpectrum.Of(FactorizationLoss.AtOwnProduct(point)).Largest;
            double lambda = sharpness(c.L, c.R, dense);
            double l = c.L.L2Norm(), r = c.R.L2Norm(), m = (c.L * c.R.Transpose()).L2Norm();
            return Math.Abs(lambda - 2 * m - ((l - r) * (l - r) + 2 * (l * r - m))) / lambda <= 1e-14;
        });
    }

    [Fact]
    public void Notebook04_identity_check_passes_with_the_dense_lambda_and_fails_with_a_wrong_one()
    {
        DepthTwoIdentityCheck((_, _, dense) => dense);
        Assert.Throws<VerificationFailedException>(() => DepthTwoIdentityCheck((_, _, dense) => dense * (1 + 1e-12)));
        Assert.Throws<VerificationFailedException>(() => DepthTwoIdentityCheck((l, r, _) => l.FrobeniusNorm() * l.FrobeniusNorm() + r.FrobeniusNorm() * r.FrobeniusNorm()));
    }

    // 05: on vector-width points, flat (dense Hessian vs N|m|^(2−2/N)) ⟺ SB-s (products at the level |m|^((N−1)/N)).
    private static void VectorWidthEquivalence(double boundFactor, Func<double, int, double> level)
    {
        var rng = new Random(2);
        var points = new List<DeepFactorization>();
        for (int k = 0; k < 6; k++)
        {
            int depth = 2 + k % 3;
            var dims = Enumerable.Range(0, depth + 1).Select(i => i == 0 || i == depth ? 1 : rng.Next(2, 4)).ToArray();
            var strong = BalancedMinimizer.Create(Matrix<double>.Build.Dense(1, 1, 0.5 + 2 * rng.NextDouble()), dims, rng.Next());
            var alphas = Enumerable.Repeat(1.0, depth).ToArray();
            alphas[0] = 1 + 1e-3; alphas[1] = 1 / (1 + 1e-3);
            points.Add(strong);
            points.Add(LayerSymmetries.Rescale(strong, alphas));
        }
        Verify.All("vector widths: flat ⟺ SB-s", points, p =>
        {
            int n = p.Depth;
            double m = Math.Abs(p.Product()[0, 0]);
            bool flat = HessianSpectrum.Of(FactorizationLoss.AtOwnProduct(p)).Largest <= boundFactor * n * Math.Pow(m, 2 - 2.0 / n) * (1 + 1e-9);
            double lv = level(m, n);
            bool strong = Enumerable.Range(1, n).All(i => Math.Abs(p.LeftFactor(i).L2Norm() * p.RightFactor(i).L2Norm() - lv) <= 1e-9 * lv);
            return flat == strong;
        });
    }

    [Fact]
    public void Notebook05_equivalence_fails_with_a_bound_1e6_too_high_or_the_wrong_level()
    {
        VectorWidthEquivalence(1, (m, n) => Math.Pow(m, (n - 1.0) / n));
        Assert.Throws<VerificationFailedException>(() => VectorWidthEquivalence(1 + 1e-5, (m, n) => Math.Pow(m, (n - 1.0) / n)));
        Assert.Throws<VerificationFailedException>(() => VectorWidthEquivalence(1, (m, n) => Math.Pow(m, 1.0 / n)));
    }

    // 06: near-balanced minimizers approach the bound: excess ≥ 0 everywhere and < 1e-6 at the smallest t.
    private static void TightBound(double boundFactor)
    {
        var rng = new Random(18);
        var target = RandomMatrices.Gaussian(rng, 3, 2);
        var balanced = BalancedMinimizer.Create(target, [2, 3, 3, 3], 17);
        double bound = boundFactor * MinimalSharpness.Of(target, balanced.Depth);
        var z = RandomMatrices.Gaussian(rng, 3, 3);
        var excess = new[] { 1e-1, 1e-2, 1e-3, 1e-4 }.Select(t =>
            HessianSpectrum.Of(new FactorizationLoss(LayerSymmetries.ChangeBasis(balanced, 1, Matrix<double>.Build.DenseIdentity(3) + t * z), target)).Largest / bound - 1).ToArray();
        Verify.All("near-balanced: excess ≥ 0", excess, e => e >= -1e-12);
        Verify.AtMost("near-balanced: the excess reaches below 1e-6", excess.Min(), 1e-6);
    }

    [Fact]
    public void Notebook06_tightness_check_fails_for_a_bound_1e6_too_high_or_too_low()
    {
        TightBound(1);
        Assert.Throws<VerificationFailedException>(() => TightBound(1 + 1e-6));
        Assert.Throws<VerificationFailedException>(() => TightBound(1 - 1e-5));
    }

    // 08: the slice's curvature along v₁ is λ* (second difference, rel 1e-5), and its growth along v_N is ½m²t⁴ (rel 1e-9).
    private static void SliceChecks(double lambdaFactor, double quarticExponent)
    {
        var contour = EscapePresets.ContourMap(1);
        double h = 1e-4;
        var alongV1 = LossLandscape.Slice(contour, [-h, 0, h], [0.0]);
        Verify.Close("curvature along v₁ = λ*", lambdaFactor * contour.Lambda,
            (alongV1.At(0, 0) - 2 * alongV1.At(1, 0) + alongV1.At(2, 0)) / (h * h), relativeTolerance: 1e-5);
        double w1 = contour.Minimizer.Layers[0][0, 0], w2 = contour.Minimizer.Layers[1][0, 0], m = contour.Target[0, 0];
        double[] betas = [1e-2, 3e-2, 1e-1, 3e-1];
        var alongVN = LossLandscape.Slice(contour, [0.0], betas);
        for (int j = 0; j < betas.Length; j++)
        {
            double t = betas[j] / Math.Sqrt(w1 * w1 + w2 * w2);
            Verify.Close("slice along v_N = ½m²t⁴", 0.5 * m * m * Math.Pow(t, quarticExponent), alongVN.At(0, j), relativeTolerance: 1e-9);
        }
    }

    [Fact]
    public void Notebook08_slice_checks_fail_for_a_curvature_1e4_off_or_a_quadratic_law()
    {
        SliceChecks(1, 4);
        Assert.Throws<VerificationFailedException>(() => SliceChecks(1 + 1e-4, 4));
        Assert.Throws<VerificationFailedException>(() => SliceChecks(1, 2));
    }

    // 11: at the trace-flat (weighted-balanced) minimizer, dense λmax = σ₁(√(m/n) + √(n/m)) (rel 1e-12).
    private static void TraceFlatSharpness(Func<double, int, int, double> formula)
    {
        var target = RandomMatrices.Gaussian(new Random(13), 3, 5);
        var traceFlat = WeightedBalancedMinimizer.Create(target, 4);
        Verify.Close("dense λmax at the trace-flat minimizer", formula(target.L2Norm(), 3, 5),
            HessianSpectrum.Of(FactorizationLoss.AtOwnProduct(traceFlat)).Largest, relativeTolerance: 1e-12);
        Verify.Close("dense trace = 2√(mn)‖M‖_*", MinimalTrace.DepthTwo(target, 4),
            DenseHessian.Of(FactorizationLoss.AtOwnProduct(traceFlat)).Trace(), relativeTolerance: 1e-12);
    }

    [Fact]
    public void Notebook11_closed_form_check_fails_for_the_lambda_flat_value_2_sigma1()
    {
        TraceFlatSharpness((s, m, n) => s * (Math.Sqrt((double)m / n) + Math.Sqrt((double)n / m)));
        Assert.Throws<VerificationFailedException>(() => TraceFlatSharpness((s, _, _) => 2 * s));
    }

    // 10: the escape iteration sits within 2 iterations of ln(δ/ε)/ln(2c − 1) (theory §3.1) — in delta mode at every ε,
    // in plain mode only down to ε ≈ 1e-13 (the ε slider's checks). The prediction is recomputed here from δ, ε and c.
    private static void EscapeOnSchedule(double radius, ArithmeticMode mode, Func<double, double, double, double> prediction)
    {
        var setting = EscapePresets.PaperDepthTwo(0, 1, 1e-15);
        var run = setting.Run(1.01, new GdOptions { Mode = mode, Radius = radius, MaxIterations = 40000 });
        Assert.NotNull(run.EscapeIteration);
        Verify.Close($"{mode} mode, ε = {radius:E0}: escape iteration vs prediction",
            prediction(run.EscapeDistance, run.Radius, run.C), run.EscapeIteration!.Value, absoluteTolerance: 2);
    }

    [Fact]
    public void Notebook10_escape_checks_fail_with_a_wrong_prediction_or_with_plain_arithmetic_at_1e_15()
    {
        static double Linear(double delta, double eps, double c) => Math.Log(delta / eps) / Math.Log(2 * c - 1);
        EscapeOnSchedule(1e-15, ArithmeticMode.Delta, Linear);
        EscapeOnSchedule(1e-13, ArithmeticMode.Plain, Linear);
        // ln c instead of ln(2c − 1): twice the escape count.
        Assert.Throws<VerificationFailedException>(() => EscapeOnSchedule(1e-15, ArithmeticMode.Delta, (d, e, c) => Math.Log(d / e) / Math.Log(c)));
        // ε off by a factor √10: half a decade, ≈ 58 iterations at c = 1.01.
        Assert.Throws<VerificationFailedException>(() => EscapeOnSchedule(1e-15, ArithmeticMode.Delta, (d, e, c) => Linear(d, e * Math.Sqrt(10), c)));
        // Plain arithmetic at 1e-15 is what the notebook shows to be late: the same check must reject it.
        Assert.Throws<VerificationFailedException>(() => EscapeOnSchedule(1e-15, ArithmeticMode.Plain, Linear));
    }
}
