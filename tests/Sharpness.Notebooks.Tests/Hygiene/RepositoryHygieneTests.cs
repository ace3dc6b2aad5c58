using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Hygiene;

/// <summary>
/// The committed notebooks and README follow the rules of <see cref="NotebookHygiene"/> and
/// <see cref="ReadmeNotebookTable"/>. With no notebooks yet these pass trivially; each notebook added must comply.
/// </summary>
public sealed class RepositoryHygieneTests
{
    private static IReadOnlyList<string> CommittedNotebooks() =>
        Directory.Exists(RepoPaths.Notebooks)
            ? Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList()
            : Array.Empty<string>();

    [Fact]
    public void Every_notebook_is_clean_parameterized_and_starts_with_the_setup_cell()
    {
        var problems = CommittedNotebooks().SelectMany(NotebookHygiene.Problems).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_readme_table_lists_exactly_the_notebooks()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var problems = ReadmeNotebookTable.Problems(readme, CommittedNotebooks().Select(Path.GetFileName).ToList()!);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_start_notebook_contents_link_every_other_notebook_in_order()
    {
        // 00's Contents table is the tutorial's table of contents; notebook 14 was once missing from it.
        var start = CommittedNotebooks().Single(p => Path.GetFileName(p).StartsWith("00-", StringComparison.Ordinal));
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(start));
        var contents = doc.RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())))
            .Single(s => s.StartsWith("## Contents", StringComparison.Ordinal));
        var linked = System.Text.RegularExpressions.Regex.Matches(contents, @"^\| \d\d \| \[[^\]]+\]\(([^)]+\.ipynb)\)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        var others = CommittedNotebooks().Select(p => Path.GetFileName(p)).Where(n => n != Path.GetFileName(start)).ToList();
        Assert.Equal(others, linked);
    }

    /// <summary>
    /// The README's main job is <c>dotnet run --project src/Sharpness.Cli -- run</c> on a fresh clone, and every
    /// notebook's setup cell loads <c>src/Sharpness.Interactive/bin/kit</c>: building the CLI must build that kit
    /// (after the host-free views split the CLI no longer referenced it, and the main job failed every notebook with
    /// CS0006 on a clone where nothing else had built it).
    /// </summary>
    [Fact]
    public void Building_the_cli_builds_the_kit_the_notebooks_load()
    {
        var cli = System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "src", "Sharpness.Cli", "Sharpness.Cli.csproj"));
        // Built by a target after the CLI's build, not referenced: a reference made `dotnet pack` of the solution build
        // the kit a second time, concurrently, with other global properties. Outside solution builds only.
        var target = cli.Descendants("Target").Single(t => (string?)t.Attribute("Name") == "BuildNotebookKit");
        Assert.Equal("Build", (string?)target.Attribute("AfterTargets"));
        Assert.Contains("BuildingSolutionFile", (string?)target.Attribute("Condition") ?? "");
        var built = target.Descendants("MSBuild").Select(m => Path.GetFileName(((string?)m.Attribute("Projects") ?? "").Replace('\\', '/')));
        Assert.Contains("Sharpness.Interactive.csproj", built);
        Assert.DoesNotContain(cli.Descendants("ProjectReference"), r => ((string?)r.Attribute("Include") ?? "").Contains("Sharpness.Interactive"));

        var kit = System.Xml.Linq.XDocument.Load(
            Path.Combine(RepoPaths.Root, "src", "Sharpness.Interactive", "Sharpness.Interactive.csproj"));
        var outDir = kit.Descendants("OutDir").Select(e => e.Value).Single();
        Assert.EndsWith("bin/kit/", outDir);
        foreach (var notebook in CommittedNotebooks())
            Assert.Contains("../src/Sharpness.Interactive/bin/kit/Sharpness.Interactive.dll", File.ReadAllText(notebook));
    }
}
