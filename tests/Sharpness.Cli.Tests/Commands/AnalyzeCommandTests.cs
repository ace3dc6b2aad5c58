using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.IO;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

public class AnalyzeCommandTests
{
    [Fact]
    public void Text_output_lists_every_quantity()
    {
        using var dir = new TempDir();
        var r = Cli.Run(["analyze", .. Cli.WriteLayers(dir, F7)]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        foreach (var label in new[] { "depth N", "shapes", "parameters", "relative residual", "zero loss", "sharpness λmax",
                     "minimal sharpness", "ρ", "flat", "‖A_i‖₂‖B_i‖₂", "trace H", "‖H‖_F", "route DenseK" })
            Assert.Contains(label, r.Stdout);
        Assert.Contains("48", r.Stdout);
        Assert.Contains("19.048812623618", r.Stdout);
        Assert.Contains("Not flat", r.Stdout);
    }

    [Fact]
    public void A_target_off_the_product_is_analyzed_with_the_hessian_not_the_zero_loss_formula()
    {
        // Check 28: W = 0 (depth 2, d = 2), M = [[3,0],[0,1],[0,0]]: a saddle with λmax(H) = 3 while λ_K = 0.
        using var dir = new TempDir();
        var zero = new Sharpness.Model.DeepFactorization(Matrix<double>.Build.Dense(2, 2), Matrix<double>.Build.Dense(3, 2));
        var target = Cli.WriteMatrix(dir, "M.csv", M(new double[,] { { 3, 0 }, { 0, 1 }, { 0, 0 } }));
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, zero), "--target", target, "--json", "--verify"]).Json();
        Assert.False(j.GetProperty("zeroLoss").GetBoolean());
        AssertRel(1, j.GetProperty("relativeResidual").GetDouble(), 1e-15, "relative residual");
        AssertRel(3, j.GetProperty("sharpness").GetDouble(), 1e-10, "λmax(H)");
        Assert.Equal("HessianLanczos", j.GetProperty("route").GetString());
        foreach (var key in new[] { "minimalSharpness", "rho", "flat", "trace", "hessianFrobenius" })
            Assert.Equal(System.Text.Json.JsonValueKind.Null, j.GetProperty(key).ValueKind);
        AssertRel(3, j.GetProperty("verification").GetProperty("dense").GetDouble(), 1e-12, "dense λmax(H)");
    }

    [Fact]
    public void A_matching_target_file_is_a_zero_loss_point()
    {
        // F2's product is exactly 2I; give it as a file.
        using var dir = new TempDir();
        var target = Cli.WriteMatrix(dir, "M.npy", 2 * Matrix<double>.Build.DenseIdentity(2));
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, F2), "--target", target, "--json"]).Json();
        Assert.True(j.GetProperty("zeroLoss").GetBoolean());
        AssertRel(8, j.GetProperty("sharpness").GetDouble(), 1e-12, "λmax");
    }

    [Fact]
    public void Zero_target_reports_the_absolute_residual()
    {
        // Check 24: M = 0, L = [[1,0],[0,0]], R = [[0,2],[0,1],[0,0]] is a zero-loss point with λmax = 6.
        using var dir = new TempDir();
        var point = Sharpness.Model.DeepFactorization.FromLeftRight(M(new double[,] { { 1, 0 }, { 0, 0 } }), M(new double[,] { { 0, 2 }, { 0, 1 }, { 0, 0 } }));
        var target = Cli.WriteMatrix(dir, "M.csv", Matrix<double>.Build.Dense(2, 3));
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--target", target, "--json"]).Json();
        Assert.Equal(0.0, j.GetProperty("relativeResidual").GetDouble());
        Assert.True(j.GetProperty("zeroLoss").GetBoolean());
        AssertRel(6, j.GetProperty("sharpness").GetDouble(), 1e-12, "λmax");
    }

    [Fact]
    public void Verify_skips_the_dense_hessian_above_3000_parameters()
    {
        // Depth 2 with d = 40, m = 40, n = 40: P = 3200 > 3000. The dense value is null; Lanczos still agrees.
        var rng = new Random(3);
        var l = Matrix<double>.Build.Dense(40, 40, (_, _) => rng.NextDouble() - 0.5);
        var rt = Matrix<double>.Build.Dense(40, 40, (_, _) => rng.NextDouble() - 0.5);
        var point = new Sharpness.Model.DeepFactorization(rt, l);
        using var dir = new TempDir();
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--json", "--verify"]).Json();
        var v = j.GetProperty("verification");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, v.GetProperty("dense").ValueKind);
        // Closed form ‖L‖² + ‖R‖² vs Lanczos on the full HVP (independent routes).
        AssertRel(j.GetProperty("sharpness").GetDouble(), v.GetProperty("lanczos").GetDouble(), 1e-10, "Lanczos vs closed form");
    }

    [Fact]
    public void Help_describes_the_verb()
    {
        var r = Cli.Run("analyze", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var s in new[] { "analyze", "<layers>", "--target", "--verify", "--json", "first layer first" })
            Assert.Contains(s, r.Stdout);
    }

    [Fact]
    public void Root_help_lists_the_verbs()
    {
        var r = Cli.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("analyze", r.Stdout);
        Assert.Contains("escape <layers>", r.Stdout);
    }

    [Fact]
    public void A_root_with_only_the_named_verb_prints_what_the_full_root_prints()
    {
        // The executable builds only the verb it is asked for (Program.cs); in-process runs use the full root.
        Assert.Equal(["analyze"], CliApp.CreateRootCommand("analyze").Subcommands.Select(c => c.Name));
        Assert.Equal(CliApp.Verbs.Count, CliApp.CreateRootCommand("analyse").Subcommands.Count); // a typo sees every verb
        Assert.Equal(CliApp.Verbs.Count, CliApp.CreateRootCommand(null).Subcommands.Count);
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, Fixtures.F4);
        foreach (var args in new[] { (string[])["analyze", .. layers, "--json"], ["analyze", .. layers, "--verbose"], ["analyze", "--dense-limit", "5", .. layers] })
        {
            var full = Cli.Run(args);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = CliApp.Run(CliApp.CreateRootCommand("analyze"), args, stdout, stderr);
            Assert.Equal((full.ExitCode, full.Stdout, full.Stderr), (code, stdout.ToString(), stderr.ToString()));
        }
    }
}
