namespace Sharpness.Runner.Execution;

/// <summary>The outcome of a whole run: every executed notebook, and where the outputs went.</summary>
public sealed record RunReport(IReadOnlyList<ExecutedNotebook> Notebooks, TimeSpan Elapsed, string OutputDirectory)
{
    /// <summary>When the run started.</summary>
    public DateTimeOffset Started { get; init; }

    /// <summary>Every notebook passed.</summary>
    public bool Succeeded => Notebooks.All(n => n.Result.Succeeded);

    /// <summary>Folder of the executed .ipynb copies.</summary>
    public string NotebooksDirectory => Path.Combine(OutputDirectory, "notebooks");

    /// <summary>Folder of the static site.</summary>
    public string SiteDirectory => Path.Combine(OutputDirectory, "site");

    /// <summary>The site's entry page.</summary>
    public string IndexPage => Path.Combine(SiteDirectory, "index.html");
}
