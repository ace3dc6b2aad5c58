using System.Globalization;
using Sharpness.Cli.Escape;
using Sharpness.Cli.Tests.IO;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>--c-range values are the doubles nearest the decimal grid (a user's review saw c = 1.2000000000000002).
/// The expected values are written out as decimal literals here, each parsed by the runtime's correctly rounded
/// parser — an independent route from the grid's decimal arithmetic.</summary>
public class CRangeGridTests
{
    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static double[] Grid(string start, string stop, int count) => EscapeRequest.Grid(start, stop, D(start), D(stop), count);

    [Fact]
    public void Ends_and_interior_points_are_the_nearest_doubles_of_the_decimal_grid()
    {
        Assert.Equal([1.1, 1.2, 1.3], Grid("1.1", "1.3", 3));
        Assert.Equal([1.0, 1.2, 1.4], Grid("1", "1.4", 3));
        var g = Grid("0.9", "0.99", 16);
        Assert.Equal(0.9, g[0]);
        Assert.Equal(0.99, g[15]);
        Assert.Equal(D("0.906"), g[1]);
        Assert.Equal(D("0.942"), g[7]);
        Assert.Equal(D("0.984"), g[14]);
        for (int i = 0; i < 16; i++) Assert.Equal(D((0.9m + 0.006m * i).ToString(CultureInfo.InvariantCulture)), g[i]);
        // A grid step that is no finite decimal: i/3 rounded once (IEEE division of exact 1 and 3 is the nearest double).
        Assert.Equal([0, 1.0 / 3, 2.0 / 3, 1], Grid("0", "1", 4));
        Assert.Equal([D("1e-3"), D("2e-3"), D("3e-3")], Grid("1e-3", "3e-3", 3));
        // Ends a decimal cannot hold fall back to the two-end formula in double, and keep their ends exactly.
        var tiny = Grid("1e-40", "3e-40", 3);
        Assert.Equal([1e-40, 2e-40, 3e-40], tiny);
    }

    [Fact]
    public void The_values_run_are_the_values_printed()
    {
        using var dir = new TempDir();
        string[] layers = Cli.WriteLayers(dir, F4);
        var json = Cli.Run(["escape", .. layers, "--c-range", "1:1.4:5", "--max-iter", "300", "--json"]).Json();
        var cs = json.EnumerateArray().Select(r => r.GetProperty("c").GetDouble()).ToArray();
        Assert.Equal([1.0, 1.1, 1.2, 1.3, 1.4], cs);
        // η = 2c/λ* from the very c that is printed.
        double lambda = json[0].GetProperty("lambdaStar").GetDouble();
        for (int i = 0; i < cs.Length; i++) Assert.Equal(2 * cs[i] / lambda, json[i].GetProperty("eta").GetDouble());

        var text = Cli.Run(["escape", .. layers, "--c-range", "1:1.4:5", "--max-iter", "300"]);
        Assert.Equal(0, text.ExitCode);
        Assert.DoesNotContain("00000000", text.Stdout.Split('\n').Where(l => l.StartsWith("c = ", StringComparison.Ordinal)).Aggregate("", (a, l) => a + l));
        foreach (string c in new[] { "1", "1.1", "1.2", "1.3", "1.4" })
            Assert.Contains($"c = {c}: ", text.Stdout);
    }
}
