using System.Text.RegularExpressions;

namespace Sharpness.Notebooks.Tests.Hygiene;

/// <summary>
/// README.md lists the notebooks in a markdown table under the heading <c>## Notebooks</c>; each row's first cell
/// links the notebook, for example
/// <code>
/// ## Notebooks
///
/// | notebook | what it shows |
/// |---|---|
/// | [01 · Sharpness basics](notebooks/01-sharpness-basics.ipynb) | λmax of a 2-layer factorization |
/// </code>
/// The rows must list exactly the notebooks in notebooks/, once each, in file-name order.
/// </summary>
public static partial class ReadmeNotebookTable
{
    /// <summary>The heading the table sits under.</summary>
    public const string Heading = "## Notebooks";

    /// <summary>Notebook file names linked from the table rows, in row order; null when there is no such section.</summary>
    public static IReadOnlyList<string>? LinkedNotebooks(string readme)
    {
        var lines = readme.Replace("\r\n", "\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == Heading);
        if (start < 0) return null;
        var linked = new List<string>();
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal) && !lines[i].StartsWith("# ", StringComparison.Ordinal); i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith('|')) continue;
            var firstCell = line.Trim('|').Split('|')[0];
            var link = NotebookLink().Match(firstCell);
            if (link.Success) linked.Add(link.Groups[1].Value);
        }
        return linked;
    }

    /// <summary>Differences between the table and the notebooks that exist.</summary>
    public static List<string> Problems(string readme, IReadOnlyList<string> existingNotebookFiles)
    {
        var existing = existingNotebookFiles.Order(StringComparer.Ordinal).ToList();
        var linked = LinkedNotebooks(readme);
        if (linked is null)
        {
            return existing.Count == 0
                ? new List<string>()
                : new List<string> { $"README.md has no '{Heading}' section with a table linking notebooks/NN-name.ipynb" };
        }
        var problems = new List<string>();
        foreach (var missing in existing.Except(linked)) problems.Add($"README.md does not list notebooks/{missing}");
        foreach (var extra in linked.Except(existing)) problems.Add($"README.md lists notebooks/{extra}, which does not exist");
        foreach (var twice in linked.GroupBy(l => l).Where(g => g.Count() > 1)) problems.Add($"README.md lists notebooks/{twice.Key} more than once");
        if (problems.Count == 0 && !linked.SequenceEqual(existing))
            problems.Add("README.md's notebook table is not in file-name order");
        return problems;
    }

    [GeneratedRegex(@"\]\(notebooks/([^)\s/]+\.ipynb)\)")]
    private static partial Regex NotebookLink();
}
