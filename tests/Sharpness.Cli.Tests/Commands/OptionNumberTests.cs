using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Issue 16 items 8 and 13: numeric option values parse one way (invariant culture, no thousands
/// separators, no NaN/∞), and values that take a formula out of double range are domain errors naming the option.</summary>
public class OptionNumberTests
{
    private const double F4Lambda = 15.10600462062429;

    private static Cli.Result EscapeF4(params string[] options)
    {
        using var dir = new TempDir();
        string[] shortRun = options.Contains("--max-iter") ? [] : ["--max-iter", "5"];
        return Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), .. shortRun, .. options]);
    }

    [Theory]
    [InlineData("--c", "1,1")]       // System.CommandLine read this as 11
    [InlineData("--eta", "0,05")]
    [InlineData("--max-iter", "1,000")]
    [InlineData("--eps", "1,5e-15")]
    public void A_comma_in_a_number_is_a_usage_error_not_a_thousands_separator(string option, string value)
    {
        string[] step = option is "--c" or "--eta" ? [] : ["--c", "1.1"];
        Cli.AssertFails(EscapeF4([.. step, option, value]), ExitCodes.Usage, option, $"'{value}'", "decimal point");
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("inf")]      // was "Cannot parse … as expected type 'System.Nullable`1[System.Double]'"
    [InlineData("-inf")]
    [InlineData("Infinity")] // was a different message from "inf"
    [InlineData("∞")]
    public void NaN_and_infinity_are_rejected_alike_naming_the_option(string value) =>
        Cli.AssertFails(EscapeF4("--c", value), ExitCodes.Usage, "--c", $"'{value}'", "is not finite");

    [Theory]
    [InlineData("--c", "abc")]
    [InlineData("--eta", "0x10")]
    [InlineData("--seed", "abc")]
    [InlineData("--max-iter", "1.5")]
    public void No_clr_type_name_in_a_parse_error(string option, string value)
    {
        string[] step = option is "--c" or "--eta" ? [] : ["--c", "1.1"];
        var r = EscapeF4([.. step, option, value]);
        Cli.AssertFails(r, ExitCodes.Usage, option, $"'{value}'");
        Assert.DoesNotContain("System.", r.Stderr);
    }

    [Fact]
    public void Parse_errors_never_show_clr_type_names() =>
        Assert.Equal("Cannot parse argument 'x' for option '--q' as a number.",
            ParseErrors.Readable("Cannot parse argument 'x' for option '--q' as expected type 'System.Nullable`1[System.Double]'."));

    [Fact]
    public void Overflow_and_underflow_of_the_text_itself_are_named()
    {
        Cli.AssertFails(EscapeF4("--c", "1e309"), ExitCodes.Usage, "--c", "'1e309'", "overflows");
        Cli.AssertFails(EscapeF4("--c", "1e-400"), ExitCodes.Usage, "--c", "'1e-400'", "underflows");
    }

    [Fact]
    public void Whole_numbers_may_use_exponent_notation()
    {
        var j = EscapeF4("--c", "1.1", "--max-iter", "3e0", "--json").Json();
        Assert.Equal(3, j.GetProperty("iterations").GetInt32());
    }

    [Fact]
    public void Eta_whose_c_overflows_is_a_domain_error_naming_eta()
    {
        // c = ηλ*/2 = 1e308 · 15.1 / 2 is not a double. Was: "cannot compute this for the given point: Need finite c … (Parameter 'c')".
        var r = EscapeF4("--eta", "1e308");
        Cli.AssertFails(r, ExitCodes.NotComputable, "--eta", "c = ηλ*/2", "overflows");
        Assert.DoesNotContain("Parameter", r.Stderr);
    }

    [Fact]
    public void A_huge_c_whose_eta_is_representable_runs()
    {
        // η = 2c/λ* = 2·1e308/15.1 ≈ 1.3e307 is a double even though 2c is not (was: "η = Infinity is not usable").
        var j = EscapeF4("--c", "1e308", "--json").Json();
        Assert.Equal(2 * (1e308 / F4Lambda), j.GetProperty("eta").GetDouble(), 1e-12 * 2 * (1e308 / F4Lambda));
        Assert.Equal("diverged", j.GetProperty("outcome").GetString());
    }

    [Fact]
    public void Eps_whose_start_loss_overflows_is_a_domain_error_naming_eps() =>
        // Was: outcome "diverged" after 0 iterations, as if GD had diverged.
        Cli.AssertFails(EscapeF4("--c", "1.1", "--eps", "1e308"), ExitCodes.NotComputable, "--eps", "overflows");
}
