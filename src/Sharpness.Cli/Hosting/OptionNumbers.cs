using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Sharpness.Cli.Hosting;

/// <summary>
/// The one grammar of numeric option values: invariant culture, '.' as the decimal point, an optional sign and
/// exponent, no thousands separators, no hex, no NaN or ∞. System.CommandLine's own conversion accepts "1,1" as 11
/// (it allows thousands separators) and names CLR types in its errors ("System.Nullable`1[System.Double]"), so every
/// numeric option of analyze and escape is parsed here instead. A list of values is given by repeating the option.
/// </summary>
public static class OptionNumbers
{
    private const NumberStyles Grammar = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite |
                                         NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>The custom parser of an option holding one double: <c>CustomParser = OptionNumbers.Number</c>.</summary>
    public static double Number(ArgumentResult result) => ParseSingle(result) ?? 0;

    /// <summary>The custom parser of an optional double with no default.</summary>
    public static double? OptionalNumber(ArgumentResult result) => ParseSingle(result);

    /// <summary>The custom parser of an option holding one whole number in <paramref name="min"/> … <paramref name="max"/>
    /// (both included; exponent notation is fine when the value is whole: 1e4): a value outside the range, or not whole, is a one-line error that names the option and the
    /// range (<c>--max-iter: '-5' is outside 1 … 2147483647</c>), so no command needs a range check of its own.</summary>
    public static Func<ArgumentResult, int> WholeNumberIn(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(min, max);
        return result => ParseSingle(result) is { } x ? Whole(result, x, min, max) : 0;
    }

    /// <summary>The range <paramref name="min"/> … <paramref name="max"/> as the messages write it (invariant culture).</summary>
    public static string Range(int min, int max) => string.Create(CultureInfo.InvariantCulture, $"{min} … {max}");

    /// <summary>The custom parser of an option holding several doubles, one per occurrence (<c>--c 1.1 --c 1.2</c>;
    /// set <c>AllowMultipleArgumentsPerToken = false</c>).</summary>
    public static double[] Numbers(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = new double[result.Tokens.Count];
        string hint = $"; to give several values, repeat the option: {NameOf(result)} 1.1 {NameOf(result)} 1.2";
        for (int i = 0; i < values.Length; i++)
            values[i] = ParseToken(result, result.Tokens[i].Value, hint) ?? 0;
        return values;
    }

    /// <summary>Parses <paramref name="text"/> by the grammar above; on failure <paramref name="problem"/> says why in
    /// words that fit after "'text' ".</summary>
    public static bool Parse(string text, out double value, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        string trimmed = text.Trim();
        string unsigned = trimmed.TrimStart('+', '-').ToLowerInvariant();
        if (unsigned is "nan" or "inf" or "infinity" or "∞")
        {
            problem = "is not finite (NaN and ±∞ are not valid values)";
            return false;
        }
        if (trimmed.Contains(','))
        {
            problem = "is not a number: write '.' as the decimal point and no thousands separators";
            return false;
        }
        if (!double.TryParse(trimmed, Grammar, CultureInfo.InvariantCulture, out value))
        {
            problem = "is not a number (plain decimal or exponent notation in the invariant culture, e.g. 1.1 or 2e-3)";
            return false;
        }
        if (!double.IsFinite(value))
        {
            problem = "overflows a double (|x| must be below 1.7976931348623157e308)";
            return false;
        }
        if (value == 0 && trimmed.TakeWhile(ch => ch is not ('e' or 'E')).Any(ch => ch is >= '1' and <= '9'))
        {
            problem = "underflows to 0 in double precision (|x| must be at least 4.9e-324)";
            return false;
        }
        problem = null;
        return true;
    }

    private static double? ParseSingle(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tokens.Count == 0) return null; // the arity check reports a missing value
        return ParseToken(result, result.Tokens[0].Value, "");
    }

    private static double? ParseToken(ArgumentResult result, string text, string listHint)
    {
        if (Parse(text, out double value, out string? problem)) return value;
        result.AddError($"{NameOf(result)}: '{Shorten(text)}' {problem}{(text.Contains(',') ? listHint : "")}");
        return null;
    }

    private static int Whole(ArgumentResult result, double x, int min, int max)
    {
        if (x != Math.Floor(x))
        {
            result.AddError($"{NameOf(result)}: '{Shorten(result.Tokens[0].Value)}' is not a whole number in {Range(min, max)}");
            return 0;
        }
        if (x < min || x > max)
        {
            result.AddError($"{NameOf(result)}: '{Shorten(result.Tokens[0].Value)}' is outside {Range(min, max)}");
            return 0;
        }
        return (int)x;
    }

    private static string NameOf(ArgumentResult result) => result.Parent is OptionResult o ? o.Option.Name : result.Argument.Name;

    // Option values come from the user's shell: keep messages one line and short.
    private static string Shorten(string s)
    {
        var clean = new string(s.Take(40).Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
        return s.Length > 40 ? clean + "…" : clean;
    }
}
