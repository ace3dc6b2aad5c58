using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Tests.IO;
using Sharpness.Dynamics;
using Sharpness.Model;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Issue 16 item 10: quantities at the edge of the double range are either right (against closed forms) or
/// said to overflow; never null as if off zero loss, never lost to an intermediate overflow.</summary>
public class ExtremeValueTests
{
    [Fact]
    public void A_trace_that_overflows_at_a_zero_loss_point_is_reported_as_overflow_not_null()
    {
        // W1 = [[1e154, 1], [2, 1e154]], W2 = [[1, 2], [3, 4]]: λ = ‖W1‖₂² ≈ 1e308 is a double, but the trace
        // Σ‖A_i‖²_F‖B_i‖²_F = ‖W2‖²_F·2 + 2·‖W1‖²_F ≈ 4e308 is not. Was: "trace": null, read as "off zero loss".
        using var dir = new TempDir();
        var point = new DeepFactorization(M(new double[,] { { 1e154, 1 }, { 2, 1e154 } }), M(new double[,] { { 1, 2 }, { 3, 4 } }));
        var layers = Cli.WriteLayers(dir, point);
        var j = Cli.Run(["analyze", .. layers, "--json"]).Json();
        Assert.True(j.GetProperty("zeroLoss").GetBoolean());
        Assert.True(double.IsInfinity(2 * (2 * 1e154 * 1e154)), "closed form: the trace is beyond double range");
        var overflows = j.GetProperty("overflows").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("trace", overflows);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, j.GetProperty("trace").ValueKind);
        AssertRel(1e308, j.GetProperty("sharpness").GetDouble(), 1e-12, "λ = ‖W1‖₂² ‖W2‖... (route DepthTwo)");
        string text = Cli.Run(["analyze", .. layers]).Stdout;
        Assert.Contains("trace H", text);
        Assert.Matches(@"trace H\s+overflows double precision", text);
    }

    [Fact]
    public void Ordinary_points_overflow_nothing()
    {
        using var dir = new TempDir();
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, F4), "--json"]).Json();
        Assert.Equal(0, j.GetProperty("overflows").GetArrayLength());
    }

    [Fact]
    public void The_predicted_escape_iteration_survives_an_overflowing_ratio()
    {
        // δ/ε = 1e300/1e-300 is not a double; ln δ − ln ε is. Was: null ("c ≤ 1").
        double expected = (Math.Log(1e300) - Math.Log(1e-300)) / Math.Log(1.2);
        AssertRel(expected, EscapeTheory.PredictedEscapeIteration(1.1, 1e-300, 1e300)!.Value, 1e-14, "k_esc");
        // 2c − 1 overflows at c = 1e308; ln 2 + ln(c − ½) does not. Was: 0.
        AssertRel(Math.Log(1e12) / (Math.Log(2) + Math.Log(1e308)), EscapeTheory.PredictedEscapeIteration(1e308, 1e-15, 1e-3)!.Value, 1e-14, "k_esc at huge c");
        // Ordinary predictions keep their bits.
        Assert.Equal(Math.Log(1e-3 / 1e-15) / Math.Log(2 * 1.1 - 1), EscapeTheory.PredictedEscapeIteration(1.1, 1e-15, 1e-3));
    }

    [Fact]
    public void Escape_reports_the_log_space_prediction()
    {
        using var dir = new TempDir();
        var j = Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--c", "1.1", "--eps", "1e-300", "--escape-distance", "1e300", "--max-iter", "5", "--json"]).Json();
        AssertRel((Math.Log(1e300) - Math.Log(1e-300)) / Math.Log(1.2), j.GetProperty("predictedEscapeIteration").GetDouble(), 1e-14, "k_esc");
    }

    [Fact]
    public void Entries_near_1e78_give_the_closed_form()
    {
        // W1 = 1e78·diag(2, 1), W2 = 1e78·diag(1, 3), M = 1e156·diag(2, 3). At zero loss H ≅ K, K(X) = W2W2ᵀX + XW1ᵀW1,
        // so K E_kl = (w2_k² + w1_l²) E_kl: eigenvalues 1e156·{1+4, 1+1, 9+4, 9+1}. λ = 13e156, tr = 30e156,
        // ‖H‖_F = √298·1e156, s_min = 2‖M‖₂ = 6e156. Squares of the entries (1e312) are not doubles.
        using var dir = new TempDir();
        var point = new DeepFactorization(1e78 * Diag(2, 1), 1e78 * Diag(1, 3));
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--json", "--verify"]).Json();
        AssertRel(13e156, j.GetProperty("sharpness").GetDouble(), 1e-14, "λ");
        AssertRel(30e156, j.GetProperty("trace").GetDouble(), 1e-14, "trace");
        AssertRel(Math.Sqrt(298) * 1e156, j.GetProperty("hessianFrobenius").GetDouble(), 1e-14, "‖H‖_F");
        AssertRel(6e156, j.GetProperty("minimalSharpness").GetDouble(), 1e-14, "s_min");
        AssertRel(13.0 / 6, j.GetProperty("rho").GetDouble(), 1e-14, "ρ");
        AssertRel(13e156, j.GetProperty("verification").GetProperty("dense").GetDouble(), 1e-12, "dense λmax(H)");
        Assert.Equal(0, j.GetProperty("overflows").GetArrayLength());
    }
}
