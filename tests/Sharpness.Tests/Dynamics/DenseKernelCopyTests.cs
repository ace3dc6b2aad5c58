using Sharpness.Dynamics.Flat;

namespace Sharpness.Tests.Dynamics;

/// <summary>The register-blocked transpose against the index definition, on shapes with every remainder.</summary>
public class DenseKernelCopyTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(4, 4)]
    [InlineData(8, 20)]
    [InlineData(13, 9)]
    [InlineData(20, 10)]
    public void Transpose_moves_every_entry_to_its_mirror(int rows, int cols)
    {
        var rng = new Random(rows * 31 + cols);
        var a = Enumerable.Range(0, 3 + rows * cols).Select(_ => rng.NextDouble()).ToArray();
        var output = Enumerable.Repeat(double.NaN, 2 + rows * cols).ToArray();
        FlatKernels.Transpose(a, 3, rows, cols, output, 2);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                Assert.Equal(a[3 + i * cols + j], output[2 + j * rows + i]);
        Assert.True(double.IsNaN(output[0]) && double.IsNaN(output[1]), "nothing written before the output offset");
    }
}
