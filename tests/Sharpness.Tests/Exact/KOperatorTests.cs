using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Tests.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Exact;

/// <summary><see cref="KOperator"/> against the Kronecker sum built independently, in both vec orders.</summary>
public class KOperatorTests
{
    public static TheoryData<int[]> Shapes => new()
    {
        new[] { 3, 4 },
        new[] { 4, 5, 3 },
        new[] { 4, 5, 3, 6, 2 },
        new[] { 1, 3, 2, 1 },
        new[] { 5, 2, 2, 2, 2, 7 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ToDense_equals_the_kronecker_sum(int[] widths)
    {
        var w = RandomFactorization(new Random(widths.Sum()), widths);
        var k = new KOperator(w);
        var reference = Reference.KRowMajor(w.Layers);
        Assert.Equal(w.OutputDimension * w.InputDimension, k.Dimension);
        Assert.True(Reference.RelativeDifference(k.ToDense(), reference) <= 1e-14, "ToDense vs Σ S_i ⊗ T_i");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Apply_matches_the_dense_matrix_in_both_vec_orders(int[] widths)
    {
        var rng = new Random(widths.Length * 17);
        var w = RandomFactorization(rng, widths);
        var k = new KOperator(w);
        int m = w.OutputDimension, n = w.InputDimension;
        var x = Gaussian(rng, m, n);
        var kx = k.Apply(x);
        // Row-major: vec_row(K(X)) = K_row vec_row(X).
        var rowVec = Vector<double>.Build.Dense(m * n, i => x[i / n, i % n]);
        var expectedRow = Reference.KRowMajor(w.Layers) * rowVec;
        var actualRow = Vector<double>.Build.Dense(m * n, i => kx[i / n, i % n]);
        Assert.True(Reference.RelativeDifference(actualRow, expectedRow) <= 1e-13, "row-major");
        // Column-major (the span form Lanczos uses): vec_col(K(X)) = K_col vec_col(X).
        var colVec = Vector<double>.Build.Dense(m * n, i => x[i % m, i / m]);
        var y = new double[m * n];
        k.Apply(colVec.ToArray(), y);
        var expectedCol = Reference.KColumnMajor(w.Layers) * colVec;
        Assert.True(Reference.RelativeDifference(Vector<double>.Build.DenseOfArray(y), expectedCol) <= 1e-13, "column-major span");
        // Repeated applications reuse buffers; the answer must not change.
        k.Apply(colVec.ToArray(), y);
        Assert.True(Reference.RelativeDifference(Vector<double>.Build.DenseOfArray(y), expectedCol) <= 1e-13, "second application");
    }

    /// <summary>Integer layers with entries in −3 … 3: every Gram entry, every diagonal entry of K and the trace are
    /// integers below 2^53, so the trace is exact in double precision and both sides must hit it exactly.</summary>
    public static TheoryData<int, int[]> IntegerInstances => new()
    {
        { 1, new[] { 6, 4 } },
        { 2, new[] { 3, 4, 2 } },
        { 3, new[] { 4, 5, 3 } },
        { 4, new[] { 2, 3, 3, 2 } },
        { 5, new[] { 3, 2, 4, 5, 2 } },
        { 6, new[] { 5, 5, 5 } },
    };

    [Theory]
    [MemberData(nameof(IntegerInstances))]
    public void Trace_of_integer_layers_is_exact_and_equals_the_dense_traces(int seed, int[] widths)
    {
        // A user's review: tr K = Σ (‖A_i‖_F)²(‖B_i‖_F)² gave 23.999999999999996 for 24 (the square of a rounded √).
        var rng = new Random(seed);
        var w = new Sharpness.Model.DeepFactorization(Enumerable.Range(1, widths.Length - 1)
            .Select(i => Matrix<double>.Build.Dense(widths[i], widths[i - 1], (_, _) => rng.Next(-3, 4))));
        double trace = KOperator.Trace(w);
        double dense = new KOperator(w).ToDense().Diagonal().Sum();         // Σ_i S_i ⊗ T_i from the operator's Grams
        double kronecker = Reference.KRowMajor(w.Layers).Diagonal().Sum(); // MathNet's Kronecker products of the layers
        Assert.Equal(kronecker, dense);
        Assert.Equal(Math.Round(kronecker), kronecker);
        Assert.Equal(kronecker, trace);
    }

    [Fact]
    public void Trace_of_the_identity_operator_is_the_dimension()
    {
        // Depth 1: K = I_mn, tr K = mn exactly (the left and right factors are identities in diagonal storage).
        var w = new Sharpness.Model.DeepFactorization(Matrix<double>.Build.Dense(4, 6, (i, j) => Math.Sin(1 + i + 7 * j)));
        Assert.Equal(24.0, KOperator.Trace(w));
    }

    [Fact]
    public void Trace_outside_the_direct_sums_range_falls_back_to_the_scaled_norms()
    {
        // Entries 2^−500: Σx² ≈ 2^−1000 is below the direct sum's floor 2^−960, so the scaled norm squares; depth 2,
        // tr K = d₀‖W₂‖_F² + d₂‖W₁‖_F² scales by exactly 2^−1000 (powers of two, no subnormals), up to that rounding.
        var x = Matrix<double>.Build.Dense(3, 2, (i, j) => 1 + i + 2 * j);
        var y = Matrix<double>.Build.Dense(2, 3, (i, j) => 3 - i - j);
        double unit = KOperator.Trace(new Sharpness.Model.DeepFactorization(x, y));
        Assert.Equal(2 * y.Enumerate().Sum(v => v * v) + 2 * x.Enumerate().Sum(v => v * v), unit);
        double tiny = KOperator.Trace(new Sharpness.Model.DeepFactorization(x * Math.ScaleB(1, -500), y * Math.ScaleB(1, -500)));
        double expected = Math.ScaleB(unit, -1000);
        Assert.True(Math.Abs(tiny - expected) <= 1e-15 * expected, $"tiny: {tiny:R} vs {expected:R}");
        // Entries 2^520: the true trace ≈ 2^1040 is beyond double range, so +∞ (never NaN).
        Assert.Equal(double.PositiveInfinity, KOperator.Trace(new Sharpness.Model.DeepFactorization(x * Math.ScaleB(1, 520), y)));
    }

    [Fact]
    public void K_is_symmetric_positive_semidefinite()
    {
        var w = RandomFactorization(new Random(5), 4, 3, 5, 3);
        var k = new KOperator(w).ToDense();
        Assert.True((k - k.Transpose()).Enumerate().Max(Math.Abs) <= 1e-14 * k.FrobeniusNorm(), "symmetric");
        Assert.True(Reference.Eigenvalues(k)[^1] >= -1e-13 * k.FrobeniusNorm(), "positive semidefinite");
    }
}
