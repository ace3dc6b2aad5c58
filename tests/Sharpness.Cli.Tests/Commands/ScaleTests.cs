using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.Model;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Issue 13 in the CLI: --verbose says which kernels ran, how many operator applications λ took and its
/// eigen-residual; a network whose K-Lanczos working set would not fit is refused with the size it needs.</summary>
public class ScaleTests
{
    [Fact]
    public void Verbose_names_the_kernels_the_applications_and_the_eigen_residual()
    {
        using var dir = new TempDir();
        var rng = new Random(3);
        var point = new DeepFactorization(Enumerable.Range(0, 3).Select(_ => Matrix<double>.Build.Dense(9, 9, (_, _) => rng.NextDouble() - 0.5)));
        var files = Cli.WriteLayers(dir, point);
        var text = Cli.Run(["analyze", .. files, "--verbose"]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("kernels", text.Stdout);
        Assert.Contains(Environment.GetEnvironmentVariable("SHARPNESS_BLAS") == "managed" ? "managed kernels" : "OpenBLAS", text.Stdout);
        Assert.Contains("operator applications", text.Stdout);
        Assert.Contains("route LanczosK", text.Stdout);

        var j = Cli.Run(["analyze", .. files, "--verbose", "--json"]).Json();
        int applications = j.GetProperty("applications").GetInt32();
        Assert.InRange(applications, 10, 82); // mn = 81: at most 81 Lanczos steps and one residual
        Assert.True(j.GetProperty("relativeEigenResidual").GetDouble() <= 1e-11);
        Assert.False(string.IsNullOrWhiteSpace(j.GetProperty("kernels").GetString()));

        // without --verbose the JSON keys stay as they were
        var plain = Cli.Run(["analyze", .. files, "--json"]).Json();
        Assert.False(plain.TryGetProperty("kernels", out _));
        AssertRel(plain.GetProperty("sharpness").GetDouble(), j.GetProperty("sharpness").GetDouble(), 0, "same λ");
    }

    [Theory]
    [InlineData(false)] // L 700×8, R 8×600: M is 700 × 600 of rank 8
    [InlineData(true)]  // L 8×640, R 640×8: a 640-wide hidden layer, M 8 × 8
    public void A_thin_product_is_analyzed_from_its_factors_with_the_numbers_of_the_dense_report(bool wideHidden)
    {
        // Without --target the report works from the thin factors (M := P(W) never formed); with --target M.npy it
        // decomposes the formed M and forms the Grams, as before. Both agree, and match closed forms computed here.
        using var dir = new TempDir();
        var rng = new Random(13);
        Matrix<double> Gaussian(int r, int c) => Matrix<double>.Build.Dense(r, c, (_, _) => rng.NextDouble() - 0.5);
        var point = wideHidden ? new DeepFactorization(Gaussian(640, 8), Gaussian(8, 640)) : new DeepFactorization(Gaussian(8, 600), Gaussian(700, 8));
        Assert.Equal(!wideHidden, point.HasThinProduct);
        var files = Cli.WriteLayers(dir, point);
        var thin = Cli.Run(["analyze", .. files, "--json"]).Json();
        var dense = Cli.Run(["analyze", .. files, "--target", Cli.WriteMatrix(dir, "M.npy", point.Product()), "--json"]).Json();
        foreach (var key in new[] { "sharpness", "minimalSharpness", "rho", "trace", "hessianFrobenius" })
            AssertRel(dense.GetProperty(key).GetDouble(), thin.GetProperty(key).GetDouble(), 1e-12, key);
        Assert.Equal(dense.GetProperty("flat").GetBoolean(), thin.GetProperty("flat").GetBoolean());
        Assert.Equal(dense.GetProperty("flatnessReason").GetString(), thin.GetProperty("flatnessReason").GetString());
        // Closed forms from MathNet's SVD of the formed product and the layers: s_min = 2σ₁(M), λ = ‖L‖₂² + ‖R‖₂²,
        // tr H = n‖L‖_F² + m‖R‖_F² (L = W2, R = W1).
        var l = point.Layers[1];
        var r = point.Layers[0];
        AssertRel(2 * point.Product().Svd(computeVectors: false).S[0], thin.GetProperty("minimalSharpness").GetDouble(), 1e-12, "s_min");
        AssertRel(Math.Pow(l.L2Norm(), 2) + Math.Pow(r.L2Norm(), 2), thin.GetProperty("sharpness").GetDouble(), 1e-12, "λ");
        AssertRel(point.InputDimension * Math.Pow(l.FrobeniusNorm(), 2) + point.OutputDimension * Math.Pow(r.FrobeniusNorm(), 2),
            thin.GetProperty("trace").GetDouble(), 1e-12, "tr H");
    }

    [Fact]
    public void A_thin_product_too_large_to_form_is_analyzed_and_refused_only_for_verify()
    {
        // L 60000×4, R 4×60000: M would be 60000 × 60000 (27 GiB, more than this machine has); the report needs
        // 4 MB, --verify needs M and is refused up front with the size and what avoids it.
        using var dir = new TempDir();
        var rng = new Random(14);
        var point = new DeepFactorization(Matrix<double>.Build.Dense(4, 60_000, (_, _) => rng.NextDouble() - 0.5),
            Matrix<double>.Build.Dense(60_000, 4, (_, _) => rng.NextDouble() - 0.5));
        var files = Cli.WriteLayers(dir, point);
        var j = Cli.Run(["analyze", .. files, "--json"]).Json();
        var l = point.Layers[1];
        var r = point.Layers[0];
        // ‖L‖₂², ‖R‖₂² as the top eigenvalues of the 4 × 4 Grams (MathNet's L2Norm would take a 60000 × 60000 SVD)
        static double Top(Matrix<double> gram) => gram.Evd().EigenValues.Max(e => e.Real);
        AssertRel(Top(l.TransposeThisAndMultiply(l)) + Top(r.TransposeAndMultiply(r)), j.GetProperty("sharpness").GetDouble(), 1e-12, "λ");
        // σ₁(M) from the 4 × 4 matrix (LᵀL)^½ R... = the largest eigenvalue of (LᵀL)(RRᵀ), computed here by MathNet.
        double sigma = Math.Sqrt(l.TransposeThisAndMultiply(l).Multiply(r.TransposeAndMultiply(r)).Evd().EigenValues.Max(e => e.Real));
        AssertRel(2 * sigma, j.GetProperty("minimalSharpness").GetDouble(), 1e-11, "s_min");
        var refused = Cli.Run(["analyze", .. files, "--verify"]);
        Cli.AssertFails(refused, ExitCodes.NotComputable, "--verify", "60000×60000", "GiB", "Without --verify");
    }

    [Fact]
    public void A_network_too_large_for_memory_is_refused_with_the_size_it_needs()
    {
        // Tiny layers, huge K: W1 1×40000, W2 1×1, W3 40000×1, so mn = 1.6e9 and one Lanczos vector is 12 GiB.
        using var dir = new TempDir();
        var point = new DeepFactorization(Matrix<double>.Build.Dense(1, 40_000, 1e-2), Matrix<double>.Build.Dense(1, 1, 2.0),
            Matrix<double>.Build.Dense(40_000, 1, 1e-2));
        var r = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point)]);
        Cli.AssertFails(r, ExitCodes.NotComputable, "40000×40000", "GiB", "available");
    }
}
