using Sharpness.Model;

namespace Sharpness.Tests.Architecture;

/// <summary>
/// src/Sharpness/README.md lists the public API per namespace (issue 11, item 7); this keeps the list true: every
/// public type of the core is named in its namespace's row, and every type named there exists.
/// </summary>
public class PublicApiReadmeTests
{
    [Fact]
    public void Every_public_type_is_listed_in_its_namespace_row_and_nothing_else()
    {
        var rows = ApiRows(File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Sharpness", "README.md")));
        var types = typeof(DeepFactorization).Assembly.GetExportedTypes().Where(t => !t.IsNested).ToArray();
        var problems = new List<string>();
        foreach (var t in types)
        {
            if (!rows.TryGetValue(t.Namespace!, out string? row))
                problems.Add($"namespace {t.Namespace} has no row");
            else if (!row.Contains($"`{t.Name}`") && !row.Contains($"`{t.Namespace}.{t.Name}`"))
                problems.Add($"{t.FullName} is not listed in its row");
        }
        var names = types.Select(t => t.Name).ToHashSet();
        foreach (var (ns, row) in rows)
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(row, @"`(?:IO\.)?([A-Z][A-Za-z]+)(?:\.[A-Za-z]+)?`"))
                if (!names.Contains(m.Groups[1].Value)) problems.Add($"the row of {ns} names {m.Groups[1].Value}, which is not a public type");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static Dictionary<string, string> ApiRows(string readme)
    {
        var rows = new Dictionary<string, string>();
        foreach (var line in readme.Split('\n'))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^\| `(Sharpness[A-Za-z.]*)` \|(.*)\|\s*$");
            if (m.Success) rows[m.Groups[1].Value] = m.Groups[2].Value;
        }
        return rows;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sharpness.Notebooks.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Sharpness.Notebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
