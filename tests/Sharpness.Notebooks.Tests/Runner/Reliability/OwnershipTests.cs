using System.Text.Json;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner.Reliability;

/// <summary>
/// Issue 16 item 1: the runner never deletes or overwrites what it did not write. It owns DIR/notebooks and DIR/site
/// (marked by its manifest, or recognized as an earlier version's output by summary.json and the layout) and nothing
/// else in DIR; an --out that equals or contains the notebooks being run, or is the file-system root, is refused (4).
/// </summary>
public sealed class OwnershipTests
{
    private const int Refused = 4;

    [Fact]
    public async Task Out_dot_from_a_repository_root_loses_nothing()
    {
        // A folder laid out like this repository: `sharpness run notebooks/00-start-here.ipynb --out .` from its root
        // used to replace ./notebooks wholesale (11 of 12 source notebooks deleted).
        var repo = RepoPaths.NewTempDirectory("repo");
        NotebookWriter.Write(Path.Combine(repo, "notebooks", "00-start-here.ipynb"), "Console.WriteLine(0);");
        NotebookWriter.Write(Path.Combine(repo, "notebooks", "01-next.ipynb"), "Console.WriteLine(1);");
        File.WriteAllText(Path.Combine(repo, "README.md"), "# readme\n");
        Directory.CreateDirectory(Path.Combine(repo, "site"));
        File.WriteAllText(Path.Combine(repo, "site", "about.html"), "<p>mine</p>");
        var before = FolderSnapshot.Take(repo);

        var run = await CommandRun.InvokeAsync(Path.Combine(repo, "notebooks", "00-start-here.ipynb"), "--out", repo);

        Assert.Empty(FolderSnapshot.Diff(before, FolderSnapshot.Take(repo)));
        Assert.Equal(Refused, run.ExitCode);
        Assert.Contains("contains the notebooks", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Fact]
    public async Task The_file_system_root_is_refused()
    {
        var run = await CommandRun.InvokeAsync(RepoPaths.TestNotebook("basics.ipynb"), "--out", "/");
        Assert.Equal(Refused, run.ExitCode);
        Assert.Contains("file-system root", run.Output);
    }

    [Fact]
    public async Task Folders_named_notebooks_or_site_that_the_runner_did_not_write_are_refused()
    {
        var source = RepoPaths.NewTempDirectory("own-src");
        var notebook = NotebookWriter.Write(Path.Combine(source, "a.ipynb"), "Console.WriteLine(1);");
        foreach (var folder in new[] { "notebooks", "site" })
        {
            var output = RepoPaths.NewTempDirectory("own-out");
            Directory.CreateDirectory(Path.Combine(output, folder));
            File.WriteAllText(Path.Combine(output, folder, "thesis.tex"), "mine");
            var before = FolderSnapshot.Take(output);

            var run = await CommandRun.InvokeAsync(notebook, "--out", output);

            Assert.Equal(Refused, run.ExitCode);
            Assert.Contains($"{Path.Combine(output, folder)} was not written by sharpness run", run.Output);
            Assert.Empty(FolderSnapshot.Diff(before, FolderSnapshot.Take(output)));
        }
    }

    [Fact]
    public async Task Earlier_output_is_replaced_and_everything_else_in_DIR_is_kept()
    {
        var source = RepoPaths.NewTempDirectory("own-src");
        var notebook = NotebookWriter.Write(Path.Combine(source, "a.ipynb"), "Console.WriteLine(\"new run\");");
        var output = RepoPaths.NewTempDirectory("own-out");
        // What the previous version of the runner left (no manifest): summary.json, pages, assets, executed copies.
        WriteEarlierVersionOutput(output, "a", "old");
        Directory.CreateDirectory(Path.Combine(output, "packages"));
        File.WriteAllText(Path.Combine(output, "packages", "Sharpness.1.0.0.nupkg"), "a package");
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");

        var first = await CommandRun.InvokeAsync(notebook, "--out", output);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("new run", File.ReadAllText(Path.Combine(output, "notebooks", "a.ipynb")));
        Assert.Equal("a package", File.ReadAllText(Path.Combine(output, "packages", "Sharpness.1.0.0.nupkg")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "notes.txt")));

        // Its own output (with the manifest) is replaced again; a file a person added inside it is not destroyed.
        var second = await CommandRun.InvokeAsync(notebook, "--out", output, "--title", "second");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("second", File.ReadAllText(Path.Combine(output, "site", "index.html")));
        File.WriteAllText(Path.Combine(output, "site", "my-notes.html"), "mine");
        var third = await CommandRun.InvokeAsync(notebook, "--out", output);
        Assert.Equal(Refused, third.ExitCode);
        Assert.Contains("my-notes.html", third.Output);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "site", "my-notes.html")));
    }

    /// <summary>The layout the runner wrote before it had a manifest.</summary>
    internal static void WriteEarlierVersionOutput(string output, string notebookName, string marker)
    {
        var site = Directory.CreateDirectory(Path.Combine(output, "site")).FullName;
        Directory.CreateDirectory(Path.Combine(site, "assets", "katex", "fonts"));
        File.WriteAllText(Path.Combine(site, "assets", "site.css"), marker);
        File.WriteAllText(Path.Combine(site, "assets", "katex", "katex.min.css"), marker);
        File.WriteAllText(Path.Combine(site, "assets", "katex", "fonts", "KaTeX_Main-Regular.woff2"), marker);
        File.WriteAllText(Path.Combine(site, "index.html"), marker);
        File.WriteAllText(Path.Combine(site, notebookName + ".html"), marker);
        File.WriteAllText(Path.Combine(site, "summary.json"), JsonSerializer.Serialize(new
        {
            succeeded = true,
            seconds = 1.0,
            notebooks = new[] { new { name = notebookName, title = notebookName, page = notebookName + ".html", succeeded = true } },
        }));
        var notebooks = Directory.CreateDirectory(Path.Combine(output, "notebooks")).FullName;
        NotebookWriter.Write(Path.Combine(notebooks, notebookName + ".ipynb"), $"// {marker}");
    }
}
