using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace Sharpness.Runner.Notebooks;

/// <summary>
/// Reads and writes .ipynb files the way VS Code Polyglot Notebooks does (nbformat 4.5, C# kernel).
/// </summary>
/// <remarks>
/// Writing uses <c>ToJupyterJson()</c> without a language argument: on a parsed notebook
/// <c>ToJupyterJson("C#")</c> throws InvalidCastException (notebook-host.md).
/// </remarks>
public static class NotebookFile
{
    /// <summary>The only kernel our notebooks use.</summary>
    public const string CSharpKernelName = "csharp";

    /// <summary>Kernel names the parser accepts; everything else in a code cell would be attributed to C#.</summary>
    public static KernelInfoCollection KernelInfos()
    {
        var infos = new KernelInfoCollection
        {
            new KernelInfo(CSharpKernelName, "C#", new[] { "c#", "C#" }),
        };
        infos.DefaultKernelName = CSharpKernelName;
        return infos;
    }

    /// <summary>Metadata key that marks a cell which was a raw cell in the source (the parser turns raw cells into
    /// code cells of the default kernel; the runner neither executes them nor writes them back as code).</summary>
    public const string RawCellMarker = "sharpness_raw_cell";

    /// <summary>
    /// Parses a notebook, naming the file in the error when it is not an nbformat-4 notebook (checked first by
    /// <see cref="NbformatShape"/>: the parser itself accepts <c>{}</c> as an empty notebook). Raw cells are marked
    /// with <see cref="RawCellMarker"/>.
    /// </summary>
    public static InteractiveDocument Load(string path)
    {
        if (!File.Exists(path))
            throw new RunnerUserException($"Notebook not found: {path}");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunnerUserException($"{path} cannot be read: {e.Message}");
        }
        var cellTypes = NbformatShape.CellTypes(text, path);
        InteractiveDocument document;
        try
        {
            document = Notebook.Parse(text, KernelInfos());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or InvalidCastException or ArgumentException or KeyNotFoundException)
        {
            throw new RunnerUserException($"{path} is not a valid .ipynb notebook: {e.Message}");
        }
        if (document.Elements.Count != cellTypes.Count)
            throw new RunnerUserException($"{path} is not a valid .ipynb notebook: {cellTypes.Count} cells in the file, {document.Elements.Count} understood.");
        for (var i = 0; i < cellTypes.Count; i++)
        {
            if (cellTypes[i] != "raw") continue;
            var element = document.Elements[i];
            element.Metadata ??= new Dictionary<string, object>();
            element.Metadata[RawCellMarker] = true;
        }
        return document;
    }

    /// <summary>True for a cell that was a raw cell in the source: never executed.</summary>
    public static bool IsRaw(InteractiveDocumentElement cell) =>
        cell.Metadata is not null && cell.Metadata.ContainsKey(RawCellMarker);

    /// <summary>
    /// Serializes to nbformat 4.5 JSON. Notebook metadata from the source is kept; keys VS Code Polyglot Notebooks
    /// needs to recognize a C# notebook (kernelspec, language_info, polyglot_notebook) are added when missing.
    /// </summary>
    public static string ToJson(InteractiveDocument document)
    {
        EnsurePolyglotMetadata(document);
        var json = document.ToJupyterJson();
        return document.Elements.Any(IsRaw) ? RestoreRawCells(json) : json;
    }

    // The writer knows only code and markdown cells: cells marked raw go back to nbformat raw cells (no outputs, no
    // execution count, no kernel metadata), as they were in the source.
    private static string RestoreRawCells(string json)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var node in root["cells"]!.AsArray())
        {
            var cell = node!.AsObject();
            if (cell["metadata"] is not System.Text.Json.Nodes.JsonObject metadata || !metadata.ContainsKey(RawCellMarker)) continue;
            metadata.Remove(RawCellMarker);
            metadata.Remove("dotnet_interactive");
            metadata.Remove("polyglot_notebook");
            cell["cell_type"] = "raw";
            cell.Remove("outputs");
            cell.Remove("execution_count");
        }
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    /// <summary>Adds the VS Code Polyglot Notebooks metadata of notebook-host.md where the document lacks it.</summary>
    public static void EnsurePolyglotMetadata(InteractiveDocument document)
    {
        var meta = document.Metadata;
        if (!meta.ContainsKey("kernelspec"))
        {
            meta["kernelspec"] = new Dictionary<string, object>
            {
                ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp",
            };
        }
        if (!meta.ContainsKey("language_info"))
            meta["language_info"] = new Dictionary<string, object> { ["name"] = "polyglot-notebook" };
        if (!meta.ContainsKey("polyglot_notebook"))
        {
            meta["polyglot_notebook"] = new Dictionary<string, object>
            {
                ["kernelInfo"] = new Dictionary<string, object>
                {
                    ["defaultKernelName"] = CSharpKernelName,
                    ["items"] = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["aliases"] = Array.Empty<string>(), ["languageName"] = "csharp", ["name"] = CSharpKernelName,
                        },
                    },
                },
            };
        }
    }

    /// <summary>True for a markdown cell (the parser gives them the kernel name "markdown").</summary>
    public static bool IsMarkdown(InteractiveDocumentElement cell) =>
        string.Equals(cell.KernelName, "markdown", StringComparison.OrdinalIgnoreCase);

    /// <summary>Tags from the cell's metadata (<c>metadata.tags</c>), as papermill reads them.</summary>
    public static IReadOnlyList<string> Tags(InteractiveDocumentElement cell)
    {
        if (cell.Metadata is null || !cell.Metadata.TryGetValue("tags", out var raw) || raw is null)
            return Array.Empty<string>();
        return raw switch
        {
            string single => new[] { single },
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } json =>
                json.EnumerateArray().Select(t => t.ToString()).ToArray(),
            System.Collections.IEnumerable many => many.Cast<object?>().Select(t => t?.ToString() ?? "").ToArray(),
            _ => Array.Empty<string>(),
        };
    }

    /// <summary>The first non-blank source line, trimmed: how a cell is named in messages.</summary>
    public static string FirstLine(string source)
    {
        foreach (var line in source.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0) return trimmed.Length <= 100 ? trimmed : trimmed[..97] + "...";
        }
        return "(empty cell)";
    }
}
