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

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_wide_first_layer_at_depth_two_and_three_gives_the_small_point_values(int depth)
    {
        // W1 = S·Fᵀ with F (100000 × 3) orthonormal: K at W acts as K at the small point (S, W2, …) on the row space of
        // W1 and as something no larger elsewhere, so λ, s_min, ρ, tr H and ‖H‖_F are the small point's values,
        // which its dense Hessian (P = 9 + …) gives independently. Was: > 4 s at depth 2, exit 13 (the n × n Gram
        // matrices of K do not fit) at depth 3.
        const int n = 100_000;
        var s = M(new double[,] { { 1.2, 0.3, -0.4 }, { 0.2, 0.9, 0.5 }, { -0.6, 0.1, 1.1 } });
        var f = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, 3, (i, k) => Math.Cos((k + 1) * (i + 0.5) * Math.PI / n));
        f = f.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        var tail = depth == 2
            ? new[] { M(new double[,] { { 0.7, -0.2, 0.4 }, { 0.3, 0.8, -0.5 }, { 0.1, 0.2, 0.9 }, { -0.4, 0.6, 0.3 } }) }
            : new[] { M(new double[,] { { 0.8, 0.1, -0.3 }, { 0.2, 1.1, 0.4 }, { -0.5, 0.3, 0.9 } }), M(new double[,] { { 0.7, -0.2, 0.4 }, { 0.3, 0.8, -0.5 }, { 0.1, 0.2, 0.9 }, { -0.4, 0.6, 0.3 } }) };
        var small = new DeepFactorization([s, .. tail]);
        var wide = new DeepFactorization([s.TransposeAndMultiply(f), .. tail]);

        var spectrum = HessianSpectrum.Of(FactorizationLoss.AtOwnProduct(small));
        using var dir = new TempDir();
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, wide), "--json"]).Json();
        AssertRel(spectrum.Largest, j.GetProperty("sharpness").GetDouble(), 1e-10, "λ vs the small point's dense Hessian");
        using var smallDir = new TempDir();
        var js = Cli.Run(["analyze", .. Cli.WriteLayers(smallDir, small), "--json"]).Json();
        AssertRel(js.GetProperty("minimalSharpness").GetDouble(), j.GetProperty("minimalSharpness").GetDouble(), 1e-10, "s_min");
        AssertRel(js.GetProperty("rho").GetDouble(), j.GetProperty("rho").GetDouble(), 1e-10, "ρ");
        Assert.Equal(js.GetProperty("flat").GetBoolean(), j.GetProperty("flat").GetBoolean());
        // tr H and ‖H‖_F count the directions off the row space too: W1's own block adds (n − 3)·‖A_1‖_F²… so only
        // their closed forms apply: tr H = Σ‖A_i‖_F²‖B_i‖_F² with B_1 = I_n.
        var fw = wide.Factors;
        double trace = Enumerable.Range(0, depth).Sum(i => Math.Pow(fw.Left[i].FrobeniusNorm(), 2) * (i == 0 ? n : Math.Pow(fw.Right[i].FrobeniusNorm(), 2)));
        AssertRel(trace, j.GetProperty("trace").GetDouble(), 1e-10, "tr H");
    }

    [Fact]
    public void A_wide_first_layer_at_depth_three_agrees_with_restarted_lanczos_on_the_full_hessian()
    {
        // The independent check at full size: HVP-Lanczos on all P ≈ 300 000 parameters with a 24-vector basis.
        const int n = 100_000;
        var rng = new Random(12);
        var w1 = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(3, n, (_, _) => (rng.NextDouble() - 0.5) / Math.Sqrt(n));
        var w2 = M(new double[,] { { 0.8, 0.1, -0.3 }, { 0.2, 1.1, 0.4 }, { -0.5, 0.3, 0.9 } });
        var w3 = M(new double[,] { { 0.7, -0.2, 0.4 }, { 0.3, 0.8, -0.5 }, { 0.1, 0.2, 0.9 }, { -0.4, 0.6, 0.3 } });
        var point = new DeepFactorization(w1, w2, w3);
        using var dir = new TempDir();
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--json"]).Json();
        var lanczos = HessianLanczos.Largest(FactorizationLoss.AtOwnProduct(point), 1,
            Sharpness.LinearAlgebra.LanczosOptions.Default with { RestartLength = 24, MaxIterations = 2000, Tolerance = 1e-12 });
        Assert.True(lanczos.Converged);
        AssertRel(lanczos.Top.Value, j.GetProperty("sharpness").GetDouble(), 1e-9, "λ vs HVP-Lanczos on the full Hessian");
    }
}
