using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Tests.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.LinearAlgebra;

/// <summary><see cref="GramOperator"/> against MathNet's dense Gram matrices.</summary>
public class GramOperatorTests
{
    [Theory]
    [InlineData(5, 9)]
    [InlineData(9, 5)]
    [InlineData(1, 7)]
    [InlineData(13, 1)]
    public void Both_sides_match_the_dense_gram_matrix(int rows, int cols)
    {
        var rng = new Random(rows * 100 + cols);
        var a = Gaussian(rng, rows, cols);
        foreach (var (side, gram) in new[] { (GramOperator.Side.Rows, a * a.Transpose()), (GramOperator.Side.Columns, a.Transpose() * a) })
        {
            var op = new GramOperator(a, side);
            Assert.Equal(gram.RowCount, op.Dimension);
            for (int t = 0; t < 2; t++) // twice: the scratch vector is reused
            {
                var x = Gaussian(rng, op.Dimension, 1).Column(0);
                var y = new double[op.Dimension];
                op.Apply(x.ToArray(), y);
                Assert.True(Reference.RelativeDifference(Vector<double>.Build.DenseOfArray(y), gram * x) <= 1e-14, $"{side}, application {t}");
            }
        }
    }

    [Fact]
    public void Non_dense_storage_is_accepted()
    {
        var d = Matrix<double>.Build.Diagonal(4, 6, i => i + 1.0); // a DiagonalMatrix, not dense storage
        var op = new GramOperator(d, GramOperator.Side.Rows);
        var y = new double[4];
        op.Apply([1, 1, 1, 1], y);
        Assert.Equal([1.0, 4, 9, 16], y);
    }
}
