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
