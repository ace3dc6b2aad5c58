using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Tests.IO;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Issue 16 item 10: wide outer layers. The identity ends of the layer factors (I_n, I_m) are diagonal, and
/// ‖H‖_F and the SVD of M work on the small side, so a 1 × 100000 layer is analyzed without an n × n matrix.
/// Was: IndexOutOfRangeException (a dense 100000 × 100000 identity), or more than 20 s and 2.5 GB at 1 × 10000.</summary>
public class WideLayerTests
{
    [Theory]
    [InlineData(1, 100000)]
    [InlineData(100000, 1)]
    [InlineData(1, 10000)]
    public void A_single_wide_layer_has_the_depth_one_closed_forms(int rows, int columns)
    {
        // Depth 1: H = I_P, so λ = 1, tr H = P, ‖H‖_F = √P, s_min = 1, flat.
        using var dir = new TempDir();
        var w = Matrix<double>.Build.Dense(rows, columns, (i, j) => Math.Sin(i + 3 * j + 1));
        var layers = Cli.WriteLayers(dir, new DeepFactorization(w));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var j = Cli.Run(["analyze", .. layers, "--json"]).Json();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int p = rows * columns;
        Assert.Equal(1.0, j.GetProperty("sharpness").GetDouble());
        AssertRel(p, j.GetProperty("trace").GetDouble(), 1e-14, "tr H = P");
        AssertRel(Math.Sqrt(p), j.GetProperty("hessianFrobenius").GetDouble(), 1e-14, "‖H‖_F = √P");
        Assert.Equal(1.0, j.GetProperty("minimalSharpness").GetDouble());
        Assert.True(j.GetProperty("flat").GetBoolean());
        // A dense P × P (or n × n) matrix would be 800 MB at 1 × 10000; the analysis holds a few copies of the layer.
        Assert.True(allocated < 400L * p * 8 + (64 << 20), $"allocated {allocated / 1e6:F0} MB");
    }

    [Fact]
    public void The_small_side_frobenius_norm_agrees_with_the_dense_hessian()
    {
        // d_0 = 600 > 512 takes the small-side form; the dense 1202 × 1202 Hessian is the independent check.
        var w1 = Matrix<double>.Build.Dense(2, 600, (i, k) => Math.Cos(0.7 * i + 0.013 * k * k));
        var w2 = M(new double[,] { { 1.5, -0.5 } });
        var point = new DeepFactorization(w1, w2);
        using var dir = new TempDir();
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--json"]).Json();
        var spectrum = HessianSpectrum.Of(new FactorizationLoss(point, point.Product()));
        double dense = Math.Sqrt(spectrum.Eigenvalues.Sum(x => x * x));
        AssertRel(dense, j.GetProperty("hessianFrobenius").GetDouble(), 1e-10, "‖H‖_F vs dense Hessian");
        AssertRel(spectrum.Eigenvalues.Sum(), j.GetProperty("trace").GetDouble(), 1e-10, "tr H vs dense Hessian");
        AssertRel(spectrum.Largest, j.GetProperty("sharpness").GetDouble(), 1e-10, "λ vs dense Hessian");
    }
}
