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

    /// <summary>Parses a notebook, naming the file in the error when it is not valid .ipynb JSON.</summary>
    public static InteractiveDocument Load(string path)
    {
        if (!File.Exists(path))
            throw new RunnerUserException($"Notebook not found: {path}");
        try
        {
            return Notebook.Parse(File.ReadAllText(path), KernelInfos());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or InvalidCastException or ArgumentException)
        {
            throw new RunnerUserException($"{path} is not a valid .ipynb notebook: {e.Message}");
        }
    }

    /// <summary>
    /// Serializes to nbformat 4.5 JSON. Notebook metadata from the source is kept; keys VS Code Polyglot Notebooks
    /// needs to recognize a C# notebook (kernelspec, language_info, polyglot_notebook) are added when missing.
    /// </summary>
    public static string ToJson(InteractiveDocument document)
    {
        EnsurePolyglotMetadata(document);
        return document.ToJupyterJson();
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
