using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Output;
using Sharpness.Cli.Tests.IO;
using Sharpness.Measures;
using Sharpness.Model;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Text reports print numbers for humans (15 significant digits), JSON keeps them exact. A user's review saw
/// "trace H 23.999999999999996" where H = I and the trace is 24 (since then also computed exactly: KOperator.Trace sums
/// squared entries).</summary>
public class TextNumberTests
{
    [Theory]
    [InlineData(23.999999999999996, "24")]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(1.2000000000000002, "1.2")]
    [InlineData(0.14563745048749238, "0.145637450487492")]
    [InlineData(1e-15, "1E-15")]
    [InlineData(15.106004620624283, "15.1060046206243")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Full_rounds_to_15_significant_digits(double x, string expected) => Assert.Equal(expected, NumberFormat.Full(x));

    [Fact]
    public void Exact_round_trips() => Assert.Equal(23.999999999999996, double.Parse(NumberFormat.Exact(23.999999999999996), System.Globalization.CultureInfo.InvariantCulture));

    private static string Line(string stdout, string label) =>
        stdout.Split('\n').Single(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim();

    [Fact]
    public void Analyze_prints_the_identity_trace_as_24_and_keeps_the_computed_double_in_json()
    {
        using var dir = new TempDir();
        var w = Matrix<double>.Build.Dense(4, 6, (i, j) => Math.Sin(1 + i + 7 * j));
        string path = Cli.WriteMatrix(dir, "W.npy", w);
        var text = Cli.Run("analyze", path);
        Assert.Equal(0, text.ExitCode);
        Assert.Equal("24", Line(text.Stdout, "trace H"));
        // JSON: the trace exactly as the library computes it (whatever its last bit), not the text's rounding.
        double computed = HessianTrace.Of(new DeepFactorization(w));
        Assert.Equal(computed, Cli.Run("analyze", path, "--json").Json().GetProperty("trace").GetDouble());
        Assert.Equal(24.0, computed); // Σx² over the identity ends, not (‖I‖_F)² = (√6)²·(√4)²
    }

    [Fact]
    public void Escape_and_train_text_show_15_digits_and_json_the_exact_values()
    {
        using var dir = new TempDir();
        string[] layers = Cli.WriteLayers(dir, Fixtures.F4);
        var text = Cli.Run(["escape", .. layers, "--c", "1.1", "--max-iter", "200"]);
        var json = Cli.Run(["escape", .. layers, "--c", "1.1", "--max-iter", "200", "--json"]).Json();
        double eta = json.GetProperty("eta").GetDouble();
        Assert.Equal(eta.ToString("G15", System.Globalization.CultureInfo.InvariantCulture), Line(text.Stdout, "η"));
        Assert.NotEqual(eta.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Line(text.Stdout, "η"));

        string target = Cli.WriteMatrix(dir, "M.npy", Fixtures.F4.Product());
        var train = Cli.Run(["train", .. layers, "--target", target, "--eta", "0.01", "--steps", "3"]);
        Assert.Equal(0, train.ExitCode);
        // No number in the text report carries more than 15 significant digits.
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text.Stdout + train.Stdout, @"\d+\.\d+"))
            Assert.True(m.Value.Count(char.IsDigit) - m.Value.TakeWhile(c => c is '0' or '.').Count(char.IsDigit) <= 15, $"'{m.Value}' has more than 15 significant digits");
    }

    [Theory]
    [InlineData(0.99999999999999911, "1")]
    [InlineData(1.0000000000000009, "1")]
    [InlineData(1.2248115300926601, "1.22481153")]
    [InlineData(1.0000000012, "1.000000001")]  // just above the flatness tolerance 1e-9: not 1
    [InlineData(1.00000000012, "1")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Ratio_rounds_to_10_significant_digits(double x, string expected) => Assert.Equal(expected, NumberFormat.Ratio(x));

    [Fact]
    public void Analyze_prints_rho_at_a_flat_point_as_1_and_keeps_the_computed_double_in_json()
    {
        // A user's review: "ρ = λmax / min 0.999999999999999" at a balanced (flat) minimizer, where λ = s_min up to
        // rounding. Seeded balanced minimizers of depth 3 until one computes ρ < 1 (G15 printed ρ > 1 by ε as 1 already).
        using var dir = new TempDir();
        int below = 0;
        for (int seed = 0; seed < 30 && below == 0; seed++)
        {
            var rng = new Random(seed);
            var m = Matrix<double>.Build.Dense(3, 3, (_, _) => Sharpness.LinearAlgebra.RandomMatrices.NextGaussian(rng));
            var w = Sharpness.Minimizers.BalancedMinimizer.Create(m, [3, 3, 3, 3]);
            string[] layers = [.. Cli.WriteLayers(dir, w), "--target", Cli.WriteMatrix(dir, "M.npy", m)];
            var json = Cli.Run(["analyze", .. layers, "--json"]).Json();
            Assert.True(json.GetProperty("flat").GetBoolean(), $"seed {seed}: a balanced minimizer is flat (theory §2.8)");
            // λ = s_min, checked against the spec's s_min = N‖M‖₂^(2−2/N) from MathNet's SVD, not the command's ratio.
            double sMin = 3 * Math.Pow(m.Svd(computeVectors: false).S[0], 4.0 / 3);
            Assert.True(Math.Abs(json.GetProperty("sharpness").GetDouble() / sMin - 1) < 1e-12, $"seed {seed}: λ = s_min");
            double rho = json.GetProperty("rho").GetDouble();
            if (rho == 1) continue;
            if (rho < 1) below++;
            Assert.True(Math.Abs(rho - 1) < 1e-13, $"seed {seed}: ρ = {rho:R} is 1 up to rounding");
            Assert.Equal("1", Line(Cli.Run(["analyze", .. layers]).Stdout, "ρ = λmax / min"));
        }
        Assert.True(below > 0, "no seed computed ρ < 1: the test does not exercise the rounding case");
    }

    [Fact]
    public void Rho_off_a_flat_point_prints_10_digits_in_analyze_escape_and_train()
    {
        using var dir = new TempDir();
        string[] layers = Cli.WriteLayers(dir, Fixtures.F4);
        var rho = Cli.Run(["analyze", .. layers, "--json"]).Json().GetProperty("rho").GetDouble();
        string expected = rho.ToString("G10", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, Line(Cli.Run(["analyze", .. layers]).Stdout, "ρ = λmax / min"));
        Assert.EndsWith($"ρ = {expected}", Line(Cli.Run(["escape", .. layers, "--c", "1.1", "--max-iter", "200"]).Stdout, "minimal sharpness, ρ"));
        string target = Cli.WriteMatrix(dir, "M.npy", Fixtures.F4.Product());
        var train = Cli.Run(["train", .. layers, "--target", target, "--eta", "0.01", "--steps", "3"]);
        Assert.Equal(expected, Line(train.Stdout, "GD: ρ = λmax / min"));
        // W* is already a minimizer: the run stops at step 0 with one estimate, "1 estimate", not "1 estimates".
        Assert.StartsWith("1 estimate, max ", Line(train.Stdout, "GD: λmax along the run"));
    }

    [Fact]
    public void Train_flow_text_prints_steps_with_10_digits_and_json_the_exact_time()
    {
        // A user's review: "flow: steps 1393.6624983696543" (17 digits) next to 15-digit numbers elsewhere.
        using var dir = new TempDir();
        var rng = new Random(11);
        var m = Matrix<double>.Build.Dense(3, 4, (_, _) => Sharpness.LinearAlgebra.RandomMatrices.NextGaussian(rng));
        string[] inputs = [.. Cli.WriteLayers(dir, Sharpness.Training.Initialization.Gaussian(0.5, 11).Create([4, 5, 5, 3])),
            "--target", Cli.WriteMatrix(dir, "M.npy", m), "--eta", "0.05", "--steps", "5000", "--flow"];
        var flow = Cli.Run([.. inputs.Prepend("train"), "--json"]).Json().GetProperty("flow");
        double steps = flow.GetProperty("steps").GetDouble();
        Assert.True(steps != Math.Floor(steps), $"the flow stopped at a whole t/η = {steps:R}: the test does not exercise a fractional step");
        var text = Cli.Run([.. inputs.Prepend("train")]);
        Assert.Equal(0, text.ExitCode);
        Assert.Equal(steps.ToString("G10", System.Globalization.CultureInfo.InvariantCulture), Line(text.Stdout, "flow: steps"));
        double lastStep = flow.GetProperty("sharpness").EnumerateArray().Last().GetProperty("step").GetDouble();
        Assert.Contains($"at step {lastStep.ToString("G10", System.Globalization.CultureInfo.InvariantCulture)} ", Line(text.Stdout, "flow: λmax along the run"));
        // No number in the --flow report carries more than 15 significant digits.
        foreach (System.Text.RegularExpressions.Match x in System.Text.RegularExpressions.Regex.Matches(text.Stdout, @"\d+\.\d+"))
            Assert.True(x.Value.Count(char.IsDigit) - x.Value.TakeWhile(c => c is '0' or '.').Count(char.IsDigit) <= 15, $"'{x.Value}' has more than 15 significant digits");
    }
}
