using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Tests.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.LinearAlgebra;

/// <summary><see cref="SpectralNorm.Top"/> against MathNet's SVD, on both branches (dense Gram and Lanczos).</summary>
public class SpectralNormTests
{
    [Theory]
    [InlineData(7, 12)]    // wide, dense branch
    [InlineData(12, 7)]    // tall, dense branch
    [InlineData(48, 70)]   // smaller side at the dense limit
    [InlineData(49, 40)]   // dense branch through AᵀA (smaller side 40)
    [InlineData(49, 60)]   // just above the limit: Lanczos
    [InlineData(180, 250)] // wide, Lanczos branch
    [InlineData(250, 180)] // tall, Lanczos branch
    [InlineData(1, 9)]
    [InlineData(9, 1)]
    public void Top_singular_triple_matches_mathnet_svd(int rows, int cols)
    {
        var a = Gaussian(new Random(rows * 1000 + cols), rows, cols);
        var svd = a.Svd(true);
        var top = SpectralNorm.Top(a);
        AssertRel(svd.S[0] * svd.S[0], top.SquaredValue, 1e-12, "σ₁²");
        AssertRel(svd.S[0], top.Value, 1e-12, "σ₁");
        AssertRel(1, top.Left.L2Norm(), 1e-13, "‖u‖");
        AssertRel(1, top.Right.L2Norm(), 1e-13, "‖v‖");
        Assert.True(Math.Abs(Math.Abs(top.Left * svd.U.Column(0)) - 1) <= 1e-9, "u vs SVD up to sign");
        Assert.True(Math.Abs(Math.Abs(top.Right * svd.VT.Row(0)) - 1) <= 1e-9, "v vs SVD up to sign");
        // The pair is consistent: A v = σ u.
        Assert.True((a * top.Right - top.Value * top.Left).L2Norm() <= 1e-11 * top.Value, "A v = σ u");
        bool lanczosBranch = Math.Min(rows, cols) > SpectralNorm.DenseLimit;
        if (lanczosBranch) Assert.InRange(top.Iterations, 2, 300);
        else Assert.Equal(0, top.Iterations);
    }

    [Fact]
    public void Zero_matrix_has_norm_zero_and_unit_vectors()
    {
        var top = SpectralNorm.Top(Matrix<double>.Build.Dense(3, 5));
        Assert.Equal(0.0, top.SquaredValue);
        AssertRel(1, top.Left.L2Norm(), 1e-15, "‖u‖");
        AssertRel(1, top.Right.L2Norm(), 1e-15, "‖v‖");
    }

    [Fact]
    public void Rank_one_matrix_on_the_lanczos_branch()
    {
        var rng = new Random(31);
        var u = Gaussian(rng, 200, 1);
        var v = Gaussian(rng, 210, 1);
        var a = u * v.Transpose();
        var top = SpectralNorm.Top(a);
        AssertRel(u.FrobeniusNorm() * v.FrobeniusNorm(), top.Value, 1e-12, "σ₁ of a rank-one matrix");
    }

    [Fact]
    public void Tiny_matrix_on_the_lanczos_branch()
    {
        var a = 1e-12 * Gaussian(new Random(32), 170, 200);
        AssertRel(Reference.SpectralNorm(1e12 * a) * 1e-12, SpectralNorm.Top(a).Value, 1e-12, "σ₁ at scale 1e-12");
    }
}
