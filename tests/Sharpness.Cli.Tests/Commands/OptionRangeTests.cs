using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>A user's review of option handling: an option that only applies with another one is refused without it
/// (never silently ignored), and every bounded option refuses values outside its range in one line that names the
/// option and the range (the old whole-number parser said "outside the range -2147483648…2147483647" for --max-iter,
/// --steps and --top, which take no negative values, and analyze took --memory-limit 0).</summary>
public class OptionRangeTests
{
    private static string[] TrainInputs(TempDir dir, bool steps = true) =>
        [.. Cli.WriteLayers(dir, F4), "--target", Cli.WriteMatrix(dir, "M.npy", F4.Product()), "--eta", "0.01", .. (steps ? new[] { "--steps", "3" } : [])];

    [Theory]
    [InlineData("--flow-tol", "1e-8")]
    [InlineData("--flow-tol", "1e-10")] // the default value, typed: still a sign the user expects a flow run
    public void Train_flow_tol_without_flow_is_refused(string option, string value)
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["train", .. TrainInputs(dir), option, value]), ExitCodes.Usage,
            "--flow-tol applies only to --flow; add --flow or drop --flow-tol");
        Assert.Equal(0, Cli.Run(["train", .. TrainInputs(dir), "--flow", option, value]).ExitCode);
    }

    [Theory]
    [InlineData("--flow-tol", "0", "--flow-tol must be in (0, 1e-2]")]
    [InlineData("--flow-tol", "0.1", "--flow-tol must be in (0, 1e-2]")]
    [InlineData("--steps", "1e10", "--steps: '1e10' is outside 1 … 1000000000")]
    [InlineData("--steps", "-5", "--steps: '-5' is outside 1 … 1000000000")]
    [InlineData("--steps", "-1e10", "--steps: '-1e10' is outside 1 … 1000000000")]
    [InlineData("--steps", "2.5", "--steps: '2.5' is not a whole number in 1 … 1000000000")]
    [InlineData("--sharpness-every", "0", "--sharpness-every: '0' is outside 1 … 2147483647")]
    [InlineData("--sharpness-every", "-1e10", "--sharpness-every: '-1e10' is outside 1 … 2147483647")]
    [InlineData("--top", "21", "--top: '21' is outside 1 … 20")]
    [InlineData("--top", "1e10", "--top: '1e10' is outside 1 … 20")]
    [InlineData("--top", "-1", "--top: '-1' is outside 1 … 20")]
    public void Train_values_outside_their_range_name_the_range(string option, string value, string message)
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["train", .. TrainInputs(dir, steps: option != "--steps"), "--flow", option, value]), ExitCodes.Usage, message);
    }

    [Theory]
    [InlineData("--max-iter", "0", "--max-iter: '0' is outside 1 … 2147483647")]
    [InlineData("--max-iter", "-5", "--max-iter: '-5' is outside 1 … 2147483647")]
    [InlineData("--max-iter", "-1e10", "--max-iter: '-1e10' is outside 1 … 2147483647")]
    [InlineData("--max-iter", "1e10", "--max-iter: '1e10' is outside 1 … 2147483647")]
    [InlineData("--max-iter", "1.5", "--max-iter: '1.5' is not a whole number in 1 … 2147483647")]
    [InlineData("--seed", "-5", "--seed: '-5' is outside 0 … 2147483647")]
    [InlineData("--seed", "1e10", "--seed: '1e10' is outside 0 … 2147483647")]
    public void Escape_values_outside_their_range_name_the_range(string option, string value, string message)
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--c", "1.1", "--direction", "random", option, value]), ExitCodes.Usage, message);
    }

    [Fact]
    public void Escape_max_iter_at_the_ends_of_its_range_runs()
    {
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, F4);
        Assert.Equal(1, Cli.Run(["escape", .. layers, "--c", "1.1", "--max-iter", "1", "--json"]).Json().GetProperty("iterations").GetInt32());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("vN")]
    [InlineData(null)] // the default direction is v1
    public void Escape_seed_without_a_random_direction_is_refused(string? direction)
    {
        using var dir = new TempDir();
        string[] directionOption = direction is null ? [] : ["--direction", direction];
        Cli.AssertFails(Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--c", "1.1", .. directionOption, "--seed", "5"]), ExitCodes.Usage,
            "--seed applies only to --direction random; add --direction random or drop --seed");
    }

    [Theory]
    [InlineData("0", "is zero")]
    [InlineData("0K", "is zero")]
    [InlineData("-0", "is zero")]
    [InlineData("0.5", "is below 1 byte")]
    [InlineData("-1G", "is negative")]
    [InlineData("1e30", "is too large")]
    public void Analyze_memory_limit_must_be_positive(string value, string problem)
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["analyze", .. Cli.WriteLayers(dir, F8), "--verify", "--memory-limit", value]), ExitCodes.Usage,
            $"--memory-limit: '{value}' {problem}: a memory size is 1 byte … 8 EiB");
    }

    [Fact]
    public void Analyze_memory_limit_of_one_byte_is_a_limit_not_a_usage_error()
    {
        using var dir = new TempDir();
        // 1 byte parses; the check then does not fit and is refused as too large (exit 13), as any small limit is.
        Cli.AssertFails(Cli.Run(["analyze", .. Cli.WriteLayers(dir, F8), "--verify", "--memory-limit", "1"]), ExitCodes.NotComputable, "--force");
    }

    [Theory]
    [InlineData("1e10", "--dense-limit: '1e10' is outside 0 … 6000")]
    [InlineData("-1", "--dense-limit: '-1' is outside 0 … 6000")]
    public void Analyze_dense_limit_outside_its_range_names_the_range(string value, string message)
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run(["analyze", .. Cli.WriteLayers(dir, F8), "--verify", "--dense-limit", value]), ExitCodes.Usage, message);
    }

    [Fact]
    public void Analyze_verbose_with_data_is_refused_not_ignored()
    {
        using var dir = new TempDir();
        var x = Matrix<double>.Build.Dense(2, 5, (i, j) => Math.Sin(1 + i + 3 * j));
        var y = F8.Product() * x;
        string[] data = ["--inputs", Cli.WriteMatrix(dir, "X.npy", x), "--outputs", Cli.WriteMatrix(dir, "Y.npy", y), "--samples-as", "columns"];
        var layers = Cli.WriteLayers(dir, F8);
        Assert.Equal(0, Cli.Run(["analyze", .. layers, .. data]).ExitCode);
        Cli.AssertFails(Cli.Run(["analyze", .. layers, .. data, "--verbose"]), ExitCodes.Usage, "--verbose is not available with data");
    }
}
