using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.Measures;
using Sharpness.Minimizers;
using Sharpness.Model;
using Sharpness.Verification;
using Sharpness.LinearAlgebra;

namespace Sharpness.Tests.Properties;

/// <summary>
/// Property-based checks (CsCheck, fixed seed) over random shapes, depths 1–5 and ranks 0..min d_i, at zero-loss
/// points built five ways. Every closed form is compared with the dense Hessian or the dense Jacobian.
/// </summary>
public class ZeroLossProperties
{
    private const int Cases = 120;

    private static void Close(double expected, double actual, double rel, double scale, string what, RandomCase c) =>
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Max(Math.Abs(expected), scale),
            $"{what}: expected {expected:R}, got {actual:R} ({c})");

    [Fact]
    public void Exact_sharpness_dense_hessian_and_hvp_lanczos_agree()
    {
        RandomCase.ForAll(Cases, c =>
        {
            var w = c.Point();
            var dense = new DenseReference(w);
            double exact = ExactSharpness.Of(w).Value;
            var lanczos = HessianLanczos.Largest(FactorizationLoss.AtOwnProduct(w)).Top.Value;
            double scale = Math.Max(1e-300, dense.Largest);
            Close(dense.Largest, exact, 1e-9, 1e-14, "exact vs dense", c);
            Close(dense.Largest, lanczos, 1e-9, 1e-14, "HVP-Lanczos vs dense", c);
        });
    }

    [Fact]
    public void Lower_bound_never_fails_and_balanced_minimizers_attain_it()
    {
        // Theory check 17 asks for at least 300 samples with N ≤ 5 and every rank.
        var seen = new HashSet<(int Depth, int Rank)>();
        RandomCase.ForAll(400, c =>
        {
            var m = c.Target();
            var w = c.Point(m);
            double sMin = MinimalSharpness.Of(m, c.Widths);
            double dense = new DenseReference(w, m).Largest;
            Assert.True(dense >= sMin * (1 - 1e-9) - 1e-14, $"λ = {dense:R} < s_min = {sMin:R} ({c})");
            if (c.IsBalanced) Close(sMin, dense, 1e-9, 1e-14, "balanced minimizer attains s_min", c);
            seen.Add((c.Depth, c.Rank));
        });
        for (int depth = 1; depth <= 5; depth++)
            for (int rank = 0; rank <= 1; rank++)
                Assert.Contains((depth, rank), seen);
        Assert.Contains(seen, x => x.Rank >= 3);
    }

    [Fact]
    public void Two_sided_bounds_hold_against_the_dense_hessian()
    {
        RandomCase.ForAll(Cases, c =>
        {
            var w = c.Point();
            var bounds = SharpnessBounds.Of(w);
            double dense = new DenseReference(w).Largest;
            double tol = 1e-10 * Math.Max(bounds.Upper, 1e-300);
            Assert.True(bounds.Lower <= dense + tol, $"lower {bounds.Lower:R} > λ {dense:R} ({c})");
            Assert.True(dense <= bounds.Upper + tol, $"λ {dense:R} > upper {bounds.Upper:R} ({c})");
        });
    }

    [Fact]
    public void Trace_frobenius_rank_and_log_pdet_match_the_dense_hessian()
    {
        RandomCase.ForAll(Cases, c =>
        {
            var w = c.Point();
            var dense = new DenseReference(w);
            Close(dense.Trace, HessianTrace.Of(w), 1e-10, 1e-14, "trace", c);
            Close(dense.FrobeniusNorm, HessianFrobeniusNorm.Of(w), 1e-10, 1e-14, "‖H‖_F", c);
            var spectrum = ZeroLossSpectrum.Of(w);
            var positive = dense.Positive();
            Assert.True(positive.Length == spectrum.Rank, $"rank {spectrum.Rank} vs dense {positive.Length} ({c})");
            Close(dense.LogPseudoDeterminant, spectrum.LogPseudoDeterminant, 1e-9, 1e-9, "log pseudo-determinant", c);
        });
    }

    [Fact]
    public void Balanced_minimizer_spectrum_is_the_kappa_formula()
    {
        RandomCase.ForAll(Cases, c =>
        {
            var m = c.Target();
            var w = BalancedMinimizer.Create(m, c.Widths, c.Seed);
            var dense = new DenseReference(w, m);
            var kappa = BalancedSpectrum.Eigenvalues(m, c.Depth);
            DenseReference.AssertSpectraMatch(kappa, dense.Eigenvalues, 1e-10 * Math.Max(kappa[0], 1e-300), $"κ spectrum ({c})");
        });
    }

    [Fact]
    public void Rescaling_reweights_the_kronecker_terms_and_keeps_the_rank()
    {
        RandomCase.ForAll(Cases, c =>
        {
            if (c.Depth < 2) return;
            var w = c.Point();
            var rng = new Random(c.Seed + 7);
            var alphas = new double[c.Depth];
            double logSum = 0;
            for (int i = 0; i + 1 < c.Depth; i++) { double z = rng.NextDouble() * 2 - 1; alphas[i] = Math.Exp(z); logSum += z; }
            alphas[^1] = Math.Exp(-logSum);
            var moved = LayerSymmetries.Rescale(w, alphas);
            var before = new DenseReference(w);
            var after = new DenseReference(moved);
            var expected = Matrix<double>.Build.Dense(before.K.RowCount, before.K.ColumnCount);
            for (int i = 1; i <= c.Depth; i++) expected += before.KTerm(w, i) / (alphas[i - 1] * alphas[i - 1]);
            double err = (after.K - expected).FrobeniusNorm();
            Assert.True(err <= 1e-10 * Math.Max(expected.FrobeniusNorm(), 1e-300) || err < 1e-14, $"K after rescaling off by {err:G3} ({c})");
            Assert.Equal(before.Positive().Length, after.Positive().Length);
        });
    }

    [Fact]
    public void Orthogonal_change_of_basis_keeps_every_measure_and_a_general_one_keeps_the_rank()
    {
        RandomCase.ForAll(Cases, c =>
        {
            if (c.Depth < 2) return;
            var w = c.Point();
            var rng = new Random(c.Seed + 11);
            int k = 1 + rng.Next(c.Depth - 1);
            var before = new DenseReference(w);
            var rotated = LayerSymmetries.ChangeBasis(w, k, RandomMatrices.Orthogonal(rng, c.Widths[k]));
            var after = new DenseReference(rotated);
            double scale = Math.Max(before.Largest, 1e-300);
            DenseReference.AssertSpectraMatch(before.Eigenvalues, after.Eigenvalues, 1e-9 * scale, $"orthogonal G ({c})");
            Close(HessianTrace.Of(w), HessianTrace.Of(rotated), 1e-9, 1e-14, "trace under orthogonal G", c);
            Close(HessianFrobeniusNorm.Of(w), HessianFrobeniusNorm.Of(rotated), 1e-9, 1e-14, "‖H‖_F under orthogonal G", c);

            var general = LayerSymmetries.ChangeBasis(w, k, RandomMatrices.Invertible(rng, c.Widths[k], 1.0));
            Assert.True(before.Positive().Length == new DenseReference(general).Positive().Length, $"rank changed under general G ({c})");
        });
    }

    [Fact]
    public void Flatness_verdict_agrees_with_the_exact_characterization_and_SB_s_is_sufficient()
    {
        int flat = 0, sharp = 0;
        RandomCase.ForAll(Cases, c =>
        {
            var m = c.Target();
            var w = c.Point(m);
            var verdict = FlatnessVerdict.Of(w, m);
            double dense = new DenseReference(w, m).Largest;
            Assert.True(verdict.IsFlat == dense <= verdict.MinimalSharpness * (1 + 1e-9) + 1e-14, $"verdict vs dense λ ({c})");
            Assert.True(verdict.IsFlat == verdict.TopDirection.Holds, $"verdict {verdict.IsFlat} vs characterization {verdict.TopDirection.Holds} ({c})");
            if (verdict.Spectral.IsStrong) Assert.True(verdict.IsFlat, $"SB-s but not flat ({c})");
            if (c.Depth == 2 || w.IsScalarChain) Assert.True(verdict.IsFlat == verdict.Spectral.IsStrong, $"depth 2 / scalar chain: flat ⟺ SB-s ({c})");
            if (c.IsBalanced) Assert.True(verdict.IsFlat, $"balanced minimizer not flat ({c})");
            if (verdict.IsFlat) flat++; else sharp++;
        });
        Assert.True(flat > 10 && sharp > 10, $"both outcomes should occur: {flat} flat, {sharp} sharp");
    }
}
