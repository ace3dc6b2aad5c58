using System.Text.Json;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Tutorial;

/// <summary>
/// Runs the real tutorial (every notebook in notebooks/) once through the `run` verb, exactly as the README's main job
/// does, into a temporary output folder; the tutorial tests read its executed notebooks, site and summary.
/// </summary>
public sealed class TutorialRunFixture : IAsyncLifetime
{
    public string OutputDirectory { get; } = RepoPaths.NewTempDirectory("tutorial");

    public string SiteDirectory => Path.Combine(OutputDirectory, "site");

    public CommandRun Run { get; private set; } = null!;

    /// <summary>The tutorial notebooks by name (without extension), in file-name order.</summary>
    public static IReadOnlyList<string> Names { get; } = Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb")
        .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()!;

    public static TheoryData<string> NameData
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in Names) data.Add(name);
            return data;
        }
    }

    public JsonElement Summary(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SiteDirectory, "summary.json")));
        return doc.RootElement.GetProperty("notebooks").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name).Clone();
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(RepoPaths.KitDirectory, "Sharpness.Interactive.dll")))
            throw new InvalidOperationException($"The kit is not built: build src/Sharpness.Interactive (expected {RepoPaths.KitDirectory}).");
        Run = await CommandRun.InvokeAsync(RepoPaths.Notebooks, "--out", OutputDirectory, "--timeout", "300");
    }

    public Task DisposeAsync()
    {
        RepoPaths.DeleteQuietly(OutputDirectory);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class TutorialRunCollection : ICollectionFixture<TutorialRunFixture>
{
    public const string Name = "tutorial run";
}
