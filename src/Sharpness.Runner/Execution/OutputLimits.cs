using System.Globalization;

namespace Sharpness.Runner.Execution;

/// <summary>
/// How much stream text (Console.Out, Console.Error) one cell keeps: the first
/// <see cref="StreamCharactersPerCell"/> characters of each stream, then a note saying how much was dropped. A
/// notebook that prints 50 MB stays fast to run, to store in the executed .ipynb and to open as a site page.
/// Displayed values (display(), charts, return values) are not cut.
/// </summary>
public static class OutputLimits
{
    /// <summary>Characters kept per stream (stdout, stderr) per cell: one million (≈1 MB of ASCII).</summary>
    public const int StreamCharactersPerCell = 1_000_000;

    /// <summary>The note that ends a truncated stream.</summary>
    public static string TruncationNote(long dropped, int limit) => string.Create(CultureInfo.InvariantCulture,
        $"\n[output truncated: {dropped:N0} more characters not shown; sharpness run keeps the first {limit:N0} characters of each stream per cell]\n");
}

/// <summary>Applies <see cref="OutputLimits"/> to one cell's outputs as they arrive.</summary>
public sealed class StreamBudget(int limit)
{
    private readonly Dictionary<OutputKind, long> _kept = new();
    private readonly Dictionary<OutputKind, long> _dropped = new();

    /// <summary>The output to pass on (possibly cut), or null when its stream is over the limit.</summary>
    public CellOutput? Admit(CellOutput output)
    {
        if (output.Kind is not (OutputKind.Stdout or OutputKind.Stderr)) return output;
        var text = output.PlainText;
        int kept = Take(output.Kind, text.Length);
        if (kept == text.Length) return output;
        return kept == 0 ? null : CellOutput.Text(output.Kind, text[..kept]);
    }

    /// <summary>How many of <paramref name="length"/> new characters of <paramref name="kind"/> fit (the first ones);
    /// the rest are counted as dropped. Not thread-safe: the caller serializes.</summary>
    public int Take(OutputKind kind, int length)
    {
        var kept = _kept.GetValueOrDefault(kind);
        var room = Math.Max(0, limit - kept);
        var take = (int)Math.Min(room, length);
        _kept[kind] = kept + take;
        if (take < length) _dropped[kind] = _dropped.GetValueOrDefault(kind) + length - take;
        return take;
    }

    /// <summary>One note per truncated stream (for the end of the cell).</summary>
    public IEnumerable<CellOutput> Notes() => _dropped
        .Where(d => d.Value > 0)
        .Select(d => CellOutput.Text(d.Key, OutputLimits.TruncationNote(d.Value, limit)));
}
