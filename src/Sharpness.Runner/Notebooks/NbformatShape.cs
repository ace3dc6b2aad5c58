using System.Text.Json;

namespace Sharpness.Runner.Notebooks;

/// <summary>
/// The minimal nbformat-4 shape the runner relies on, checked on the raw JSON before the .NET Interactive parser
/// (which accepts <c>{}</c> or <c>{"cells": 5}</c> as an empty notebook and turns raw cells into code): a JSON object
/// with <c>"nbformat": 4</c> and a <c>"cells"</c> array whose items are objects with a known <c>cell_type</c> and a
/// <c>source</c> that is a string or an array of strings (nbformat 4 schema, "multiline_string").
/// </summary>
public static class NbformatShape
{
    private static readonly string[] KnownCellTypes = { "code", "markdown", "raw" };

    /// <summary>The cell types in order; a <see cref="RunnerUserException"/> naming the file and what is wrong otherwise.</summary>
    public static IReadOnlyList<string> CellTypes(string json, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw Bad(path, $"not valid JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(path, "not a JSON object");
            if (!root.TryGetProperty("nbformat", out var format)) throw Bad(path, "no \"nbformat\" field");
            if (format.ValueKind != JsonValueKind.Number || !format.TryGetInt32(out var major))
                throw Bad(path, "\"nbformat\" must be a whole number");
            if (major != 4) throw Bad(path, $"nbformat {major}; only nbformat 4 is supported (convert it with `jupyter nbconvert --to notebook`)");
            if (!root.TryGetProperty("cells", out var cells)) throw Bad(path, "no \"cells\" field");
            if (cells.ValueKind != JsonValueKind.Array) throw Bad(path, "\"cells\" must be an array");
            if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind != JsonValueKind.Object)
                throw Bad(path, "\"metadata\" must be an object");
            var types = new List<string>();
            var number = 0;
            foreach (var cell in cells.EnumerateArray())
            {
                number++;
                if (cell.ValueKind != JsonValueKind.Object) throw Bad(path, $"cell {number} is not a JSON object");
                if (!cell.TryGetProperty("cell_type", out var type) || type.ValueKind != JsonValueKind.String)
                    throw Bad(path, $"cell {number} has no \"cell_type\"");
                var name = type.GetString()!;
                if (!KnownCellTypes.Contains(name)) throw Bad(path, $"cell {number}: unknown cell_type \"{name}\" (expected code, markdown or raw)");
                if (!cell.TryGetProperty("source", out var source) || !IsText(source))
                    throw Bad(path, $"cell {number}: \"source\" must be text (a string or an array of strings)");
                if (cell.TryGetProperty("metadata", out var cellMetadata) && cellMetadata.ValueKind != JsonValueKind.Object)
                    throw Bad(path, $"cell {number}: \"metadata\" must be an object");
                types.Add(name);
            }
            return types;
        }
    }

    private static bool IsText(JsonElement source) => source.ValueKind switch
    {
        JsonValueKind.String => true,
        JsonValueKind.Array => source.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String),
        _ => false,
    };

    private static RunnerUserException Bad(string path, string why) =>
        new($"{path} is not an nbformat-4 notebook: {why}.");
}
