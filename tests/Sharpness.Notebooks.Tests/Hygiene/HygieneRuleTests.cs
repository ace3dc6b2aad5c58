using System.Text.Json.Nodes;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Hygiene;

/// <summary>The hygiene rules bite: each rule is shown failing on a notebook that breaks it.</summary>
public sealed class HygieneRuleTests
{
    /// <summary>A notebook that satisfies every rule (the shape the tutorial notebooks take).</summary>
    private static JsonObject CleanNotebook()
    {
        var basics = JsonNode.Parse(File.ReadAllText(RepoPaths.TestNotebook("basics.ipynb")))!.AsObject();
        var setup = new JsonObject
        {
            ["cell_type"] = "code",
            ["id"] = "setup",
            ["metadata"] = new JsonObject
            {
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                ["vscode"] = new JsonObject { ["languageId"] = "polyglot-notebook" },
            },
            ["execution_count"] = null,
            ["outputs"] = new JsonArray(),
            ["source"] = new JsonArray(
                "#r \"../src/Sharpness.Interactive/bin/kit/Sharpness.Interactive.dll\"\n",
                "Sharpness.Interactive.Kit.Load();"),
        };
        basics["cells"]!.AsArray().Insert(1, setup);
        return basics;
    }

    private static List<string> ProblemsOf(JsonObject notebook, string name = "01-clean.ipynb")
    {
        var path = Path.Combine(RepoPaths.NewTempDirectory("hygiene"), name);
        File.WriteAllText(path, notebook.ToJsonString());
        return NotebookHygiene.Problems(path);
    }

    private static JsonNode Cell(JsonObject notebook, string id) =>
        notebook["cells"]!.AsArray().Single(c => (string?)c!["id"] == id)!;

    [Fact]
    public void A_clean_notebook_passes() => Assert.Empty(ProblemsOf(CleanNotebook()));

    [Fact]
    public void Committed_outputs_and_execution_counts_are_caught()
    {
        var nb = CleanNotebook();
        Cell(nb, "cell-03")["outputs"] = new JsonArray(new JsonObject
        {
            ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "x",
        });
        Cell(nb, "cell-03")["execution_count"] = 3;
        var problems = ProblemsOf(nb);
        Assert.Contains("01-clean.ipynb: cell 4: has committed outputs (clear them before committing)", problems);
        Assert.Contains("01-clean.ipynb: cell 4: has an execution count (clear outputs before committing)", problems);
    }

    [Fact]
    public void A_missing_or_altered_setup_cell_is_caught()
    {
        var nb = CleanNotebook();
        Cell(nb, "setup")["source"] = "#r \"../src/Sharpness.Interactive/bin/Debug/net10.0/Sharpness.Interactive.dll\"\nSharpness.Interactive.Kit.Load();";
        Assert.Contains(ProblemsOf(nb), p => p.Contains("the first code cell must be exactly the setup cell"));
        Assert.Contains(NotebookHygiene.Problems(RepoPaths.TestNotebook("basics.ipynb")), p => p.Contains("setup cell"));
    }

    [Fact]
    public void A_missing_parameters_tag_is_caught()
    {
        var nb = CleanNotebook();
        Cell(nb, "cell-02")["metadata"]!.AsObject().Remove("tags");
        Assert.Contains("01-clean.ipynb: needs exactly one code cell tagged 'parameters', found 0", ProblemsOf(nb));
    }

    [Fact]
    public void Missing_polyglot_metadata_is_caught()
    {
        var nb = CleanNotebook();
        nb["metadata"]!.AsObject().Remove("kernelspec");
        Cell(nb, "cell-03")["metadata"]!.AsObject().Remove("polyglot_notebook");
        var problems = ProblemsOf(nb);
        Assert.Contains("01-clean.ipynb: kernelspec must be {name: .net-csharp, language: C#}", problems);
        Assert.Contains("01-clean.ipynb: cell 4: metadata.polyglot_notebook.kernelName must be \"csharp\"", problems);
    }

    [Fact]
    public void Bad_names_and_unparsable_files_are_caught()
    {
        Assert.Contains(ProblemsOf(CleanNotebook(), "Intro.ipynb"), p => p.Contains("name must look like NN-name.ipynb"));
        var broken = Path.Combine(RepoPaths.NewTempDirectory("hygiene"), "02-broken.ipynb");
        File.WriteAllText(broken, "{\"cells\": [");
        Assert.Contains("does not parse", Assert.Single(NotebookHygiene.Problems(broken)));
    }

    [Fact]
    public void The_readme_table_must_match_the_notebooks()
    {
        const string readme = """
            # Title

            ## Notebooks

            | notebook | what |
            |---|---|
            | [Basics](notebooks/01-basics.ipynb) | first |
            | [Escape](notebooks/03-escape.ipynb) | third |

            ## Layout
            | [not the table](notebooks/99-other.ipynb) | |
            """;
        Assert.Equal(new[] { "01-basics.ipynb", "03-escape.ipynb" }, ReadmeNotebookTable.LinkedNotebooks(readme));
        Assert.Empty(ReadmeNotebookTable.Problems(readme, new[] { "03-escape.ipynb", "01-basics.ipynb" }));
        Assert.Equal(
            new[] { "README.md does not list notebooks/02-depth.ipynb" },
            ReadmeNotebookTable.Problems(readme, new[] { "01-basics.ipynb", "02-depth.ipynb", "03-escape.ipynb" }));
        Assert.Equal(
            new[] { "README.md lists notebooks/03-escape.ipynb, which does not exist" },
            ReadmeNotebookTable.Problems(readme, new[] { "01-basics.ipynb" }));
        Assert.Single(ReadmeNotebookTable.Problems("# no table", new[] { "01-basics.ipynb" }));
        Assert.Empty(ReadmeNotebookTable.Problems("# no table, no notebooks", Array.Empty<string>()));
        var swapped = readme.Replace("01-basics", "XX").Replace("03-escape", "01-basics").Replace("XX", "03-escape");
        Assert.Equal(new[] { "README.md's notebook table is not in file-name order" },
            ReadmeNotebookTable.Problems(swapped, new[] { "01-basics.ipynb", "03-escape.ipynb" }));
    }
}
