using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary><c>escape</c> on F4 (theory checks 32–34) and its error paths.</summary>
public class EscapeCommandTests
{
    private const double F4Lambda = 15.10600462062429;
    private const double F4MinimalSharpness = 12.333329862988334;

    private static JsonElement EscapeF4(params string[] options)
    {
        using var dir = new TempDir();
        return Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--json", .. options]).Json();
    }

    /// <summary>The linear prediction of theory §3.1, computed here from the spec's formula.</summary>
    private static double Prediction(double c, double eps = 1e-15, double delta = 1e-3) => Math.Log(delta / eps) / Math.Log(2 * c - 1);

    [Theory]
    [InlineData(1.01)]
    [InlineData(1.05)]
    [InlineData(1.1)]
    [InlineData(1.2)]
    [InlineData(1.3)]
    [InlineData(2)]
    [InlineData(3)]
    public void F4_escape_counts_match_check_32(double c)
    {
        var j = EscapeF4("--c", c.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        AssertRel(F4Lambda, j.GetProperty("lambdaStar").GetDouble(), 1e-11, "λ*");
        AssertRel(c, j.GetProperty("c").GetDouble(), 1e-15, "c");
        AssertRel(2 * c / F4Lambda, j.GetProperty("eta").GetDouble(), 1e-11, "η = 2c/λ*");
        AssertRel(Prediction(c), j.GetProperty("predictedEscapeIteration").GetDouble(), 1e-12, "prediction");
        int k = j.GetProperty("escapeIteration").GetInt32();
        Assert.True(Math.Abs(k - Prediction(c)) <= 2, $"c = {c}: escape at {k}, prediction {Prediction(c):F2}");
    }

    [Fact]
    public void F4_escape_count_at_c_1_001_is_within_2_percent()
    {
        var j = EscapeF4("--c", "1.001");
        int k = j.GetProperty("escapeIteration").GetInt32();
        Assert.True(Math.Abs(k - Prediction(1.001)) <= 0.02 * Prediction(1.001), $"escape at {k}, prediction {Prediction(1.001):F1}");
    }

    [Fact]
    public void F4_after_escape_converges_to_a_flatter_minimizer_check_34()
    {
        var j = EscapeF4("--c", "1.1");
        Assert.Equal("converged", j.GetProperty("outcome").GetString());
        double eta = j.GetProperty("eta").GetDouble();
        double lambdaFinal = j.GetProperty("finalSharpness").GetDouble();
        Assert.True(lambdaFinal >= F4MinimalSharpness * (1 - 1e-9), $"λ_fin = {lambdaFinal} below s_min");
        Assert.True(lambdaFinal <= 2 / eta * (1 + 1e-9), $"λ_fin = {lambdaFinal} above 2/η = {2 / eta}");
        AssertRel(lambdaFinal * eta / 2, j.GetProperty("finalSharpnessTimesHalfEta").GetDouble(), 1e-14, "λ_fin·η/2");
        Assert.True(j.GetProperty("finalLoss").GetDouble() < 1e-20 * Math.Max(1, F4.Product().FrobeniusNorm() * F4.Product().FrobeniusNorm()));
        Assert.True(j.GetProperty("iterations").GetInt32() <= 40_000);
    }

    [Fact]
    public void F4_below_the_threshold_stays_check_33()
    {
        var j = EscapeF4("--c", "0.99", "--max-iter", "5000");
        Assert.Equal("stayed", j.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("escapeIteration").ValueKind);
        Assert.Equal(JsonValueKind.Null, j.GetProperty("predictedEscapeIteration").ValueKind);
        Assert.Equal(JsonValueKind.Null, j.GetProperty("finalSharpness").ValueKind);
        Assert.Equal(5000, j.GetProperty("iterations").GetInt32());
    }

    [Fact]
    public void F4_above_rho_does_not_converge()
    {
        // ρ = 1.2248 for F4; for c > ρ no minimizer with λ < 2/η exists (theory §3.2).
        var j = EscapeF4("--c", "3");
        Assert.NotEqual("converged", j.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("finalSharpness").ValueKind);
    }

    [Fact]
    public void Eta_gives_the_same_run_as_the_equivalent_c()
    {
        double eta = 2 * 1.1 / F4Lambda;
        var byEta = EscapeF4("--eta", eta.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        AssertRel(1.1, byEta.GetProperty("c").GetDouble(), 1e-11, "c = ηλ*/2");
        Assert.True(Math.Abs(byEta.GetProperty("escapeIteration").GetInt32() - Prediction(1.1)) <= 2);
    }

    [Fact]
    public void Null_direction_start_escapes_later_than_v1()
    {
        // v_N lies in the Hessian's null space: no linear growth along it. Only higher-order terms (size ~ε²) seed v1,
        // so the run escapes, if at all, well after the linear prediction for a v1 start.
        var j = EscapeF4("--c", "1.1", "--direction", "vN", "--max-iter", "2000");
        Assert.Equal("vN", j.GetProperty("direction").GetString());
        var k = j.GetProperty("escapeIteration");
        Assert.True(k.ValueKind == JsonValueKind.Null || k.GetInt32() > Prediction(1.1) + 2, $"escape at {k}");
    }

    [Fact]
    public void Random_direction_is_seeded()
    {
        var a = EscapeF4("--c", "1.1", "--direction", "random", "--seed", "5", "--eps", "1e-12", "--mode", "plain");
        var b = EscapeF4("--c", "1.1", "--direction", "random", "--seed", "5", "--eps", "1e-12", "--mode", "plain");
        Assert.Equal(a.GetProperty("escapeIteration").GetInt32(), b.GetProperty("escapeIteration").GetInt32());
        Assert.Equal(a.GetProperty("finalLoss").GetDouble(), b.GetProperty("finalLoss").GetDouble());
        Assert.Equal("plain", a.GetProperty("mode").GetString());
    }

    [Fact]
    public void Text_output_lists_every_quantity()
    {
        using var dir = new TempDir();
        var r = Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--c", "1.1"]);
        Assert.Equal(0, r.ExitCode);
        foreach (var s in new[] { "λ*", "η", "c = ηλ*/2", "predicted escape iteration", "measured escape iteration", "outcome", "converged",
                     "iterations run", "final loss", "final sharpness λ_fin", "λ_fin·η/2" })
            Assert.Contains(s, r.Stdout);
    }

    [Fact]
    public void A_point_that_is_not_a_zero_loss_point_is_refused()
    {
        using var dir = new TempDir();
        var target = Cli.WriteMatrix(dir, "M.csv", F4.Product() + Matrix<double>.Build.Dense(2, 4, 0.5));
        Cli.AssertFails(Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--target", target, "--c", "1.1"]), ExitCodes.NotZeroLoss, "zero-loss");
    }

    [Fact]
    public void A_matching_target_is_accepted()
    {
        using var dir = new TempDir();
        var target = Cli.WriteMatrix(dir, "M.npy", F4.Product());
        var j = Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--target", target, "--c", "1.1", "--json"]).Json();
        Assert.True(Math.Abs(j.GetProperty("escapeIteration").GetInt32() - Prediction(1.1)) <= 2);
    }

    [Theory]
    [InlineData("--c", "1.1", "--eta", "0.1")]
    [InlineData("--eps", "1e-15")]
    [InlineData("--c", "0")]
    [InlineData("--c", "-1")]
    [InlineData("--c", "NaN")]
    [InlineData("--eta", "Infinity")]
    [InlineData("--c", "abc")]
    [InlineData("--c", "1.1", "--eps", "0")]
    [InlineData("--c", "1.1", "--eps", "-1e-15")]
    [InlineData("--c", "1.1", "--max-iter", "0")]
    [InlineData("--c", "1.1", "--max-iter", "1.5")]
    [InlineData("--c", "1.1", "--escape-distance", "0")]
    [InlineData("--c", "1.1", "--direction", "v2")]
    [InlineData("--c", "1.1", "--mode", "fast")]
    [InlineData("--c", "1.1", "--seed", "x")]
    [InlineData("--c", "1.1", "--unknown")]
    public void Bad_option_values_are_usage_errors(params string[] options)
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), .. options]), ExitCodes.Usage);
    }

    [Fact]
    public void Depth_one_is_a_usage_error()
    {
        using var dir = new TempDir();
        var w = Cli.WriteMatrix(dir, "W1.csv", Diag(1, 2));
        Cli.AssertFails(Cli.Run("escape", w, "--c", "1.1"), ExitCodes.Usage, "at least 2 layers");
    }

    [Fact]
    public void Help_describes_the_verb()
    {
        var r = Cli.Run("escape", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var s in new[] { "escape", "<layers>", "--c", "--eta", "--eps", "--direction", "--mode", "--max-iter", "--escape-distance", "--seed", "--json", "--html", "--target" })
            Assert.Contains(s, r.Stdout);
    }
}
