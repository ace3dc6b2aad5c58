using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Output;
using Sharpness.Cli.Tests.IO;
using Sharpness.Measures;
using Sharpness.Model;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Text reports print numbers for humans (15 significant digits), JSON keeps them exact. A user's review saw
/// "trace H 23.999999999999996" where H = I and the trace is 24.</summary>
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
}
