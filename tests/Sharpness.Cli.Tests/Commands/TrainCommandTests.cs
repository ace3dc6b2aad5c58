using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.Model;
using Sharpness.Training;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

public class TrainCommandTests
{
    private static (DeepFactorization Initial, Matrix<double> Target) Problem()
    {
        var rng = new Random(11);
        var target = Matrix<double>.Build.Dense(3, 4, (_, _) => Sharpness.LinearAlgebra.RandomMatrices.NextGaussian(rng));
        return (Initialization.Gaussian(0.5, 11).Create([4, 5, 5, 3]), target);
    }

    private static string[] Inputs(TempDir dir, out Matrix<double> target)
    {
        var (initial, m) = Problem();
        target = m;
        return [.. Cli.WriteLayers(dir, initial), "--target", Cli.WriteMatrix(dir, "M.npy", m)];
    }

    [Fact]
    public void Json_output_has_the_documented_keys_and_matches_the_library()
    {
        using var dir = new TempDir();
        var inputs = Inputs(dir, out var target);
        var j = Cli.Run(["train", .. inputs, "--eta", "0.05", "--steps", "5000", "--sharpness-every", "50", "--flow", "--json"]).Json();
        foreach (var key in new[] { "steps", "outcome", "finalLoss", "sharpness", "finalExactSharpness", "minimalSharpness", "rho", "flow",
                     "eta", "twoOverEta", "reason", "certified", "spectralProducts", "layerNorms", "gramMismatch", "maxBalanceDrift", "losses", "lanczosStepsPerEstimate" })
            Assert.True(j.TryGetProperty(key, out _), $"missing key {key}");
        Assert.Equal("converged", j.GetProperty("outcome").GetString());
        var s0 = j.GetProperty("sharpness")[0];
        foreach (var key in new[] { "step", "value", "residual" }) Assert.True(s0.TryGetProperty(key, out _));

        var (initial, _) = Problem();
        var run = Trainer.Run(initial, target, new TrainingOptions { Eta = 0.05, Steps = 5000, SharpnessEvery = 50, Flow = true });
        Assert.Equal(run.GradientDescent.Steps, j.GetProperty("steps").GetDouble());
        Assert.Equal(run.GradientDescent.End!.ExactSharpness!.Value, j.GetProperty("finalExactSharpness").GetDouble());
        Assert.Equal(run.GradientDescent.Sharpness.Count, j.GetProperty("sharpness").GetArrayLength());
        var flow = j.GetProperty("flow");
        foreach (var key in new[] { "steps", "outcome", "finalLoss", "sharpness", "finalExactSharpness", "minimalSharpness", "rho", "tolerance", "rungeKuttaSteps" })
            Assert.True(flow.TryGetProperty(key, out _), $"missing flow key {key}");
        Assert.Equal(run.GradientFlow!.End!.ExactSharpness!.Value, flow.GetProperty("finalExactSharpness").GetDouble());
        AssertRel(j.GetProperty("finalExactSharpness").GetDouble() / j.GetProperty("minimalSharpness").GetDouble(), j.GetProperty("rho").GetDouble(), 1e-12, "ρ");
    }

    [Fact]
    public void Text_output_names_the_outcome_and_the_end_point()
    {
        using var dir = new TempDir();
        var r = Cli.Run(["train", .. Inputs(dir, out _), "--eta", "0.05", "--steps", "3000"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        foreach (var label in new[] { "GD: outcome", "converged", "GD: exact sharpness", "minimal sharpness", "ρ", "‖A_i‖₂‖B_i‖₂", "balance drift" })
            Assert.Contains(label, r.Stdout);
    }

    [Fact]
    public void Off_zero_loss_the_end_point_gets_a_certified_interval()
    {
        using var dir = new TempDir();
        var j = Cli.Run(["train", .. Inputs(dir, out _), "--eta", "0.05", "--steps", "20", "--json"]).Json();
        Assert.Equal("not-converged", j.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("finalExactSharpness").ValueKind);
        var c = j.GetProperty("certified");
        Assert.True(c.GetProperty("lower").GetDouble() <= c.GetProperty("hessianLanczos").GetDouble());
        Assert.True(c.GetProperty("hessianLanczos").GetDouble() <= c.GetProperty("upper").GetDouble());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("flow").ValueKind);
    }

    [Fact]
    public void A_diverging_run_is_reported_without_nan()
    {
        using var dir = new TempDir();
        var r = Cli.Run(["train", .. Inputs(dir, out var target), "--eta", "20", "--steps", "1000", "--json"]);
        var j = r.Json();
        Assert.Equal("diverged", j.GetProperty("outcome").GetString());
        Assert.DoesNotContain("NaN", r.Stdout);
        Assert.Equal(JsonValueKind.Null, j.GetProperty("finalExactSharpness").ValueKind);
        // s_min = N‖M‖₂^(2−2/N) depends on the target only (a user's review: the text printed it, the JSON said null).
        var text = Cli.Run(["train", .. Inputs(dir, out _), "--eta", "20", "--steps", "1000"]).Stdout;
        double sMin = j.GetProperty("minimalSharpness").GetDouble();
        int depth = Problem().Initial.Depth;
        double expected = depth * Math.Pow(target.Svd(computeVectors: false).S[0], 2 - 2.0 / depth); // MathNet's SVD of M
        Assert.True(Math.Abs(sMin - expected) <= 1e-12 * expected, $"minimalSharpness {sMin:R} vs N‖M‖₂^(2−2/N) = {expected:R}");
        Assert.Contains($"minimal sharpness {sMin.ToString("G15", System.Globalization.CultureInfo.InvariantCulture)}", System.Text.RegularExpressions.Regex.Replace(text, " +", " "));
    }

    [Fact]
    public void The_html_page_has_the_loss_and_sharpness_charts_with_the_two_over_eta_line()
    {
        using var dir = new TempDir();
        string page = dir.File("run.html");
        var r = Cli.Run(["train", .. Inputs(dir, out _), "--eta", "0.05", "--steps", "2000", "--flow", "--html", page]);
        Assert.Equal(0, r.ExitCode);
        var figures = Sharpness.Views.Charts.FigureInfo.AllInHtml(File.ReadAllText(page));
        Assert.Equal(2, figures.Count);
        Assert.Single(figures[1].Named("2/η"));
        Assert.Contains(figures[1].Traces, t => t.Name is { } n && n.Contains("gradient flow") && t.XLength > 2);
    }

    [Theory]
    [InlineData(new[] { "--eta", "0" }, "--eta")]
    [InlineData(new[] { "--eta", "-0.1" }, "--eta")]
    [InlineData(new[] { "--eta", "NaN" }, "--eta")]
    [InlineData(new[] { "--eta", "Infinity" }, "--eta")]
    [InlineData(new[] { "--eta", "0.1", "--steps", "0" }, "--steps")]
    [InlineData(new[] { "--eta", "0.1", "--steps", "-5" }, "--steps")]
    [InlineData(new[] { "--eta", "0.1", "--steps", "1000000001" }, "--steps")]
    [InlineData(new[] { "--eta", "0.1", "--sharpness-every", "0" }, "--sharpness-every")]
    [InlineData(new[] { "--eta", "0.1", "--flow-tol", "0" }, "--flow-tol")]
    [InlineData(new[] { "--steps", "10" }, "--eta")]
    public void Bad_options_are_one_line_usage_errors(string[] options, string mention)
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["train", .. Inputs(dir, out _), .. options]), ExitCodes.Usage, mention);
    }

    [Fact]
    public void A_mismatched_or_missing_target_is_refused()
    {
        using var dir = new TempDir();
        var (initial, _) = Problem();
        var layers = Cli.WriteLayers(dir, initial);
        string bad = Cli.WriteMatrix(dir, "Mbad.npy", Matrix<double>.Build.Dense(4, 4));
        Cli.AssertFails(Cli.Run(["train", .. layers, "--target", bad, "--eta", "0.1"]), ExitCodes.ShapeMismatch, "Mbad.npy", "4×4", "3×4");
        Cli.AssertFails(Cli.Run(["train", .. layers, "--eta", "0.1"]), ExitCodes.Usage, "--target");
        Cli.AssertFails(Cli.Run(["train", .. layers, "--target", dir.File("nope.npy"), "--eta", "0.1"]), ExitCodes.FileNotFound, "nope.npy");
    }
}
