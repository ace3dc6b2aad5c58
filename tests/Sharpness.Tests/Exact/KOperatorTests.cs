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

    [Fact]
    public void K_is_symmetric_positive_semidefinite()
    {
        var w = RandomFactorization(new Random(5), 4, 3, 5, 3);
        var k = new KOperator(w).ToDense();
        Assert.True((k - k.Transpose()).Enumerate().Max(Math.Abs) <= 1e-14 * k.FrobeniusNorm(), "symmetric");
        Assert.True(Reference.Eigenvalues(k)[^1] >= -1e-13 * k.FrobeniusNorm(), "positive semidefinite");
    }
}
