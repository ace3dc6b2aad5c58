using Sharpness;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.Measures;
using Sharpness.Minimizers;
using Sharpness.Model;
using Sharpness.Tests.Properties;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Measures;

/// <summary>Theory §4 and §5 checks 9, 11, 20, 21, 30, 31: trace, ‖H‖_F, log pseudo-determinant, rank and the
/// depth-2 minimal trace.</summary>
public class MeasureTests
{
    [Fact]
    public void Check9_F2_measures()
    {
        var m = SharpnessMeasures.Of(F2, Diag(2, 2));
        AssertRel(8, m.Sharpness, 1e-12, "λ");
        AssertRel(20, m.Trace, 1e-12, "trace");
        AssertRel(10.862780491200215, m.FrobeniusNorm, 1e-12, "‖H‖_F");
        AssertRel(5.991464547107982, m.LogPseudoDeterminant, 1e-12, "log-pdet = ln 400");
        Assert.Equal(4, m.Rank);
        var spectrum = ZeroLossSpectrum.Of(F2);
        DenseReference.AssertSpectraMatch([8, 5, 5, 2], spectrum.Positive, 1e-12 * 8, "positive eigenvalues");
    }

    [Fact]
    public void Check11_F4_measures()
    {
        var m = SharpnessMeasures.Of(F4);
        AssertRel(52, m.Trace, 1e-11, "trace");
        AssertRel(22.181073012818835, m.FrobeniusNorm, 1e-11, "‖H‖_F");
        AssertRel(12.539740954818651, m.LogPseudoDeterminant, 1e-11, "log-pdet");
        Assert.Equal(8, m.Rank);
    }

    [Fact]
    public void Checks20_21_fixture_traces()
    {
        AssertRel(7.46625, HessianTrace.Of(F6), 1e-12, "F6 trace");
        AssertRel(105, HessianTrace.Of(F7), 1e-12, "F7 trace");
        AssertRel(85, HessianTrace.Of(F5), 1e-12, "F5 trace = λ");
        AssertRel(85, HessianFrobeniusNorm.Of(F5), 1e-12, "F5 ‖H‖_F = λ");
        Assert.Equal(1, ZeroLossSpectrum.Of(F5).Rank);
        AssertRel(Math.Log(85), ZeroLossSpectrum.Of(F5).LogPseudoDeterminant, 1e-12, "F5 log-pdet = log λ");
    }

    [Fact]
    public void Depth_one_and_zero_hessian()
    {
        var one = new DeepFactorization(M(new double[,] { { 1, 2 }, { 3, 4 } }));
        var m = SharpnessMeasures.Of(one);
        Assert.Equal(4, m.Trace, 12);
        Assert.Equal(2, m.FrobeniusNorm, 12);
        Assert.Equal(0, m.LogPseudoDeterminant, 12);
        Assert.Equal(4, m.Rank);
        var origin = new DeepFactorization(Diag(0, 0), Diag(0, 0));
        var zero = SharpnessMeasures.Of(origin);
        Assert.Equal(0, zero.Rank);
        Assert.Equal(0, zero.Trace);
        Assert.Equal(0, zero.LogPseudoDeterminant);
    }

    [Fact]
    public void Check30_random_points_trace_and_frobenius_match_dense()
    {
        var rng = new Random(300);
        for (int trial = 0; trial < 10; trial++)
        {
            int depth = 1 + trial % 5;
            int[] widths = Enumerable.Range(0, depth + 1).Select(_ => 1 + rng.Next(4)).ToArray();
            var w = RandomFactorization(rng, widths);
            var dense = new DenseReference(w);
            AssertRel(dense.Trace, HessianTrace.Of(w), 1e-10, "trace");
            AssertRel(dense.FrobeniusNorm, HessianFrobeniusNorm.Of(w), 1e-10, "‖H‖_F");
        }
    }

    [Fact]
    public void Measures_are_finite_at_extreme_scales()
    {
        // Trace and ‖H‖_F scale like λ: s^{2−2/N} for the target sM at balanced points.
        var target = RandomOfRank(new Random(27), 2, 2, 2);
        int[] widths = [2, 2, 2, 2];
        var w = BalancedMinimizer.Create(target, widths, 1);
        double tr = HessianTrace.Of(w), fro = HessianFrobeniusNorm.Of(w), logp = ZeroLossSpectrum.Of(w).LogPseudoDeterminant;
        int rank = ZeroLossSpectrum.Of(w).Rank;
        foreach (double s in new[] { 1e-150, 1e150 })
        {
            var big = BalancedMinimizer.Create(s * target, widths, 1);
            double factor = Math.Pow(s, 4.0 / 3);
            AssertRel(tr * factor, HessianTrace.Of(big), 1e-12, "trace");
            AssertRel(fro * factor, HessianFrobeniusNorm.Of(big), 1e-12, "‖H‖_F");
            var spectrum = ZeroLossSpectrum.Of(big);
            Assert.Equal(rank, spectrum.Rank);
            AssertRel(logp + rank * Math.Log(factor), spectrum.LogPseudoDeterminant, 1e-12, "log-pdet");
        }
    }

    [Theory]
    [InlineData(3, 5, 4)]
    [InlineData(4, 2, 2)]
    [InlineData(3, 3, 3)]
    [InlineData(1, 4, 2)]
    public void Check31_weighted_balanced_minimizer_attains_the_minimal_trace(int m, int n, int d)
    {
        var rng = new Random(31 + m * 10 + n);
        var target = RandomOfRank(rng, m, n, Math.Min(Math.Min(m, n), d));
        var w = WeightedBalancedMinimizer.Create(target, d, seed: 3);
        var l = w.Layers[1];
        var r = w.Layers[0].Transpose();
        Assert.True((n * l.TransposeThisAndMultiply(l) - m * r.TransposeThisAndMultiply(r)).FrobeniusNorm() <= 1e-12 * n * l.FrobeniusNorm() * l.FrobeniusNorm(), "nLᵀL ≠ mRᵀR");
        double nuclear = target.Svd(false).S.Sum();
        double minimal = 2 * Math.Sqrt(m * n) * nuclear;
        AssertRel(minimal, MinimalTrace.DepthTwo(target, d), 1e-12, "2√(mn)‖M‖_*");
        AssertRel(minimal, new DenseReference(w, target).Trace, 1e-10, "trace of the weighted-balanced minimizer");
        for (int seed = 0; seed < 20; seed++)
        {
            var moved = RandomMinimizers.OnGLOrbit(w, seed);
            Assert.True(new DenseReference(moved, target).Trace >= minimal * (1 - 1e-10), $"GL seed {seed} beats the minimal trace");
        }
        // Its λmax is σ₁(√(m/n) + √(n/m)), strictly above 2σ₁ when m ≠ n.
        double sigma1 = target.Svd(false).S[0];
        AssertRel(sigma1 * (Math.Sqrt((double)m / n) + Math.Sqrt((double)n / m)), new DenseReference(w, target).Largest, 1e-10, "λ of the trace-minimal point");
    }

    [Fact]
    public void Trace_lower_bound_holds_at_depth_three()
    {
        var target = RandomOfRank(new Random(33), 2, 3, 2);
        double bound = MinimalTrace.LowerBound(target, 3);
        for (int seed = 0; seed < 20; seed++)
        {
            var w = RandomMinimizers.PseudoinverseCompletion(target, [3, 2, 3, 2], seed);
            Assert.True(new DenseReference(w, target).Trace >= bound * (1 - 1e-10));
        }
    }

    [Fact]
    public void Comparison_shows_no_minimizer_flat_for_both_when_m_differs_from_n()
    {
        var target = RandomOfRank(new Random(35), 3, 5, 3);
        var set = new List<(string, DeepFactorization)>
        {
            ("balanced", BalancedMinimizer.Create(target, [5, 4, 3], 1)),
            ("weighted", WeightedBalancedMinimizer.Create(target, 4, 1)),
        };
        for (int seed = 0; seed < 5; seed++)
            set.Add(($"GL {seed}", RandomMinimizers.OnGLOrbit(BalancedMinimizer.Create(target, [5, 4, 3], 1), seed)));
        var cmp = MeasureComparison.Of(target, set);
        Assert.True(cmp.Rows[0].IsSharpnessFlat);
        Assert.False(cmp.Rows[0].IsTraceFlat);
        Assert.False(cmp.Rows[1].IsSharpnessFlat);
        Assert.True(cmp.Rows[1].IsTraceFlat);
        Assert.False(cmp.AnyFlatForBoth);
        foreach (var row in cmp.Rows)
        {
            var dense = new DenseReference(row.Point, target);
            AssertRel(dense.Largest, row.Sharpness, 1e-10, $"{row.Label} λ");
            AssertRel(dense.Trace, row.Trace, 1e-10, $"{row.Label} trace");
        }
        Assert.Contains("weighted", cmp.ToString());

        // m = n: the balanced minimizer is both (F2-balanced ⟹ trace-flat at depth 2 when m = n).
        var square = RandomOfRank(new Random(36), 3, 3, 2);
        var both = MeasureComparison.Of(square, [("balanced", BalancedMinimizer.Create(square, [3, 3, 3], 1))]);
        Assert.True(both.AnyFlatForBoth);
    }

    [Fact]
    public void Closed_forms_refuse_nonzero_loss_and_oversized_spectra()
    {
        // changed by issue 11: the library's error contract (NotZeroLossException) instead of ArgumentException
        var ex = Assert.Throws<NotZeroLossException>(() => HessianTrace.Of(F2, Diag(1, 1)));
        Assert.Contains("zero-loss", ex.Message);
        // changed by issue 11: the library's error contract (NotZeroLossException) instead of ArgumentException
        Assert.Throws<NotZeroLossException>(() => HessianFrobeniusNorm.Of(F2, Diag(1, 1)));
        var big = DeepFactorization.FromLeftRight(Matrix<double>.Build.Dense(60, 1, 1.0), Matrix<double>.Build.Dense(50, 1, 1.0));
        // changed by issue 11: the library's error contract (OutsideDomainException) instead of ArgumentException
        var tooLarge = Assert.Throws<OutsideDomainException>(() => ZeroLossSpectrum.Of(big));
        Assert.Contains("3000", tooLarge.Message);
        // changed by issue 11: the library's error contract (OutsideDomainException) instead of ArgumentException
        var narrow = Assert.Throws<OutsideDomainException>(() => MinimalTrace.DepthTwo(Diag(1, 2, 3), 2));
        Assert.Contains("rank M = 3", narrow.Message);
    }
}
