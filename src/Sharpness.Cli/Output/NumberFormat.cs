using System.Globalization;

namespace Sharpness.Cli.Output;

/// <summary>Numbers as the command prints them: the shortest text that parses back to the same double.</summary>
public static class NumberFormat
{
    /// <summary>Round-trip form in the invariant culture ("R"); NaN and ±∞ as NaN, Infinity, -Infinity.</summary>
    public static string Full(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A nullable number, or "n/a".</summary>
    public static string Full(double? x) => x is { } v ? Full(v) : "n/a";

    /// <summary>A short form for residuals and tolerances (3 significant digits).</summary>
    public static string Short(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
}
