namespace Sharpness.Cli.Output;

/// <summary>Human-readable output: one "label   value" line per quantity, labels padded to a common width.</summary>
public sealed class TextTable
{
    private readonly List<(string Label, string Value)> _rows = [];

    /// <summary>Adds a line.</summary>
    public TextTable Add(string label, string value)
    {
        _rows.Add((label, value));
        return this;
    }

    /// <summary>Writes every line.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int width = _rows.Count == 0 ? 0 : _rows.Max(r => r.Label.Length);
        foreach (var (label, value) in _rows)
            output.WriteLine($"{label.PadRight(width)}  {value}");
    }
}
