using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sharpness.Cli.Output;

/// <summary>
/// Writes a report as one indented JSON object. Doubles are written by System.Text.Json in their shortest
/// round-trip form (parsing the text gives back the same bits); a non-finite double, which JSON cannot hold,
/// becomes null.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep "×", "λ" readable in strings
    };

    /// <summary>A JSON number, or null for a missing or non-finite value.</summary>
    public static JsonNode? Number(double? x) => x is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>A JSON array of numbers.</summary>
    public static JsonArray Numbers(IEnumerable<double> xs) => new(xs.Select(x => Number(x)).ToArray());

    /// <summary>Writes <paramref name="report"/> (an object, or an array of them) followed by a newline.</summary>
    public static void Write(TextWriter output, JsonNode report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        output.WriteLine(report.ToJsonString(Options));
    }
}
