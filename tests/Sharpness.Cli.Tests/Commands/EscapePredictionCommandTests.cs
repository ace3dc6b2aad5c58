using Sharpness.Cli.Tests.IO;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>The predicted escape iteration belongs to a start along v1: for vN and random starts escape prints
/// none with the reason (a user's review saw 151.6 predicted for a vN start that escaped at 356).</summary>
public class EscapePredictionCommandTests
{
    private static Cli.Result Escape(params string[] options)
    {
        using var dir = new TempDir();
        return Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), .. options]);
    }

    [Theory]
    [InlineData("vN", "zero eigenvalue")]
    [InlineData("random", "no Hessian eigenvector")]
    public void Off_v1_the_prediction_is_null_with_its_reason(string direction, string reason)
    {
        var j = Escape("--c", "1.1", "--direction", direction, "--json").Json();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, j.GetProperty("predictedEscapeIteration").ValueKind);
        Assert.Contains(reason, j.GetProperty("predictionNote").GetString());
        Assert.True(j.GetProperty("escapeIteration").GetInt32() > 152, "these starts escape later than v1's 152");

        var text = Escape("--c", "1.1", "--direction", direction);
        Assert.Equal(0, text.ExitCode);
        var line = text.Stdout.Split('\n').Single(l => l.StartsWith("predicted escape iteration", StringComparison.Ordinal));
        Assert.Contains("none (", line);
        Assert.Contains(reason, line);
        Assert.DoesNotContain("151.5", text.Stdout);

        var sweep = Escape("--c", "1.1", "--c", "1.2", "--direction", direction);
        Assert.Equal(0, sweep.ExitCode);
        Assert.Contains("predicted escape      none for this start: ", sweep.Stdout);
        Assert.Contains(reason, sweep.Stdout);
    }

    [Fact]
    public void Along_v1_the_prediction_and_its_formula_are_printed()
    {
        var j = Escape("--c", "1.1", "--json").Json();
        Assert.Equal(Math.Log(1e-3 / 1e-15) / Math.Log(1.2), j.GetProperty("predictedEscapeIteration").GetDouble(), 1e-9);
        Assert.Equal("ln(δ/ε)/ln(2c − 1)", j.GetProperty("predictionNote").GetString());
        Assert.Equal("c ≤ 1: linearly stable", Escape("--c", "0.9", "--json").Json().GetProperty("predictionNote").GetString());
        var sweep = Escape("--c", "1.1", "--c", "0.9");
        Assert.DoesNotContain("none for this start", sweep.Stdout);
    }
}
