using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.Model;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>
/// Issue 16 item 11: <c>--verify</c> states what it needs and refuses what does not fit. The memory is faked with
/// <c>--memory-limit</c> (never a real huge allocation): a check planned against 1 MiB refuses the dense Hessian
/// of P ≈ 1900 (≈ 110 MiB) with the numbers and both ways out, and the Lanczos-only check then runs thick-restarted
/// within that budget and agrees with the exact value.
/// </summary>
public class VerifyBoundTests
{
    // Depth 3, widths 30-20-25-30: P = 600 + 500 + 750 = 1850 (dense: 4·8·P² ≈ 104 MiB), mn = 900.
    private static DeepFactorization Point()
    {
        var rng = new Random(3);
        double G() => rng.NextDouble() - 0.5;
        return new DeepFactorization(
            MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(20, 30, (_, _) => G()),
            MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(25, 20, (_, _) => G()),
            MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(30, 25, (_, _) => G()));
    }

    [Fact]
    public void A_check_that_does_not_fit_is_refused_with_the_numbers_and_the_alternatives()
    {
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, Point());
        var r = Cli.Run(["analyze", .. layers, "--verify", "--memory-limit", "1M"]);
        Cli.AssertFails(r, ExitCodes.NotComputable, "would need ≈", "MiB", "only 1 MiB is available", "dense 1,850 × 1,850 Hessian",
            "--dense-limit 0", "--force");
    }

    [Fact]
    public void The_lanczos_alone_then_runs_restarted_within_the_budget_and_agrees_with_the_exact_value()
    {
        using var dir = new TempDir();
        var point = Point();
        var layers = Cli.WriteLayers(dir, point);
        var j = Cli.Run(["analyze", .. layers, "--json", "--verify", "--memory-limit", "1M", "--dense-limit", "0"]).Json();
        var v = j.GetProperty("verification");
        var plan = v.GetProperty("plan");
        Assert.False(plan.GetProperty("dense").GetBoolean());
        Assert.True(plan.GetProperty("restarted").GetBoolean());
        Assert.True(plan.GetProperty("lanczosBytes").GetInt64() <= 1L << 20);
        Assert.Equal(1L << 20, plan.GetProperty("availableBytes").GetInt64());
        Assert.True(v.GetProperty("lanczosRestarts").GetInt32() > 0, "the basis was kept small by restarting");
        Assert.True(v.GetProperty("lanczosConverged").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, v.GetProperty("dense").ValueKind);
        AssertRel(j.GetProperty("sharpness").GetDouble(), v.GetProperty("lanczos").GetDouble(), 1e-10, "restarted HVP-Lanczos vs exact λmax");
    }

    [Fact]
    public void Force_runs_the_refused_check_anyway()
    {
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, F8);
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--verify", "--memory-limit", "100"]), ExitCodes.NotComputable, "--force");
        var j = Cli.Run(["analyze", .. layers, "--json", "--verify", "--memory-limit", "100", "--force"]).Json();
        AssertRel(j.GetProperty("sharpness").GetDouble(), j.GetProperty("verification").GetProperty("dense").GetDouble(), 1e-12, "dense");
    }

    [Fact]
    public void The_text_report_states_the_plan()
    {
        using var dir = new TempDir();
        var r = Cli.Run(["analyze", .. Cli.WriteLayers(dir, F8), "--verify"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"verify: plan\s+dense 12 × 12 Hessian: [\d.]+ KiB, ≈ [\d.]+ s; Lanczos, up to 300 basis vectors of P = 12: [\d.]+ KiB, ≈ [\d.]+ s\s+\([\d.]+ [KMGT]iB available\)", r.Stdout);
    }

    [Theory]
    [InlineData("--force")]
    [InlineData("--dense-limit", "0")]
    [InlineData("--memory-limit", "2G")]
    public void Check_options_without_verify_are_usage_errors(params string[] option)
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["analyze", .. Cli.WriteLayers(dir, F8), .. option]), ExitCodes.Usage,
            $"{option[0]} applies only to --verify; add --verify or drop {option[0]}");
    }

    [Fact]
    public void Several_check_options_without_verify_are_named_in_one_sentence()
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["analyze", .. Cli.WriteLayers(dir, F8), "--force", "--dense-limit", "0"]), ExitCodes.Usage,
            "--force and --dense-limit apply only to --verify; add --verify or drop them");
        Cli.AssertFails(Cli.Run(["analyze", .. Cli.WriteLayers(dir, F8), "--force", "--dense-limit", "0", "--memory-limit", "2G"]), ExitCodes.Usage,
            "--force, --dense-limit and --memory-limit apply only to --verify");
    }

    [Theory]
    [InlineData("--memory-limit", "lots", "not a memory size")]
    [InlineData("--memory-limit", "-1G", "negative")]
    [InlineData("--dense-limit", "7000", "outside 0 … 6000")]
    [InlineData("--dense-limit", "1.5", "not a whole number")]
    public void Bad_check_option_values_are_usage_errors(string option, string value, string mention)
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["analyze", .. Cli.WriteLayers(dir, F8), "--verify", option, value]), ExitCodes.Usage, mention);
    }

    [Theory]
    [InlineData("512", 512L)]
    [InlineData("1.5K", 1536L)]
    [InlineData("2G", 2L << 30)]
    [InlineData("3MiB", 3L << 20)]
    [InlineData("1e9", 1_000_000_000L)]
    public void Memory_sizes_read_binary_suffixes(string text, long bytes)
    {
        Assert.True(MemorySize.TryParse(text, out long parsed, out var problem), problem);
        Assert.Equal(bytes, parsed);
    }
}
