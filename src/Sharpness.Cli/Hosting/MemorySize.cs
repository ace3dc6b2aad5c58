using System.CommandLine.Parsing;

namespace Sharpness.Cli.Hosting;

/// <summary>
/// A memory size option value: a positive number in the grammar of <see cref="OptionNumbers"/> (bytes), or
/// followed by K, M, G or T (binary multiples: 2G = 2·1024³ bytes; KiB, MiB, GiB, TiB and KB… are read the same way).
/// </summary>
public static class MemorySize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("kib", 1L << 10), ("mib", 1L << 20), ("gib", 1L << 30), ("tib", 1L << 40),
        ("kb", 1L << 10), ("mb", 1L << 20), ("gb", 1L << 30), ("tb", 1L << 40),
        ("k", 1L << 10), ("m", 1L << 20), ("g", 1L << 30), ("t", 1L << 40),
    ];

    /// <summary>The custom parser of an optional size option.</summary>
    public static long? Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tokens.Count == 0) return null;
        string text = result.Tokens[0].Value;
        string name = result.Parent is OptionResult o ? o.Option.Name : result.Argument.Name;
        if (TryParse(text, out long bytes, out string? problem)) return bytes;
        result.AddError($"{name}: '{(text.Length > 40 ? text[..40] + "…" : text)}' {problem}");
        return null;
    }

    /// <summary>Parses a size of at least 1 byte and below 2⁶³ bytes (8 EiB); on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(string text, out long bytes, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        string trimmed = text.Trim();
        long factor = 1;
        foreach (var (suffix, f) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = f;
                trimmed = trimmed[..^suffix.Length];
                break;
            }
        }
        if (!OptionNumbers.Parse(trimmed, out double value, out problem))
        {
            problem = $"is not a memory size ({problem}); e.g. 512M, 2G or 1e9";
            return false;
        }
        double total = value * factor;
        // A limit of 0 bytes (or a fraction of one byte) plans nothing: it is a mistake, not a setting.
        if (!(total >= 1) || total >= long.MaxValue)
        {
            problem = $"{(value < 0 ? "is negative" : total == 0 ? "is zero" : total < 1 ? "is below 1 byte" : "is too large")}: a memory size is 1 byte … 8 EiB (e.g. 512M, 2G)";
            return false;
        }
        bytes = (long)total;
        problem = null;
        return true;
    }
}
