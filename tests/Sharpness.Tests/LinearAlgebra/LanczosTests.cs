using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Tests.Verification;
using static Sharpness.Tests.TestData;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.Tests.LinearAlgebra;

/// <summary>The hand-written Lanczos against MathNet's dense symmetric eigensolver on seeded random matrices.</summary>
public class LanczosTests
{
    private static ISymmetricOperator Wrap(Matrix<double> a) =>
        new DelegateOperator(a.RowCount, (x, y) =>
        {
            var r = a * Vector<double>.Build.DenseOfArray(x.ToArray());
            r.AsArray().CopyTo(y);
        });

    private static Matrix<double> RandomSymmetric(int seed, int n)
    {
        var g = Gaussian(new Random(seed), n, n);
        return 0.5 * (g + g.Transpose());
    }

    private static void AssertPairs(Matrix<double> a, LanczosResult result, IReadOnlyList<double> expected, double rel, string what)
    {
        double scale = Reference.Eigenvalues(a).Max(Math.Abs);
        Assert.True(result.Converged, $"{what}: not converged after {result.Iterations} steps");
        Assert.Equal(expected.Count, result.Pairs.Count);
        for (int k = 0; k < expected.Count; k++)
        {
            var p = result.Pairs[k];
            Assert.True(Math.Abs(p.Value - expected[k]) <= rel * scale, $"{what}: value {k} expected {expected[k]:R}, got {p.Value:R}");
            var v = Vector<double>.Build.DenseOfArray(p.Vector);
            AssertRel(1, v.L2Norm(), 1e-13, $"{what}: ‖v_{k}‖");
            double residual = (a * v - p.Value * v).L2Norm();
            Assert.True(residual <= 1e-9 * scale, $"{what}: true residual {k} = {residual:G3}");
            Assert.True(Math.Abs(residual - p.Residual) <= 1e-12 * scale, $"{what}: reported residual {p.Residual:G3} vs true {residual:G3}");
            Assert.True(p.ErrorBound is { } bound && bound <= p.Residual && Math.Abs(p.Value - expected[k]) <= bound + 1e-13 * scale,
                $"{what}: error {Math.Abs(p.Value - expected[k]):G3} vs the reported bound {p.ErrorBound:G3}");
        }
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 150)]
    [InlineData(3, 300)]
    public void Largest_and_smallest_three_match_dense_eigenvalues(int seed, int n)
    {
        var a = RandomSymmetric(seed, n);
        var eig = Reference.Eigenvalues(a);
        AssertPairs(a, Lanczos.Largest(Wrap(a), 3), eig.Take(3).ToArray(), 1e-11, "largest");
        AssertPairs(a, Lanczos.Smallest(Wrap(a), 3), eig.Reverse().Take(3).ToArray(), 1e-11, "smallest");
    }

    [Fact]
    public void Eigenvectors_match_dense_eigenvectors_up_to_sign()
    {
        var a = RandomSymmetric(4, 80);
        var evd = a.Evd(Symmetricity.Symmetric);
        var top = Lanczos.Largest(Wrap(a), 2);
        for (int k = 0; k < 2; k++)
        {
            var reference = evd.EigenVectors.Column(79 - k);
            double overlap = Math.Abs(reference * Vector<double>.Build.DenseOfArray(top.Pairs[k].Vector));
            Assert.True(Math.Abs(overlap - 1) <= 1e-10, $"|⟨v_{k}, dense⟩| = {overlap:R}");
        }
    }

    [Fact]
    public void Clustered_top_spectrum_is_resolved()
    {
        // Top eigenvalues 10, 10 − 1e-6, 10 − 2e-6, then a bulk in [0, 5].
        var rng = new Random(5);
        double[] spectrum = [10, 10 - 1e-6, 10 - 2e-6, .. Enumerable.Range(0, 97).Select(_ => 5 * rng.NextDouble())];
        var a = Reference.SymmetricWithSpectrum(new Random(6), spectrum);
        var result = Lanczos.Largest(Wrap(a), 3);
        AssertPairs(a, result, [10, 10 - 1e-6, 10 - 2e-6], 1e-12, "clustered");
    }

    [Fact]
    public void Degenerate_top_eigenvalue_is_found_exactly()
    {
        // A single Krylov space holds one vector of a repeated eigenvalue, so only the top value is asserted; the
        // multiplicity is what dense solvers are for (theory §2.3: compare eigenvalues, not eigenvectors).
        var rng = new Random(7);
        double[] spectrum = [.. Enumerable.Repeat(3.0, 5), .. Enumerable.Range(0, 45).Select(_ => -2 + 4 * rng.NextDouble())];
        var a = Reference.SymmetricWithSpectrum(new Random(8), spectrum);
        var result = Lanczos.Largest(Wrap(a), 1);
        AssertPairs(a, result, [3.0], 1e-13, "degenerate");
    }

    [Fact]
    public void Operator_with_few_distinct_eigenvalues_restarts_after_exhausting_its_krylov_space()
    {
        // Spectrum {4 ×3, 1 ×7}: the Krylov space of one vector is 2-dimensional, so asking for the top 3 needs a
        // restart in the orthogonal complement to find the repeated 4s.
        double[] spectrum = [4, 4, 4, 1, 1, 1, 1, 1, 1, 1];
        var a = Reference.SymmetricWithSpectrum(new Random(9), spectrum);
        var result = Lanczos.Largest(Wrap(a), 3);
        AssertPairs(a, result, [4, 4, 4], 1e-13, "few distinct");
        var v = Matrix<double>.Build.DenseOfColumnArrays(result.Pairs.Select(p => p.Vector));
        Assert.True((v.TransposeThisAndMultiply(v) - Matrix<double>.Build.DenseIdentity(3)).Enumerate().Max(Math.Abs) <= 1e-12, "orthonormal pairs");
    }

    [Fact]
    public void Zero_operator_gives_zero_pairs()
    {
        var zero = new DelegateOperator(10, (_, y) => y.Clear());
        var result = Lanczos.Largest(zero, 3);
        Assert.True(result.Converged);
        Assert.Equal(3, result.Pairs.Count);
        Assert.All(result.Pairs, p => { Assert.Equal(0.0, p.Value); Assert.Equal(0.0, p.Residual); });
        Assert.Equal(0.0, Lanczos.Smallest(zero).Top.Value);
    }

    [Fact]
    public void Multiple_of_the_identity_converges_in_two_steps()
    {
        // One step spans an invariant subspace; one restart confirms nothing else is there.
        var op = new DelegateOperator(7, (x, y) => { for (int i = 0; i < x.Length; i++) y[i] = 2.5 * x[i]; });
        var result = Lanczos.Largest(op);
        Assert.Equal(2, result.Iterations);
        Assert.Equal(2.5, result.Top.Value, 15);
    }

    [Fact]
    public void Dimension_one()
    {
        var op = new DelegateOperator(1, (x, y) => y[0] = -3 * x[0]);
        var top = Lanczos.Largest(op);
        Assert.Equal(-3.0, top.Top.Value);
        Assert.Equal(1.0, Math.Abs(top.Top.Vector[0]));
        Assert.Equal(-3.0, Lanczos.Smallest(op).Top.Value);
    }

    [Fact]
    public void Full_dimension_run_gives_the_whole_spectrum()
    {
        var a = RandomSymmetric(10, 12);
        var result = Lanczos.Largest(Wrap(a), 12);
        AssertPairs(a, result, Reference.Eigenvalues(a), 1e-12, "all 12");
    }

    [Fact]
    public void Same_seed_gives_bit_identical_results_and_another_seed_the_same_value()
    {
        var a = RandomSymmetric(11, 200);
        var first = Lanczos.Largest(Wrap(a), 2, new LanczosOptions { Seed = 42 });
        var second = Lanczos.Largest(Wrap(a), 2, new LanczosOptions { Seed = 42 });
        Assert.Equal(first.Iterations, second.Iterations);
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(first.Pairs[k].Value, second.Pairs[k].Value);
            Assert.Equal(first.Pairs[k].Vector, second.Pairs[k].Vector);
            Assert.Equal(first.Pairs[k].Residual, second.Pairs[k].Residual);
        }
        var other = Lanczos.Largest(Wrap(a), 2, new LanczosOptions { Seed = 43 });
        Assert.Equal(first.Top.Value, other.Top.Value, 1e-11);
    }

    [Fact]
    public void Explicit_start_vector_is_used()
    {
        // Starting on an eigenvector spans an invariant subspace at once; the restart then finds the true top.
        var a = Reference.SymmetricWithSpectrum(new Random(12), [5, 3, 1, -1]);
        var evd = a.Evd(Symmetricity.Symmetric);
        var onTop = Lanczos.Largest(Wrap(a), 1, new LanczosOptions { StartVector = evd.EigenVectors.Column(3).ToArray(), MaxIterations = 1 });
        Assert.Equal(1, onTop.Iterations);
        Assert.Equal(5.0, onTop.Top.Value, 12);
        var onThird = Lanczos.Largest(Wrap(a), 1, new LanczosOptions { StartVector = evd.EigenVectors.Column(1).ToArray() });
        Assert.Equal(5.0, onThird.Top.Value, 12);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    public void A_start_inside_a_lower_invariant_subspace_does_not_hide_the_top(int inside, int count)
    {
        // A = diag(B, C) with B's eigenvalues 74, 75, … just below A's top (80, 79), and a start supported on B's coordinates
        // only: the Krylov space stays exactly inside B, the first block ends invariant with exact Ritz pairs (residual
        // estimates 0). The run must go on until the restarted block has found what lies above them: it once stopped
        // at the next check with λ = 74 or below the top three.
        int n = 80;
        var inner = Enumerable.Range(74, inside).Select(i => (double)i).ToArray();
        var outer = Enumerable.Range(1, n).Select(i => (double)i).Where(x => !inner.Contains(x)).ToArray();
        var b = Reference.SymmetricWithSpectrum(new Random(15), inner);
        var c = Reference.SymmetricWithSpectrum(new Random(16), outer);
        var a = Matrix<double>.Build.Dense(n, n);
        a.SetSubMatrix(0, 0, b);
        a.SetSubMatrix(inside, inside, c);
        var mix = new Random(17);
        var start = new double[n];
        for (int i = 0; i < inside; i++) start[i] = mix.NextDouble() - 0.5;
        var expected = Enumerable.Range(0, count).Select(k => (double)(n - k)).ToArray();
        foreach (var semi in new[] { false, true })
        {
            var result = Lanczos.Largest(Wrap(a), count, new LanczosOptions { StartVector = start, SemiOrthogonal = semi });
            AssertPairs(a, result, expected, 1e-10, $"start in {inside} eigenvectors, count {count}, semi {semi}");
            var ruled = Lanczos.Largest(Wrap(a), count, new LanczosOptions { StartVector = start, EigenvalueTolerance = 1e-12, SemiOrthogonal = semi });
            AssertPairs(a, ruled, expected, 1e-10, $"start in {inside} eigenvectors, count {count}, eigenvalue rule, semi {semi}");
        }
        var restarted = Lanczos.Largest(Wrap(a), count, new LanczosOptions { StartVector = start, RestartLength = 20 });
        AssertPairs(a, restarted, expected, 1e-10, $"start in {inside} eigenvectors, count {count}, thick restarts");
    }

    [Fact]
    public void Iteration_cap_is_respected_and_reported_as_not_converged()
    {
        var a = RandomSymmetric(13, 300);
        var result = Lanczos.Largest(Wrap(a), 1, new LanczosOptions { MaxIterations = 5 });
        Assert.Equal(5, result.Iterations);
        Assert.False(result.Converged);
    }

    [Theory]
    [InlineData(1e-20)]
    [InlineData(1e-150)]
    [InlineData(1e150)]
    public void Tiny_and_huge_operators_are_not_mistaken_for_invariant_subspaces(double scale)
    {
        var a = RandomSymmetric(14, 50);
        var expected = Reference.Eigenvalues(a);
        var scaled = scale * a;
        var result = Lanczos.Largest(Wrap(scaled), 2);
        Assert.True(result.Converged);
        for (int k = 0; k < 2; k++) AssertRel(scale * expected[k], result.Pairs[k].Value, 1e-11, $"eigenvalue {k} at scale {scale:G3}");
    }

    [Fact]
    public void Norm_does_not_underflow_or_overflow()
    {
        Assert.Equal(5e-170, VectorKernels.Norm([3e-170, 4e-170]), 1e-182);
        AssertRel(5e200, VectorKernels.Norm([3e200, 4e200]), 1e-15, "huge");
        Assert.Equal(0.0, VectorKernels.Norm(new double[7]));
        var x = Enumerable.Range(0, 37).Select(i => Math.Sin(i)).ToArray();
        AssertRel(Math.Sqrt(x.Sum(v => v * v)), VectorKernels.Norm(x), 1e-15, "plain");
        AssertRel(x.Sum(v => v * Math.Cos(v)), VectorKernels.Dot(x, x.Select(Math.Cos).ToArray()), 1e-13, "dot, odd length");
    }
}
