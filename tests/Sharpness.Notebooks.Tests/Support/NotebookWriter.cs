using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sharpness.Notebooks.Tests.Support;

/// <summary>Writes small nbformat-4 C# notebooks for tests: the first cell is tagged <c>parameters</c> when asked.</summary>
public static class NotebookWriter
{
    /// <summary>A notebook whose code cells are <paramref name="codeCells"/>, in order.</summary>
    public static string Write(string path, params string[] codeCells) => Write(path, parameters: null, codeCells);

    /// <summary>A notebook with a parameters cell (when not null) followed by <paramref name="codeCells"/>.</summary>
    public static string Write(string path, string? parameters, params string[] codeCells)
    {
        var cells = new JsonArray { Markdown("# " + Path.GetFileNameWithoutExtension(path)) };
        if (parameters is not null) cells.Add(Code(parameters, "parameters"));
        foreach (var code in codeCells) cells.Add(Code(code));
        WriteNotebook(path, cells);
        return path;
    }

    /// <summary>Writes the given cells (as JSON objects) with the Polyglot notebook metadata.</summary>
    public static void WriteNotebook(string path, JsonArray cells)
    {
        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static JsonObject Markdown(string text) => new()
    {
        ["cell_type"] = "markdown", ["id"] = Guid.NewGuid().ToString("N")[..8], ["metadata"] = new JsonObject(),
        ["source"] = text,
    };

    public static JsonObject Raw(string text) => new()
    {
        ["cell_type"] = "raw", ["id"] = Guid.NewGuid().ToString("N")[..8], ["metadata"] = new JsonObject(),
        ["source"] = text,
    };

    public static JsonObject Code(string code, string? tag = null)
    {
        var metadata = new JsonObject
        {
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
            ["vscode"] = new JsonObject { ["languageId"] = "polyglot-notebook" },
        };
        if (tag is not null) metadata["tags"] = new JsonArray { tag };
        return new JsonObject
        {
            ["cell_type"] = "code", ["id"] = Guid.NewGuid().ToString("N")[..8], ["metadata"] = metadata,
            ["source"] = code, ["execution_count"] = null, ["outputs"] = new JsonArray(),
        };
    }
}
