using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Tests.IO;
using Sharpness.Exact;
using Sharpness.Model;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary><c>analyze --json</c> on the fixtures of theory §5; every expected number is from theory.md.</summary>
public class AnalyzeFixtureTests
{
    private static JsonElement Analyze(DeepFactorization point, params string[] extra)
    {
        using var dir = new TempDir();
        return Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--json", .. extra]).Json();
    }

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static void AssertCommon(JsonElement j, int depth, int parameters, int[][] shapes)
    {
        Assert.Equal(depth, j.GetProperty("depth").GetInt32());
        Assert.Equal(parameters, j.GetProperty("parameters").GetInt32());
        Assert.Equal(shapes, j.GetProperty("shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray());
        Assert.Equal(0.0, j.GetProperty("relativeResidual").GetDouble());
        Assert.True(j.GetProperty("zeroLoss").GetBoolean());
        Assert.False(string.IsNullOrEmpty(j.GetProperty("route").GetString()));
        Assert.Equal(depth, j.GetProperty("spectralProducts").GetArrayLength());
    }

    private static double FrobeniusOf(params double[] eigenvalues) => Math.Sqrt(eigenvalues.Sum(x => x * x));

    [Fact]
    public void F2_is_weakly_balanced_but_not_flat()
    {
        var j = Analyze(F2);
        AssertCommon(j, 2, 8, [[2, 2], [2, 2]]);
        AssertRel(8, j.GetProperty("sharpness").GetDouble(), 1e-12, "λmax");
        AssertRel(4, j.GetProperty("minimalSharpness").GetDouble(), 1e-12, "min sharpness");
        AssertRel(2, j.GetProperty("rho").GetDouble(), 1e-12, "ρ");
        Assert.False(j.GetProperty("flat").GetBoolean());
        var products = Numbers(j.GetProperty("spectralProducts"));
        AssertRel(2, products[0], 1e-12, "p1");
        AssertRel(2, products[1], 1e-12, "p2");
        AssertRel(20, j.GetProperty("trace").GetDouble(), 1e-12, "trace");
        AssertRel(10.862780491200215, j.GetProperty("hessianFrobenius").GetDouble(), 1e-12, "‖H‖_F");
    }

    [Fact]
    public void F4_matches_check_11_and_32()
    {
        var j = Analyze(F4);
        AssertCommon(j, 2, 18, [[3, 4], [2, 3]]);
        AssertRel(15.10600462062429, j.GetProperty("sharpness").GetDouble(), 1e-11, "λmax");
        AssertRel(12.333329862988334, j.GetProperty("minimalSharpness").GetDouble(), 1e-11, "min sharpness");
        AssertRel(15.10600462062429 / 12.333329862988334, j.GetProperty("rho").GetDouble(), 1e-11, "ρ");
        Assert.False(j.GetProperty("flat").GetBoolean());
        AssertRel(52, j.GetProperty("trace").GetDouble(), 1e-11, "trace");
        AssertRel(22.181073012818835, j.GetProperty("hessianFrobenius").GetDouble(), 1e-11, "‖H‖_F");
        // Depth 2: λ = ‖L‖² + ‖R‖² with ‖L‖² = 6 (check 11: 15.106… = 6 + 9.106…); p_1 = ‖A_1‖‖B_1‖ = ‖L‖, p_2 = ‖R‖.
        var products = Numbers(j.GetProperty("spectralProducts"));
        AssertRel(6, products[0] * products[0], 1e-11, "‖L‖²");
        AssertRel(9.106004620624288, products[1] * products[1], 1e-11, "‖R‖²");
    }

    [Fact]
    public void F6_is_flat_without_constant_products()
    {
        var j = Analyze(F6);
        AssertCommon(j, 3, 12, [[2, 2], [2, 2], [2, 2]]);
        AssertRel(3, j.GetProperty("sharpness").GetDouble(), 1e-12, "λmax");
        AssertRel(3, j.GetProperty("minimalSharpness").GetDouble(), 1e-12, "min sharpness");
        AssertRel(1, j.GetProperty("rho").GetDouble(), 1e-12, "ρ");
        Assert.True(j.GetProperty("flat").GetBoolean());
        var products = Numbers(j.GetProperty("spectralProducts"));
        AssertRel(1, products[0], 1e-12, "p1");
        AssertRel(1.25, products[1], 1e-12, "p2");
        AssertRel(1, products[2], 1e-12, "p3");
        AssertRel(7.46625, j.GetProperty("trace").GetDouble(), 1e-12, "trace");
        AssertRel(FrobeniusOf(3, 2.953125, 1.05, 0.463125), j.GetProperty("hessianFrobenius").GetDouble(), 1e-12, "‖H‖_F");
    }

    [Fact]
    public void F7_has_constant_products_but_is_not_flat()
    {
        var j = Analyze(F7);
        AssertCommon(j, 3, 12, [[2, 2], [2, 2], [2, 2]]);
        AssertRel(48, j.GetProperty("sharpness").GetDouble(), 1e-12, "λmax");
        AssertRel(19.048812623618396, j.GetProperty("minimalSharpness").GetDouble(), 1e-12, "min sharpness");
        AssertRel(48 / 19.048812623618396, j.GetProperty("rho").GetDouble(), 1e-12, "ρ");
        Assert.False(j.GetProperty("flat").GetBoolean());
        foreach (var p in Numbers(j.GetProperty("spectralProducts"))) AssertRel(4, p, 1e-12, "p_i");
        AssertRel(105, j.GetProperty("trace").GetDouble(), 1e-12, "trace");
        AssertRel(FrobeniusOf(48, 24, 24, 9), j.GetProperty("hessianFrobenius").GetDouble(), 1e-12, "‖H‖_F");
    }

    [Fact]
    public void F8_matches_check_22_and_the_verifiers_agree()
    {
        var j = Analyze(F8, "--verify");
        AssertCommon(j, 3, 12, [[2, 2], [2, 2], [2, 2]]);
        double lambda = j.GetProperty("sharpness").GetDouble();
        AssertRel(0.6413726136911615, lambda, 1e-12, "λmax");
        // Upper bound of §2.3: Σ‖A_i‖²‖B_i‖² = 1.0989243956193826.
        AssertRel(1.0989243956193826, Numbers(j.GetProperty("spectralProducts")).Sum(p => p * p), 1e-12, "Σ p_i²");
        Assert.False(j.GetProperty("flat").GetBoolean());

        var v = j.GetProperty("verification");
        AssertRel(0.6413726136911615, v.GetProperty("dense").GetDouble(), 1e-12, "dense λmax(H)");
        AssertRel(0.6413726136911615, v.GetProperty("lanczos").GetDouble(), 1e-10, "Lanczos λmax(H)");
        Assert.True(v.GetProperty("denseResidual").GetDouble() <= 1e-11 * lambda);
        Assert.True(v.GetProperty("lanczosResidual").GetDouble() <= 1e-10 * lambda);
    }

    [Fact]
    public void Json_numbers_round_trip_bit_exactly()
    {
        // The JSON text must carry all 17 digits: parsing it gives back the library's double exactly.
        var j = Analyze(F8);
        double fromLibrary = ExactSharpness.Of(F8).Value;
        Assert.Equal(BitConverter.DoubleToInt64Bits(fromLibrary), BitConverter.DoubleToInt64Bits(j.GetProperty("sharpness").GetDouble()));
    }

    [Fact]
    public void Csv_layers_give_the_same_answer_as_npy()
    {
        using var dir = new TempDir();
        var fromCsv = Cli.Run(["analyze", .. Cli.WriteLayers(dir, F4, "csv"), "--json"]).Json();
        AssertRel(15.10600462062429, fromCsv.GetProperty("sharpness").GetDouble(), 1e-11, "λmax from CSV");
    }
}

public class AnalyzeSmallCaseTests
{
    [Fact]
    public void F1_depth_one_has_identity_hessian_check_8()
    {
        using var dir = new TempDir();
        var w = Cli.WriteMatrix(dir, "W1.csv", M(new double[,] { { 1, 2 }, { 3, 4 } }));
        var j = Cli.Run("analyze", w, "--json").Json();
        Assert.Equal(1.0, j.GetProperty("sharpness").GetDouble());
        Assert.Equal("DepthOne", j.GetProperty("route").GetString());
        AssertRel(4, j.GetProperty("trace").GetDouble(), 1e-12, "trace");
        Assert.True(j.GetProperty("flat").GetBoolean());
    }

    [Fact]
    public void F5_scalar_chain_from_zero_dimensional_npy_files_check_13()
    {
        // w = (1, 2, 0.5, 4), each saved as a 0-d array (numpy.save of a scalar): λmax = 85 = trace = ‖H‖_F, min 32.
        using var dir = new TempDir();
        var paths = new[] { 1, 2, 0.5, 4 }.Select((w, i) =>
        {
            string p = dir.File($"w{i + 1}.npy");
            File.WriteAllBytes(p, NpyBytes.Build(1, NpyBytes.Dict("<f8", false, "()"), NpyBytes.Float64(w)));
            return p;
        }).ToArray();
        var j = Cli.Run(["analyze", .. paths, "--json"]).Json();
        AssertRel(85, j.GetProperty("sharpness").GetDouble(), 1e-12, "λmax");
        AssertRel(85, j.GetProperty("trace").GetDouble(), 1e-12, "trace");
        AssertRel(85, j.GetProperty("hessianFrobenius").GetDouble(), 1e-12, "‖H‖_F");
        AssertRel(32, j.GetProperty("minimalSharpness").GetDouble(), 1e-12, "min sharpness");
        Assert.False(j.GetProperty("flat").GetBoolean());
    }

    [Fact]
    public void A_target_within_tolerance_but_of_higher_numerical_rank_gets_no_verdict_instead_of_a_crash()
    {
        // Width-1 bottleneck: P(W) has rank 1. M = P + 1e-11·(identity-like noise) is within the 1e-9 zero-loss
        // tolerance but has rank 3 above the 1e-12 rank threshold, so min_i d_i = 1 < rank M.
        using var dir = new TempDir();
        var w1 = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3 } });
        var w2 = Matrix<double>.Build.DenseOfArray(new double[,] { { 1 }, { -1 }, { 2 } });
        var point = new Sharpness.Model.DeepFactorization(w1, w2);
        var target = point.Product() + 1e-11 * Matrix<double>.Build.DenseIdentity(3);
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--target", Cli.WriteMatrix(dir, "M.npy", target), "--json"]).Json();
        Assert.True(j.GetProperty("zeroLoss").GetBoolean());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("flat").ValueKind);
        Assert.Contains("No flatness verdict", j.GetProperty("flatnessReason").GetString());
    }
}
