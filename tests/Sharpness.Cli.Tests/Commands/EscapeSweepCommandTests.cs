using System.Text.Json;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary><c>escape</c> with several step sizes (issue 18 item 3): repeated --c / --eta or --c-range run as one
/// sweep and print one JSON array or one table in the order given; one step size keeps the single object.</summary>
public class EscapeSweepCommandTests
{
    private static Cli.Result EscapeF4(params string[] options)
    {
        using var dir = new TempDir();
        string[] cap = options.Contains("--max-iter") ? [] : ["--max-iter", "3000"];
        return Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), .. cap, .. options]);
    }

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);

    [Fact]
    public void Repeated_c_gives_one_array_in_the_given_order_each_element_the_single_run_object()
    {
        string[] cs = ["1.3", "0.9", "2.5", "1.1"];
        var array = EscapeF4(["--json", .. cs.SelectMany(c => new[] { "--c", c })]).Json();
        Assert.Equal(JsonValueKind.Array, array.ValueKind);
        Assert.Equal(cs.Length, array.GetArrayLength());
        for (int i = 0; i < cs.Length; i++)
        {
            var alone = EscapeF4("--json", "--c", cs[i]).Json();
            Assert.Equal(JsonValueKind.Object, alone.ValueKind);
            Assert.Equal(Compact(alone), Compact(array[i])); // every key, every digit
        }
        Assert.Equal(["bounded", "stayed", "diverged", "converged"], array.EnumerateArray().Select(r => r.GetProperty("outcome").GetString()!));
    }

    [Fact]
    public void Repeated_eta_gives_an_array_too()
    {
        var array = EscapeF4("--json", "--eta", "0.15", "--eta", "0.1").Json();
        Assert.Equal(2, array.GetArrayLength());
        Assert.Equal(0.15, array[0].GetProperty("eta").GetDouble());
        Assert.Equal(0.1, array[1].GetProperty("eta").GetDouble());
    }

    [Fact]
    public void C_range_is_count_evenly_spaced_values_with_both_ends_and_equals_the_repeated_form()
    {
        var range = EscapeF4("--json", "--c-range", "0.9:1.3:5").Json();
        var cs = range.EnumerateArray().Select(r => r.GetProperty("c").GetDouble()).ToArray();
        Assert.Equal(5, cs.Length);
        Assert.Equal(0.9, cs[0]);
        Assert.Equal(1.3, cs[^1]);
        Assert.Equal([0.9, 1.0, 1.1, 1.2, 1.3], cs); // the doubles nearest the decimal grid, not 1.1000000000000003
        var repeated = EscapeF4(["--json", .. cs.SelectMany(c => new[] { "--c", c.ToString("R", System.Globalization.CultureInfo.InvariantCulture) })]).Json();
        Assert.Equal(Compact(repeated), Compact(range));
    }

    [Fact]
    public void Several_step_sizes_print_one_table_with_a_row_per_run_in_order()
    {
        var r = EscapeF4("--c", "1.1", "--c", "0.9");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        int header = Array.FindIndex(lines, l => l.StartsWith("c ", StringComparison.Ordinal) && l.Contains("outcome"));
        Assert.True(header > 0, r.Stdout);
        Assert.StartsWith("1.1 ", lines[header + 2]);
        Assert.Contains("converged", lines[header + 2]);
        Assert.StartsWith("0.9 ", lines[header + 3]);
        Assert.Contains("stayed", lines[header + 3]);
        Assert.Contains(lines, l => l.StartsWith("c = 1.1: Escaped", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("λ* (sharpness at W*)", StringComparison.Ordinal));
    }

    [Fact]
    public void One_c_keeps_the_single_object()
    {
        var j = EscapeF4("--json", "--c", "1.1").Json();
        Assert.Equal(JsonValueKind.Object, j.ValueKind);
        Assert.Equal(1.1, j.GetProperty("c").GetDouble());
    }

    [Theory]
    [InlineData(new[] { "--c", "1.1,1.2" }, "--c", "repeat the option")]
    [InlineData(new[] { "--eta", "0.1,0.2" }, "--eta", "repeat the option")]
    [InlineData(new[] { "--c", "1.1", "--eta", "0.1" }, "one way")]
    [InlineData(new[] { "--c", "1.1", "--c-range", "1:2:3" }, "one way")]
    [InlineData(new[] { "--c-range", "1:2" }, "--c-range", "START:STOP:COUNT")]
    [InlineData(new[] { "--c-range", "1,0:2:3" }, "--c-range", "decimal point")]
    [InlineData(new[] { "--c-range", "1:2:2.5" }, "--c-range", "whole number")]
    [InlineData(new[] { "--c-range", "1:2:0" }, "--c-range", "whole number")]
    [InlineData(new[] { "--c-range", "1:2:1" }, "--c-range", "START = STOP")]
    [InlineData(new[] { "--c-range", "-1:2:4" }, "--c-range", "finite positive")]
    [InlineData(new[] { "--c", "1.1", "--c", "0" }, "--c", "finite positive")]
    public void Bad_step_size_lists_are_one_line_usage_errors(string[] options, params string[] mentions) =>
        Cli.AssertFails(EscapeF4(options), ExitCodes.Usage, mentions);

    [Fact]
    public void Html_with_several_step_sizes_is_refused_before_any_work()
    {
        using var dir = new TempDir();
        string page = Path.Combine(dir.Path, "run.html");
        Cli.AssertFails(Cli.Run(["escape", .. Cli.WriteLayers(dir, F4), "--c", "1.1", "--c", "1.2", "--html", page]), ExitCodes.Usage, "--html", "one step size");
        Assert.False(File.Exists(page));
    }
}
