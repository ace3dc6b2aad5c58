namespace Sharpness.Runner.Execution;

/// <summary>Where an output came from (maps onto nbformat output types).</summary>
public enum OutputKind
{
    /// <summary>Console.Out text (nbformat "stream", name stdout).</summary>
    Stdout,
    /// <summary>Console.Error text (nbformat "stream", name stderr).</summary>
    Stderr,
    /// <summary>display(...) (nbformat "display_data").</summary>
    Display,
    /// <summary>The cell's last expression (nbformat "execute_result").</summary>
    ReturnValue,
    /// <summary>The cell failed or timed out (nbformat "error").</summary>
    Error,
}

/// <summary>One output of a cell: its formatted values by MIME type.</summary>
/// <param name="Kind">Output kind.</param>
/// <param name="Data">MIME type → formatted value; stream and error text under <c>text/plain</c>.</param>
/// <param name="ValueId">The kernel's value id: later updates with the same id replace this output.</param>
public sealed record CellOutput(OutputKind Kind, IReadOnlyDictionary<string, string> Data, string? ValueId = null)
{
    /// <summary>Plain-text output of the given kind.</summary>
    public static CellOutput Text(OutputKind kind, string text) =>
        new(kind, new Dictionary<string, string> { ["text/plain"] = text });

    /// <summary>The <c>text/plain</c> value, or empty.</summary>
    public string PlainText => Data.TryGetValue("text/plain", out var t) ? t : "";
}
