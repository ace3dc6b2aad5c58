using System.Globalization;

namespace Sharpness.Cli.Output;

/// <summary>Numbers as the text reports print them, always in the invariant culture. <c>--json</c> keeps every double
/// exact (shortest round-trip, <see cref="JsonOutput"/>); text is for reading, so it drops the last digit or two of
/// rounding noise: 23.999999999999996 prints 24, 1.2000000000000002 prints 1.2. Ratios
/// and step counts print with 10 digits (<see cref="Ratio(double)"/>, <see cref="Step"/>).</summary>
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

    /// <summary>Significant digits of <see cref="Ratio(double)"/> and <see cref="Step"/>: the digits the flatness
    /// sentence (<c>FlatnessExplanation</c>) writes λ, s_min and ρ with.</summary>
    public const int ReadingDigits = 10;

    /// <summary>ρ = λmax / s_min to 10 significant digits ("G10"), as the flatness sentence writes it. ρ divides two
    /// computed numbers whose last digits are rounding (λ from an eigensolver, s_min from an SVD), so at a flat point,
    /// where λ = s_min in exact arithmetic, 15 digits show that rounding (0.999999999999999); 10 digits print 1, and
    /// they resolve the flatness tolerance 1e-9 (<c>FlatnessVerdict.DefaultTolerance</c>): a point that is not flat,
    /// ρ &gt; 1 + 1e-9, never prints as 1. JSON keeps the exact double.</summary>
    public static string Ratio(double x) => x.ToString("G10", CultureInfo.InvariantCulture);

    /// <summary>A nullable ratio, or "n/a".</summary>
    public static string Ratio(double? x) => x is { } v ? Ratio(v) : "n/a";

    /// <summary>A step count to 10 significant digits: a GD step (a whole number up to 10⁹, printed exactly) or a
    /// gradient-flow time in steps, t/η (fractional: 1393.662498, not the 17 digits of 1393.6624983696543).</summary>
    public static string Step(double steps) => steps.ToString("G10", CultureInfo.InvariantCulture);

    /// <summary>A short form for residuals and tolerances (3 significant digits).</summary>
    public static string Short(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
}
