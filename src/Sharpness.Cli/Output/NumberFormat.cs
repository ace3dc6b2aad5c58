using System.Globalization;

namespace Sharpness.Cli.Output;

/// <summary>Numbers as the text reports print them, always in the invariant culture. <c>--json</c> keeps every double
/// exact (shortest round-trip, <see cref="JsonOutput"/>); text is for reading, so it drops the last digit or two of
/// rounding noise: a trace of 24 computed as 23.999999999999996 prints 24, a c of 1.2000000000000002 prints 1.2.</summary>
public static class NumberFormat
{
    /// <summary>Significant digits of <see cref="Full(double)"/>: 15 is the most that every double carries exactly
    /// through a decimal round trip (DBL_DIG), so each printed digit is one the double holds.</summary>
    public const int Digits = 15;

    /// <summary>The number to 15 significant digits, trailing zeros dropped ("G15": 24, 0.145637450487492,
    /// 1E-15); NaN and ±∞ as NaN, Infinity, -Infinity.</summary>
    public static string Full(double x) => x.ToString("G15", CultureInfo.InvariantCulture);

    /// <summary>A nullable number, or "n/a".</summary>
    public static string Full(double? x) => x is { } v ? Full(v) : "n/a";

    /// <summary>The shortest text that parses back to the same double ("R"), for values a user typed and must find
    /// again in a message.</summary>
    public static string Exact(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A short form for residuals and tolerances (3 significant digits).</summary>
    public static string Short(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
}
