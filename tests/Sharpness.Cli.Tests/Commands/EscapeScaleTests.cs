using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>
/// <c>escape</c>, <c>analyze</c> and <c>train</c> on points far from scale 1: layers multiplied by 2^±200 (the product
/// unchanged or not), or a target with entries near 1e150. Before ε, δ and the loss bounds were taken relative to the
/// point's scale, escape on such a point reported "diverged at iteration 0".
/// </summary>
public class EscapeScaleTests
{
    // F4 halved: its largest entry is 1, so its own scale exponent is 0 and 2^k·F4/2 has exponent exactly k.
    private static DeepFactorization UnitF4 => new(F4.Layers.Select(w => PowerOfTwo.Scale(w, -1)));

    private static DeepFactorization Scaled(DeepFactorization w, params int[] exponents) =>
        new(w.Layers.Select((l, i) => PowerOfTwo.Scale(l, exponents[i % exponents.Length])));

    private static System.Text.Json.JsonElement Escape(TempDir dir, DeepFactorization point, params string[] options) =>
        Cli.Run(["escape", .. Cli.WriteLayers(dir, point), "--json", .. options]).Json();

    [Theory]
    [InlineData(200)]
    [InlineData(245)] // the product's entries are near 1e148, λ* near 1e296
    [InlineData(-150)]
    public void A_power_of_two_scaled_point_escapes_exactly_as_the_point_itself(int k)
    {
        using var unitDir = new TempDir();
        using var scaledDir = new TempDir();
        // Converged, stayed, bounded with period 2 (its losses are below 1, where the period test's absolute floor
        // max(1, 𝓛) must shrink with the scale) and diverged.
        foreach (string c in new[] { "1.1", "0.9", "1.3", "2.5" })
        {
            var unit = Escape(unitDir, UnitF4, "--c", c);
            var scaled = Escape(scaledDir, Scaled(UnitF4, k), "--c", c);
            Assert.Equal(0, unit.GetProperty("scaleExponent").GetInt32());
            Assert.Equal(k, scaled.GetProperty("scaleExponent").GetInt32());
            foreach (var key in new[] { "outcome", "escapeIteration", "iterations", "c", "predictedEscapeIteration", "finalSharpnessTimesHalfEta", "period" })
                Assert.True(unit.GetProperty(key).ToString() == scaled.GetProperty(key).ToString(),
                    $"c = {c}, k = {k}: {key} is {unit.GetProperty(key)} at scale 1 but {scaled.GetProperty(key)} at 2^{k} ({scaled.GetProperty("reason")})");
            Assert.Equal(PowerOfTwo.Scale(unit.GetProperty("eps").GetDouble(), k), scaled.GetProperty("eps").GetDouble());
            Assert.Equal(PowerOfTwo.Scale(unit.GetProperty("lambdaStar").GetDouble(), 2 * k), scaled.GetProperty("lambdaStar").GetDouble());
        }
    }

    [Fact]
    public void An_unbalanced_rescaling_escapes_on_schedule_and_converges_and_says_its_scale()
    {
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, Scaled(UnitF4, 200, -200)); // W1·2^200, W2·2^−200: the same product
        var j = Cli.Run(["escape", .. layers, "--c", "1.1", "--json"]).Json();
        Assert.Equal(200, j.GetProperty("scaleExponent").GetInt32());
        Assert.Equal("converged", j.GetProperty("outcome").GetString());
        double predicted = j.GetProperty("predictedEscapeIteration").GetDouble();
        Assert.InRange(j.GetProperty("escapeIteration").GetInt32() - predicted, -2, 2);
        Assert.True(j.GetProperty("finalSharpnessTimesHalfEta").GetDouble() <= 1 + 1e-9);

        var text = Cli.Run(["escape", .. layers, "--c", "1.1"]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("scale of W*", text.Stdout);
        Assert.Contains("s = 2^200", text.Stdout);
        Assert.DoesNotContain("at iteration 0", text.Stdout);
    }

    [Fact]
    public void A_point_whose_losses_underflow_is_refused_in_one_line()
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["escape", .. Cli.WriteLayers(dir, Scaled(UnitF4, -300)), "--c", "1.1"]),
            ExitCodes.NotComputable, "too small", "multiply every layer by 2^");
    }

    [Fact]
    public void Analyze_gives_the_exact_sharpness_of_an_unbalanced_rescaling()
    {
        // Depth 2: λmax = ‖W₂‖₂² + ‖W₁‖₂² (theory §2.4) at any scale; s_min = 2‖M‖₂ does not change with the rescaling.
        using var dir = new TempDir();
        var point = Scaled(UnitF4, 200, -200);
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--json", "--verify"]).Json();
        double w1 = point.Layers[0].L2Norm(), w2 = point.Layers[1].L2Norm();
        AssertRel(w1 * w1 + w2 * w2, j.GetProperty("sharpness").GetDouble(), 1e-12, "λmax = ‖W₂‖₂² + ‖W₁‖₂²");
        AssertRel(2 * (point.Layers[1] * point.Layers[0]).L2Norm(), j.GetProperty("minimalSharpness").GetDouble(), 1e-12, "s_min");
        Assert.False(j.GetProperty("flat").GetBoolean());
        var v = j.GetProperty("verification");
        AssertRel(w1 * w1 + w2 * w2, v.GetProperty("dense").GetDouble(), 1e-10, "dense Hessian λmax");
        AssertRel(w1 * w1 + w2 * w2, v.GetProperty("lanczos").GetDouble(), 1e-10, "HVP-Lanczos λmax");
    }
}
