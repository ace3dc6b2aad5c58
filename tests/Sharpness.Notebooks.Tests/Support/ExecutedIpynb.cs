using System.Text.Json;

namespace Sharpness.Notebooks.Tests.Support;

/// <summary>Read access to an executed .ipynb for assertions.</summary>
public sealed class ExecutedIpynb
{
    private readonly JsonElement[] _cells;

    public ExecutedIpynb(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        _cells = doc.RootElement.GetProperty("cells").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    public IReadOnlyList<JsonElement> Cells => _cells;

    public static string Source(JsonElement cell) => Join(cell.GetProperty("source"));

    public static string Join(JsonElement textOrLines) => textOrLines.ValueKind == JsonValueKind.Array
        ? string.Concat(textOrLines.EnumerateArray().Select(l => l.GetString()))
        : textOrLines.GetString() ?? "";

    public static IReadOnlyList<string> Tags(JsonElement cell) =>
        cell.GetProperty("metadata").TryGetProperty("tags", out var tags)
            ? tags.EnumerateArray().Select(t => t.GetString()!).ToList()
            : Array.Empty<string>();

    public JsonElement CellStartingWith(string sourcePrefix) =>
        _cells.Single(c => Source(c).StartsWith(sourcePrefix, StringComparison.Ordinal));

    public static IEnumerable<JsonElement> Outputs(JsonElement cell) => cell.GetProperty("outputs").EnumerateArray();

    public static string StreamText(JsonElement cell, string name) => string.Concat(Outputs(cell)
        .Where(o => o.GetProperty("output_type").GetString() == "stream" && o.GetProperty("name").GetString() == name)
        .Select(o => Join(o.GetProperty("text"))));
}
