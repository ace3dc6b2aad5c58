using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sharpness.Notebooks.Tests.Support;

/// <summary>
/// Checks an .ipynb against the parts of the nbformat 4.5 schema that matter here (cell ids, cell and output shapes),
/// plus the VS Code Polyglot metadata (notebook-host.md). Where Debian's python3-nbformat is installed
/// (.ci/run installs it) the file is also validated by nbformat itself.
/// </summary>
public static partial class NbformatCheck
{
    /// <summary>Problems found; empty when the file is valid.</summary>
    public static List<string> Problems(string path, bool requirePolyglotMetadata = true)
    {
        var problems = new List<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (Int(root, "nbformat") != 4) problems.Add("nbformat is not 4");
        if (Int(root, "nbformat_minor") is not >= 5) problems.Add("nbformat_minor is below 5 (cell ids need 4.5)");
        if (!root.TryGetProperty("metadata", out var meta)) problems.Add("no notebook metadata");
        else if (requirePolyglotMetadata) problems.AddRange(PolyglotProblems(meta));
        if (!root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
        {
            problems.Add("no cells array");
            return problems;
        }
        var ids = new HashSet<string>();
        var n = 0;
        foreach (var cell in cells.EnumerateArray())
        {
            n++;
            var where = $"cell {n}";
            var id = cell.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
            if (id is null || !CellId().IsMatch(id)) problems.Add($"{where}: missing or invalid id '{id}'");
            else if (!ids.Add(id)) problems.Add($"{where}: duplicate id '{id}'");
            if (!cell.TryGetProperty("metadata", out _)) problems.Add($"{where}: no metadata");
            if (!cell.TryGetProperty("source", out var source) || source.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
                problems.Add($"{where}: no source");
            var type = cell.TryGetProperty("cell_type", out var t) ? t.GetString() : null;
            if (type == "code")
            {
                if (!cell.TryGetProperty("execution_count", out var count) || count.ValueKind is not (JsonValueKind.Number or JsonValueKind.Null))
                    problems.Add($"{where}: execution_count must be a number or null");
                if (!cell.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
                    problems.Add($"{where}: no outputs array");
                else
                    foreach (var output in outputs.EnumerateArray()) problems.AddRange(OutputProblems(output, where));
            }
            else if (type is not ("markdown" or "raw"))
            {
                problems.Add($"{where}: unknown cell_type '{type}'");
            }
        }
        return problems;
    }

    /// <summary>The VS Code Polyglot Notebooks metadata of notebook-host.md.</summary>
    public static IEnumerable<string> PolyglotProblems(JsonElement meta)
    {
        if (!meta.TryGetProperty("kernelspec", out var ks) || Str(ks, "name") != ".net-csharp" || Str(ks, "language") != "C#")
            yield return "kernelspec must be {name: .net-csharp, language: C#}";
        if (!meta.TryGetProperty("language_info", out var li) || Str(li, "name") != "polyglot-notebook")
            yield return "language_info.name must be polyglot-notebook";
        if (!meta.TryGetProperty("polyglot_notebook", out var pn) || !pn.TryGetProperty("kernelInfo", out var ki)
            || Str(ki, "defaultKernelName") != "csharp")
            yield return "polyglot_notebook.kernelInfo.defaultKernelName must be csharp";
    }

    private static IEnumerable<string> OutputProblems(JsonElement output, string where)
    {
        var type = Str(output, "output_type");
        switch (type)
        {
            case "stream":
                if (Str(output, "name") is not ("stdout" or "stderr")) yield return $"{where}: stream without stdout/stderr name";
                if (!output.TryGetProperty("text", out _)) yield return $"{where}: stream without text";
                break;
            case "display_data":
            case "execute_result":
                if (!output.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                    yield return $"{where}: {type} without data";
                if (!output.TryGetProperty("metadata", out _)) yield return $"{where}: {type} without metadata";
                if (type == "execute_result" && !output.TryGetProperty("execution_count", out _))
                    yield return $"{where}: execute_result without execution_count";
                break;
            case "error":
                if (Str(output, "ename") is null || Str(output, "evalue") is null || !output.TryGetProperty("traceback", out _))
                    yield return $"{where}: error output needs ename, evalue, traceback";
                break;
            default:
                yield return $"{where}: unknown output_type '{type}'";
                break;
        }
    }

    /// <summary>
    /// Validates with Debian's python3-nbformat when present. Returns null when it is not installed, else the
    /// validator's complaint ("" when valid).
    /// </summary>
    public static string? ValidateWithNbformat(string path)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python)) return null;
        var psi = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')");
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (stderr.Contains("No module named 'nbformat'", StringComparison.Ordinal)) return null;
        return p.ExitCode == 0 && stdout.Contains("valid") ? "" : stderr;
    }

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex CellId();
}
