using System.Text.Json;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>
/// One real run of the `run` verb over two test notebooks (basics: outputs, charts, math, verification cells,
/// -p overrides; failing: an exception in cell 4), shared by the tests of the "main run" collection so the
/// kernel processes start only once per suite.
/// </summary>
public sealed class MainRunFixture : IAsyncLifetime
{
    /// <summary>The string override: quotes and an apostrophe must survive C# quoting.</summary>
    public const string LabelValue = "it's \"quoted\"";

    public string OutputDirectory { get; } = RepoPaths.NewTempDirectory("main-run");

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
        Run = await CommandRun.InvokeAsync(
            RepoPaths.TestNotebook("basics.ipynb"), RepoPaths.TestNotebook("failing.ipynb"),
            "--out", OutputDirectory, "--timeout", "120", "-p", "n=5", "-p", $"label={LabelValue}");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class MainRunCollection : ICollectionFixture<MainRunFixture>
{
    public const string Name = "main run";
}
