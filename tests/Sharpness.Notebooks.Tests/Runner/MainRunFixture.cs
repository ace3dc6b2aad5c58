using System.Text.Json;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>
/// One real run of the `run` verb over three test notebooks (basics: outputs, charts, math, verification cells,
/// -p overrides; failing: an exception in cell 4; kit: the real kit through the verbatim setup cell), shared by the
/// tests of the "main run" collection so the kernel processes start only once per suite. The notebooks are copied
/// into a temporary folder laid out like the repository ({temp}/notebooks, {temp}/src/Sharpness.Interactive/bin/kit
/// linking to the built kit), so the setup cell's relative path works unchanged.
/// </summary>
public sealed class MainRunFixture : IAsyncLifetime
{
    /// <summary>The string override: quotes and an apostrophe must survive C# quoting.</summary>
    public const string LabelValue = "it's \"quoted\"";

    public static readonly string[] NotebookNames = { "basics", "failing", "kit" };

    public string Root { get; } = RepoPaths.NewTempDirectory("main-run");

    public string NotebooksDirectory => Path.Combine(Root, "notebooks");

    public string OutputDirectory => Path.Combine(Root, "artifacts");

    /// <summary>The run's JUnit report (next to DIR/site, as the README's CI recipe writes it).</summary>
    public string JUnitPath => Path.Combine(OutputDirectory, "junit.xml");

    /// <summary>The --timeout of the run (and of JobsTests' serial run, which must match it).</summary>
    public const int CellTimeoutSeconds = 300;

    /// <summary>The -p overrides of the run.</summary>
    public static readonly string[] ParameterArguments = { "-p", "n=5", "-p", $"label={LabelValue}" };

    public CommandRun Run { get; private set; } = null!;

    public string SiteDirectory => Path.Combine(OutputDirectory, "site");

    public string ExecutedNotebook(string name) => Path.Combine(OutputDirectory, "notebooks", name + ".ipynb");

    public JsonElement Summary(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SiteDirectory, "summary.json")));
        return doc.RootElement.GetProperty("notebooks").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name).Clone();
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(RepoPaths.KitDirectory, "Sharpness.Interactive.dll")))
            throw new InvalidOperationException($"The kit is not built: build src/Sharpness.Interactive (expected {RepoPaths.KitDirectory}).");
        Directory.CreateDirectory(NotebooksDirectory);
        foreach (var name in NotebookNames)
            File.Copy(RepoPaths.TestNotebook(name + ".ipynb"), Path.Combine(NotebooksDirectory, name + ".ipynb"));
        var kitParent = Path.Combine(Root, "src", "Sharpness.Interactive", "bin");
        Directory.CreateDirectory(kitParent);
        Directory.CreateSymbolicLink(Path.Combine(kitParent, "kit"), RepoPaths.KitDirectory);

        // The folder form of the command, as a user runs it: notebooks run in name order, two at once (JobsTests
        // compares this run with a serial one). The cell timeout is only a guard against a hang (no cell here is meant
        // to reach it): the runner's default 300 s, as the kit's first chart cell (Plotly.NET and FSharp.Core loaded
        // and JIT-compiled, seconds when quiet) can take many times longer on a loaded machine; 120 s was too close.
        Run = await CommandRun.InvokeAsync(new[] { NotebooksDirectory, "--out", OutputDirectory, "--timeout", CellTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--jobs", "2", "--junit", JUnitPath }
            .Concat(ParameterArguments).ToArray());
    }

    public Task DisposeAsync()
    {
        // The site pages inline plotly.js (≈3.6 MB each): do not leave them in /tmp after every test run.
        RepoPaths.DeleteQuietly(Root);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class MainRunCollection : ICollectionFixture<MainRunFixture>
{
    public const string Name = "main run";
}
