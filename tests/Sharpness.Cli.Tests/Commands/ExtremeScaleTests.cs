using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Points at the edge of the double range: a finite answer where one exists, a clean error otherwise.</summary>
public class ExtremeScaleTests
{
    private static readonly Matrix<double> Q = M(new double[,] { { 1, 2 }, { 3, 4 } });

    private static Matrix<double> Scaled(double s) => M(new double[,] { { s, 1 }, { 2, s } });

    [Fact]
    public void Verify_works_where_the_hessian_entries_are_near_overflow()
    {
        // Depth 2 with ‖W1‖ ≈ 1e153: λ ≈ 1e306 is representable; the brute-force verifiers must agree with it.
        using var dir = new TempDir();
        var point = new DeepFactorization(Scaled(1e153), Q);
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--json", "--verify"]).Json();
        double lambda = j.GetProperty("sharpness").GetDouble();
        Assert.True(double.IsFinite(lambda) && lambda > 1e305);
        var v = j.GetProperty("verification");
        AssertRel(lambda, v.GetProperty("dense").GetDouble(), 1e-12, "dense λmax(H)");
        AssertRel(lambda, v.GetProperty("lanczos").GetDouble(), 1e-10, "Lanczos λmax(H)");
    }

    [Fact]
    public void An_overflowing_sharpness_is_a_clean_error()
    {
        // Depth 3 with ‖W1‖, ‖W3‖ ≈ 1e100: λ ≈ 1e400 is not a double.
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, new DeepFactorization(Scaled(1e100), Q, Scaled(1e100)));
        Cli.AssertFails(Cli.Run(["analyze", .. layers]), ExitCodes.NotComputable, "λmax overflows");
        Cli.AssertFails(Cli.Run(["escape", .. layers, "--c", "1.1"]), ExitCodes.NotComputable, "overflows");
    }

    [Fact]
    public void An_overflowing_product_is_a_clean_error()
    {
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, new DeepFactorization(Scaled(1e200), Scaled(1e200)));
        Cli.AssertFails(Cli.Run(["analyze", .. layers]), ExitCodes.NotComputable, "product", "overflows");
    }

    [Fact]
    public void Escape_near_the_overflow_edge_does_not_fail_internally()
    {
        // M = P(W*) has ‖M‖₂² beyond the double range; building the escape setting used to crash in the eigensolver.
        using var dir = new TempDir();
        var r = Cli.Run(["escape", .. Cli.WriteLayers(dir, new DeepFactorization(Scaled(1e154), Q)), "--c", "1.1", "--max-iter", "50", "--json"]);
        Assert.NotEqual(ExitCodes.InternalError, r.ExitCode);
    }

    [Fact]
    public void Escape_from_a_point_with_no_rescaling_direction_is_a_clean_error()
    {
        using var dir = new TempDir();
        var zero = Matrix<double>.Build.Dense(2, 2);
        Cli.AssertFails(Cli.Run(["escape", .. Cli.WriteLayers(dir, new DeepFactorization(zero, zero)), "--eta", "0.1"]),
            ExitCodes.NotComputable, "cannot compute");
    }

    [Fact]
    public void Core_fix_spectral_norm_of_a_matrix_whose_square_overflows_is_infinite_not_a_crash()
    {
        var a = Math.ScaleB(1.0, 600) * M(new double[,] { { 1, 2, 0 }, { 0, 1, 1 } });
        Assert.Equal(double.PositiveInfinity, SpectralNorm.Top(a).SquaredValue);
        // And at a representable extreme scale the value is the scaled one (exact power-of-two scaling).
        var b = M(new double[,] { { 1, 2, 0 }, { 0, 1, 1 } });
        double sigma2 = Math.Pow(b.Svd().S[0], 2);
        AssertRel(Math.ScaleB(sigma2, 1000), SpectralNorm.Top(Math.ScaleB(1.0, 500) * b).SquaredValue, 1e-14, "σ² at 2^500");
        AssertRel(Math.ScaleB(sigma2, -1000), SpectralNorm.Top(Math.ScaleB(1.0, -500) * b).SquaredValue, 1e-14, "σ² at 2^-500");
    }
}

public class UnderflowTests
{
    [Fact]
    public void An_underflowing_product_is_a_clean_error_not_a_false_residual()
    {
        // Three layers 1e-300·I: the product 1e-900·I underflows to 0, so M := P(W) would not be the layers' product.
        using var dir = new TempDir();
        var tiny = 1e-300 * Matrix<double>.Build.DenseIdentity(2);
        var layers = Cli.WriteLayers(dir, new DeepFactorization(tiny, tiny, tiny));
        Cli.AssertFails(Cli.Run(["analyze", .. layers]), ExitCodes.NotComputable, "underflows");
    }

    [Fact]
    public void Small_but_representable_layers_are_analyzed_exactly()
    {
        // F7 scaled by 2^-100 per layer: the product 2^-300·P is normal; λ = 48 scales by 2^(2·(-100)·(N−1)) = 2^-400.
        using var dir = new TempDir();
        var scaled = new DeepFactorization(Fixtures.F7.Layers.Select(w => w.Map(x => Math.ScaleB(x, -100))));
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, scaled), "--json"]).Json();
        Fixtures.AssertRel(Math.ScaleB(48, -400), j.GetProperty("sharpness").GetDouble(), 1e-12, "λmax");
    }
}
