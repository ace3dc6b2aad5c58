using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Tests.Verification;
using static Sharpness.Tests.TestData;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.Tests.LinearAlgebra;

/// <summary>The blocked product kernel against MathNet's product, on shapes that hit every remainder path.</summary>
public class MatrixKernelsTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(8, 8, 4)]
    [InlineData(16, 5, 8)]
    [InlineData(17, 3, 9)]
    [InlineData(3, 17, 2)]
    [InlineData(100, 100, 100)]
    [InlineData(37, 41, 43)]
    [InlineData(5, 1, 7)]
    public void Product_matches_mathnet(int m, int k, int n)
    {
        var rng = new Random(m * 10000 + k * 100 + n);
        var a = Gaussian(rng, m, k);
        var b = Gaussian(rng, k, n);
        var c = Matrix<double>.Build.Dense(m, n, double.NaN); // stale contents must be overwritten
        MatrixKernels.Multiply(a, b, c);
        Assert.True(Reference.RelativeDifference(c, a * b) <= 1e-14, "kernel vs MathNet");
        var start = Gaussian(rng, m, n);
        var sum = start.Clone();
        MatrixKernels.Multiply(a, b, sum, accumulate: true);
        Assert.True(Reference.RelativeDifference(sum, start + a * b) <= 1e-14, "accumulating kernel vs MathNet");
        Assert.True(Reference.RelativeDifference(MatrixKernels.Product(a, b), a * b) <= 1e-14, "Product");
    }

    [Fact]
    public void Aliased_or_non_dense_operands_fall_back_and_shapes_are_checked()
    {
        var a = Gaussian(new Random(1), 4, 4);
        var d = Matrix<double>.Build.Diagonal(4, 4, i => i + 1.0);
        var c = Matrix<double>.Build.Dense(4, 4);
        MatrixKernels.Multiply(a, d, c);
        Assert.True(Reference.RelativeDifference(c, a * d) <= 1e-15);
        MatrixKernels.Multiply(a, d, c, accumulate: true);
        Assert.True(Reference.RelativeDifference(c, 2 * (a * d)) <= 1e-15);
        var ex = Assert.Throws<ArgumentException>(() => MatrixKernels.Multiply(a, Gaussian(new Random(2), 3, 2), c));
        Assert.Contains("4×4", ex.Message);
        Assert.Contains("3×2", ex.Message);
    }
}
