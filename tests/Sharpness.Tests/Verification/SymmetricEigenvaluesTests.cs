using Sharpness;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Verification;

/// <summary>The values-only dense symmetric eigensolver against MathNet's eigendecomposition.</summary>
public class SymmetricEigenvaluesTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 17)]
    [InlineData(5, 120)]
    public void Random_symmetric_matrices_match_mathnet(int seed, int n)
    {
        var g = Gaussian(new Random(seed), n, n);
        var a = g + g.Transpose();
        var expected = Reference.Eigenvalues(a);
        double scale = expected.Max(Math.Abs);
        Reference.AssertSpectraEqual(expected, SymmetricEigenvalues.Descending(a), 1e-13 * scale, $"n = {n}");
    }

    [Fact]
    public void Degenerate_clustered_and_zero_eigenvalues_keep_their_multiplicities()
    {
        double[] spectrum = [7, 7, 7, 3 + 1e-9, 3, 0, 0, 0, 0, -2, -2];
        var a = Reference.SymmetricWithSpectrum(new Random(6), spectrum);
        Reference.AssertSpectraEqual(spectrum, SymmetricEigenvalues.Descending(a), 1e-13 * 7, "prescribed spectrum");
    }

    [Fact]
    public void Rank_deficient_gram_matrix_like_a_hessian_at_a_minimizer()
    {
        // JᵀJ with J 6 × 40: 6 positive eigenvalues and 34 zeros, the shape of an overparameterized Hessian.
        var j = Gaussian(new Random(7), 6, 40);
        var h = j.TransposeThisAndMultiply(j);
        var expected = Reference.Eigenvalues(h);
        Reference.AssertSpectraEqual(expected, SymmetricEigenvalues.Descending(h), 1e-13 * expected[0], "JᵀJ");
    }

    [Fact]
    public void Special_matrices()
    {
        Assert.Equal([0.0, 0, 0], SymmetricEigenvalues.Descending(Matrix<double>.Build.Dense(3, 3)));
        Reference.AssertSpectraEqual([3.0, 2, -1], SymmetricEigenvalues.Descending(Diag(2, -1, 3)), 1e-15, "diagonal");
        Assert.Empty(SymmetricEigenvalues.Descending(Matrix<double>.Build.Dense(0, 0)));
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        var ex = Assert.Throws<ShapeMismatchException>(() => SymmetricEigenvalues.Descending(Matrix<double>.Build.Dense(2, 3)));
        Assert.Contains("2×3", ex.Message);
        var big = 1e150 * Diag(1, 2);
        Reference.AssertSpectraEqual([2e150, 1e150], SymmetricEigenvalues.Descending(big), 1e136, "huge");
    }

    [Fact]
    public void Block_diagonal_matrices_with_already_reduced_columns()
    {
        // Direct sums make some Householder steps find a zero column (nothing to reduce) in the middle of the sweep.
        var rng = new Random(9);
        var g1 = Gaussian(rng, 4, 4); var g2 = Gaussian(rng, 5, 5);
        var a = Matrix<double>.Build.Dense(13, 13);
        a.SetSubMatrix(0, 0, g1 + g1.Transpose());
        a.SetSubMatrix(4, 4, Diag(1, 2, 3, 4));
        a.SetSubMatrix(8, 8, g2 + g2.Transpose());
        var expected = Reference.Eigenvalues(a);
        Reference.AssertSpectraEqual(expected, SymmetricEigenvalues.Descending(a), 1e-13 * expected.Max(Math.Abs), "block diagonal");
    }
}
