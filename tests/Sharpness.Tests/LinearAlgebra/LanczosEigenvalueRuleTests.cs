using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Tests.Verification;

namespace Sharpness.Tests.LinearAlgebra;

/// <summary>
/// The eigenvalue stopping rule of <see cref="LanczosOptions.EigenvalueTolerance"/> and the gap-theorem bound of
/// <see cref="EigenPair.ErrorBound"/>, against MathNet's dense eigenvalues of seeded matrices with prescribed spectra
/// (top gaps from 1e-5 to 0.3 relative, random and warm starts). Each claim is shown to fail on a wrong input: a
/// loose tolerance misses the dense value, the gap rule without a residual cap misses close eigenvalues, and the bound
/// without its guard is violated.
/// </summary>
public class LanczosEigenvalueRuleTests
{
    internal static ISymmetricOperator Wrap(Matrix<double> a) =>
        new DelegateOperator(a.RowCount, (x, y) =>
        {
            var r = a * Vector<double>.Build.DenseOfArray(x.ToArray());
            r.AsArray().CopyTo(y);
        });

    /// <summary>Instance i: a seeded matrix whose top eigenvalue 10 has the relative gap 1e-5..0.3 to the next one
    /// (log-uniform), a bulk in [−4, 8], and a start vector that is random or the top eigenvector plus 1e-2 noise
    /// (the tracker's warm start).</summary>
    internal static (Matrix<double> A, double[] Spectrum, double[]? Start) Instance(int i)
    {
        var rng = new Random(1400 + i);
        int n = 40 + rng.Next(120);
        double gap = Math.Pow(10, -5 + 4.5 * rng.NextDouble());
        double second = 10 * (1 - gap);
        var spectrum = new double[n];
        spectrum[0] = 10;
        spectrum[1] = second;
        for (int j = 2; j < n; j++) spectrum[j] = -4 + (Math.Min(8, second) + 4) * rng.NextDouble();
        var a = Reference.SymmetricWithSpectrum(rng, spectrum);
        double[]? start = null;
        if (i % 2 == 1)
        {
            var top = a.Evd(Symmetricity.Symmetric).EigenVectors.Column(n - 1);
            start = top.Select(x => x + 1e-2 * TestData.NextGaussian(rng) / Math.Sqrt(n)).ToArray();
        }
        return (a, spectrum.OrderDescending().ToArray(), start);
    }

    internal const int Instances = 40;

    private static double Gap(double[] spectrum) => (spectrum[0] - spectrum[1]) / spectrum[0];

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-8)]
    [InlineData(1e-9)]
    public void With_a_residual_cap_the_error_is_at_most_the_cap_and_resolved_gaps_meet_the_eigenvalue_tolerance(double cap)
    {
        for (int i = 0; i < Instances; i++)
        {
            var (a, spectrum, start) = Instance(i);
            var result = Lanczos.Largest(Wrap(a), 1, new LanczosOptions { Tolerance = cap, EigenvalueTolerance = 1e-12, StartVector = start });
            double error = Math.Abs(result.Top.Value - spectrum[0]);
            Assert.True(result.Converged, $"instance {i}: not converged in {result.Iterations} steps");
            // 1e-13 = 1e-14 · λ₁: the rounding of the dense reference and of the Rayleigh quotient.
            Assert.True(error <= cap * 10 + 1e-13, $"instance {i} (gap {Gap(spectrum):G2}): |θ − λ₁| = {error:G3} above the cap {cap:G1}·λ₁");
            if (Gap(spectrum) >= 1e-2)
            {
                Assert.True(error <= 1e-12 * 10 + 1e-13, $"instance {i} (gap {Gap(spectrum):G2}): |θ − λ₁| = {error:G3} > 1e-12·λ₁");
                Assert.True(error <= result.Top.ErrorBound!.Value + 1e-13, $"instance {i}: error {error:G3} above the reported bound {result.Top.ErrorBound:G3}");
            }
        }
    }

    [Fact]
    public void The_gap_rule_alone_misses_close_unresolved_eigenvalues()
    {
        // Why the residual cap stays: with a loose cap (1e-3) the gap bound stops while θ₁ still mixes in an eigenvector
        // at a small distance δ (its Ritz gap is to the bulk, not to δ). The same comparison with the cap passes above.
        int missed = 0;
        for (int i = 0; i < Instances; i++)
        {
            var (a, spectrum, start) = Instance(i);
            var result = Lanczos.Largest(Wrap(a), 1, new LanczosOptions { Tolerance = 1e-3, EigenvalueTolerance = 1e-12, StartVector = start });
            if (Math.Abs(result.Top.Value - spectrum[0]) > 1e-9 * 10) missed++;
        }
        Assert.True(missed > 0, "the loose-cap gap rule met 1e-9 everywhere: the instances do not test the cap");
    }

    [Fact]
    public void A_deliberately_loose_eigenvalue_tolerance_is_caught()
    {
        // The eigenvalue tolerance is what decides on well-separated tops: at 1e-4 (cap 1e-3) the errors there exceed
        // 1e-12, at 1e-12 they do not (above).
        int caught = 0, separated = 0;
        for (int i = 0; i < Instances; i++)
        {
            var (a, spectrum, start) = Instance(i);
            if (Gap(spectrum) < 1e-2) continue;
            separated++;
            var result = Lanczos.Largest(Wrap(a), 1, new LanczosOptions { Tolerance = 1e-3, EigenvalueTolerance = 1e-4, StartVector = start });
            if (Math.Abs(result.Top.Value - spectrum[0]) > 1e-12 * 10 + 1e-13) caught++;
        }
        Assert.True(separated >= 10 && caught >= separated / 2, $"{caught} of {separated} loose runs missed 1e-12");
    }

    [Fact]
    public void The_top_three_meet_the_rule_too()
    {
        for (int i = 0; i < 10; i++)
        {
            var (a, spectrum, _) = Instance(i);
            var result = Lanczos.Largest(Wrap(a), 3, new LanczosOptions { Tolerance = 1e-9, EigenvalueTolerance = 1e-12 });
            Assert.True(result.Converged);
            for (int k = 0; k < 3; k++)
                Assert.True(Math.Abs(result.Pairs[k].Value - spectrum[k]) <= 1e-9 * 10 + 1e-13,
                    $"instance {i}, pair {k}: {result.Pairs[k].Value:R} vs {spectrum[k]:R}");
        }
    }

    [Fact]
    public void Scheduled_checks_stop_no_later_than_every_fifth_step_at_the_same_residual_tolerance()
    {
        // Deterministic step counts, not timings: the scheduled checks (eigenvalue tolerance out of the way) against the
        // every-5-steps schedule of the plain residual test.
        int scheduled = 0, everyFifth = 0;
        for (int i = 0; i < Instances; i++)
        {
            var (a, _, start) = Instance(i);
            int s = Lanczos.Largest(Wrap(a), 1, new LanczosOptions { Tolerance = 1e-10, EigenvalueTolerance = 1e300, StartVector = start }).Iterations;
            int f = Lanczos.Largest(Wrap(a), 1, new LanczosOptions { Tolerance = 1e-10, StartVector = start }).Iterations;
            Assert.True(s <= f + 1, $"instance {i}: {s} scheduled vs {f} every fifth step");
            scheduled += s;
            everyFifth += f;
        }
        Assert.True(scheduled < everyFifth, $"{scheduled} vs {everyFifth} steps in all");
    }

    [Fact]
    public void The_bound_holds_once_the_gap_is_resolved_and_its_guard_is_needed()
    {
        // Exactly k steps (tolerance 0⁺), well-separated tops from random starts: once ρ₂ is below the Ritz gap the
        // reported bound holds against the distance to the nearest dense eigenvalue. The same bound without the guard,
        // r²/(θ₁ − θ₂), is violated at early steps, where θ₂ is far from λ₂.
        int unguardedViolations = 0, checkedSteps = 0;
        for (int i = 0; i < 24; i += 2)
        {
            var (a, spectrum, start) = Instance(i);
            if (Gap(spectrum) < 1e-2) continue;
            for (int k = 2; k <= 40; k++)
            {
                var result = Lanczos.Largest(Wrap(a), 2, new LanczosOptions { Tolerance = 1e-300, MaxIterations = k, StartVector = start });
                var top = result.Top;
                double nearest = spectrum.Min(l => Math.Abs(l - top.Value));
                Assert.True(top.ErrorBound <= top.Residual, "the bound never exceeds the residual");
                double unguarded = top.Residual * top.Residual / (top.Value - result.Pairs[1].Value);
                if (nearest > unguarded + 1e-13) unguardedViolations++;
                if (result.Pairs[1].Residual < 0.1 * (top.Value - result.Pairs[1].Value))
                {
                    checkedSteps++;
                    Assert.True(nearest <= top.ErrorBound!.Value + 1e-13, $"instance {i}, step {k}: distance {nearest:G3} > bound {top.ErrorBound:G3}");
                }
            }
        }
        Assert.True(checkedSteps >= 20, $"only {checkedSteps} steps had a resolved gap");
        Assert.True(unguardedViolations > 0, "the unguarded gap bound was never violated: the guard is not tested");
    }

    [Fact]
    public void Semi_orthogonal_managed_runs_give_the_same_values_with_fewer_reorthogonalizations()
    {
        for (int i = 0; i < 12; i++)
        {
            var (a, spectrum, start) = Instance(i);
            var full = Lanczos.Largest(Wrap(a), 2, new LanczosOptions { Tolerance = 1e-11, StartVector = start });
            var semi = Lanczos.Largest(Wrap(a), 2, new LanczosOptions { Tolerance = 1e-11, StartVector = start, SemiOrthogonal = true });
            Assert.True(semi.Converged);
            for (int k = 0; k < 2; k++)
                Assert.True(Math.Abs(semi.Pairs[k].Value - spectrum[k]) <= 1e-11 * 10 + 1e-13, $"instance {i}, pair {k}: {semi.Pairs[k].Value:R} vs {spectrum[k]:R}");
            Assert.Equal(full.Iterations, full.Reorthogonalizations);
            Assert.True(semi.Reorthogonalizations < semi.Iterations, $"instance {i}: {semi.Reorthogonalizations} of {semi.Iterations} steps reorthogonalized");
            var v = Matrix<double>.Build.DenseOfColumnArrays(semi.Pairs.Select(p => p.Vector));
            Assert.True(Math.Abs(v.Column(0) * v.Column(1)) <= 1e-8, $"instance {i}: Ritz vectors not orthogonal");
        }
    }

    [Fact]
    public void Gap_bound_arithmetic()
    {
        double[] values = [1, 2, 3];
        double[] estimates = [0.1, 0.2, 0.3];
        // Top: gap to θ₂ less ρ₂ = 3 − 2 − 0.2 = 0.8.
        Assert.Equal(0.01 * 0.01 / 0.8, Lanczos.GapBound(values, estimates, 2, 0.01), 1e-18);
        // Middle: min(2 − 1 − 0.1, 3 − 2 − 0.3) = 0.7.
        Assert.Equal(0.01 * 0.01 / 0.7, Lanczos.GapBound(values, estimates, 1, 0.01), 1e-18);
        // A residual at least the gap: the residual alone.
        Assert.Equal(0.9, Lanczos.GapBound(values, estimates, 2, 0.9));
        // No neighbours: no gap known.
        Assert.Equal(0.5, Lanczos.GapBound([4], [0.5], 0, 0.5));
        // An unconverged neighbour (ρ larger than the distance): no gap.
        Assert.Equal(0.01, Lanczos.GapBound([1, 2], [1.5, 0], 1, 0.01));
    }

    [Fact]
    public void Bad_tolerances_and_a_restart_length_are_refused()
    {
        var a = Instance(0).A;
        Assert.Throws<ArgumentOutOfRangeException>(() => Lanczos.Largest(Wrap(a), 1, new LanczosOptions { EigenvalueTolerance = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lanczos.Largest(Wrap(a), 1, new LanczosOptions { EigenvalueTolerance = double.NaN }));
        Assert.Throws<ArgumentException>(() => Lanczos.Largest(Wrap(a), 1, new LanczosOptions { EigenvalueTolerance = 1e-12, RestartLength = 10 }));
    }

    [Fact]
    public void Same_seed_gives_bit_identical_results()
    {
        var a = Instance(2).A;
        var options = new LanczosOptions { Tolerance = 1e-9, EigenvalueTolerance = 1e-12, SemiOrthogonal = true };
        var x = Lanczos.Largest(Wrap(a), 2, options);
        var y = Lanczos.Largest(Wrap(a), 2, options);
        Assert.Equal(x.Iterations, y.Iterations);
        Assert.Equal(x.Pairs.Select(p => p.Value), y.Pairs.Select(p => p.Value));
        Assert.Equal(x.Top.Vector, y.Top.Vector);
        Assert.Equal(x.Top.ErrorBound, y.Top.ErrorBound);
    }
}
