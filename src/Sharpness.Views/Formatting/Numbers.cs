using System.Globalization;

namespace Sharpness.Views.Formatting;

/// <summary>Numbers for reading: a fixed number of significant digits, scientific notation only where needed.</summary>
public static class Numbers
{
    /// <summary>Plain decimal between these magnitudes; scientific outside.</summary>
    public const double SmallLimit = 1e-3, LargeLimit = 1e6;

    /// <summary>x with <paramref name="significant"/> significant digits: "0.0123", "1.5e-07", "∞", "NaN".</summary>
    public static string Format(double x, int significant = 6)
    {
        if (significant is < 1 or > 17) throw new ArgumentOutOfRangeException(nameof(significant), significant, "Use 1 to 17 significant digits.");
        if (double.IsNaN(x)) return "NaN";
        if (double.IsPositiveInfinity(x)) return "∞";
        if (double.IsNegativeInfinity(x)) return "−∞";
        if (x == 0) return "0";
        double a = Math.Abs(x);
        if (a is >= SmallLimit and < LargeLimit)
        {
            // Round to the significant digits, then print without exponent and without trailing zeros.
            int magnitude = (int)Math.Floor(Math.Log10(a));
            int decimals = Math.Clamp(significant - 1 - magnitude, 0, 15);
            return Math.Round(x, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', Math.Max(decimals, 1)), CultureInfo.InvariantCulture);
        }
        string s = x.ToString("E" + (significant - 1), CultureInfo.InvariantCulture); // d.dddE+xxx
        int e = s.IndexOf('E');
        string mantissa = TrimZeros(s[..e]);
        int exponent = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{(exponent < 0 ? "-" : "")}{Math.Abs(exponent):00}");
    }

    /// <summary>Like <see cref="Format"/>, as HTML: "1.5 × 10<sup>−7</sup>" for scientific values.</summary>
    public static string Html(double x, int significant = 6)
    {
        string s = Format(x, significant);
        int e = s.IndexOf('e');
        if (e < 0) return s.Replace("-", "−", StringComparison.Ordinal);
        string mantissa = s[..e].Replace("-", "−", StringComparison.Ordinal);
        int exponent = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture);
        string power = $"10<sup>{(exponent < 0 ? "−" : "")}{Math.Abs(exponent)}</sup>";
        return mantissa is "1" ? power : mantissa is "−1" ? "−" + power : $"{mantissa} × {power}";
    }

    private static string TrimZeros(string mantissa) =>
        mantissa.Contains('.') ? mantissa.TrimEnd('0').TrimEnd('.') : mantissa;
}
