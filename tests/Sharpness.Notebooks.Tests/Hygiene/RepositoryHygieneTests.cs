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
}
