using System.Text.Json;
using System.Text.RegularExpressions;
using Sharpness.Notebooks.Tests.Support;
using Sharpness.Runner.Notebooks;

namespace Sharpness.Notebooks.Tests.Hygiene;

/// <summary>
/// The rules every committed tutorial notebook (notebooks/*.ipynb) follows:
/// <list type="number">
/// <item>named <c>NN-name.ipynb</c> (two digits, lower-case words joined by '-'), so folder order is reading order;</item>
/// <item>parses as .ipynb (nbformat 4.5, cell ids) with the VS Code Polyglot Notebooks metadata, every code cell
/// marked as C#;</item>
/// <item>committed clean: no outputs, no execution counts (the runner and the site show outputs);</item>
/// <item>the first code cell is exactly the common setup cell (<see cref="SetupCell"/>);</item>
/// <item>exactly one code cell tagged <c>parameters</c> (papermill convention, overridden with <c>-p</c>).</item>
/// </list>
/// </summary>
public static partial class NotebookHygiene
{
    /// <summary>The setup cell every notebook starts with (notebooks/ is one level below the repository root).</summary>
    public const string SetupCell = "#r \"../src/Sharpness.Interactive/bin/kit/Sharpness.Interactive.dll\"\nSharpness.Interactive.Kit.Load();";

    /// <summary>Everything wrong with one notebook, each problem prefixed with the file name.</summary>
    public static List<string> Problems(string path)
    {
        var file = Path.GetFileName(path);
        var problems = new List<string>();
        if (!FileName().IsMatch(file)) problems.Add("name must look like NN-name.ipynb (e.g. 01-sharpness-basics.ipynb)");
        try
        {
            NotebookFile.Load(path);
        }
        catch (Exception e)
        {
            return new List<string> { $"{file}: does not parse: {e.Message}" };
        }
        problems.AddRange(NbformatCheck.Problems(path));

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var codeCells = doc.RootElement.GetProperty("cells").EnumerateArray()
            .Select((cell, i) => (cell, number: i + 1))
            .Where(c => c.cell.TryGetProperty("cell_type", out var t) && t.GetString() == "code")
            .ToList();
        foreach (var (cell, number) in codeCells)
        {
            if (!cell.TryGetProperty("metadata", out var meta) || !meta.TryGetProperty("polyglot_notebook", out var pn)
                || !pn.TryGetProperty("kernelName", out var kernel) || kernel.GetString() != "csharp")
                problems.Add($"cell {number}: metadata.polyglot_notebook.kernelName must be \"csharp\"");
            if (cell.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array && outputs.GetArrayLength() > 0)
                problems.Add($"cell {number}: has committed outputs (clear them before committing)");
            if (cell.TryGetProperty("execution_count", out var count) && count.ValueKind != JsonValueKind.Null)
                problems.Add($"cell {number}: has an execution count (clear outputs before committing)");
        }

        if (codeCells.Count == 0 || Normalize(ExecutedIpynb.Source(codeCells[0].cell)) != SetupCell)
            problems.Add($"the first code cell must be exactly the setup cell:\n{SetupCell}");
        var parameterCells = codeCells.Count(c => ExecutedIpynb.Tags(c.cell).Contains(ParametersCell.Tag));
        if (parameterCells != 1)
            problems.Add($"needs exactly one code cell tagged '{ParametersCell.Tag}', found {parameterCells}");
        return problems.Select(p => $"{file}: {p}").ToList();
    }

    private static string Normalize(string source) => source.Replace("\r\n", "\n").TrimEnd();

    [GeneratedRegex(@"^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$")]
    private static partial Regex FileName();
}
