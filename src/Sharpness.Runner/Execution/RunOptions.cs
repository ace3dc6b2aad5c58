using Sharpness.Runner.Notebooks;

namespace Sharpness.Runner.Execution;

/// <summary>Settings of one `sharpness run`.</summary>
public sealed record RunOptions
{
    /// <summary>Default input folder.</summary>
    public const string DefaultInput = "notebooks";

    /// <summary>Default output folder.</summary>
    public const string DefaultOutput = "artifacts";

    /// <summary>Default per-cell time limit.</summary>
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromSeconds(300);

    /// <summary>Notebook files and/or folders (folders contribute their *.ipynb, sorted by name).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = new[] { DefaultInput };

    /// <summary>Output folder: DIR/notebooks (executed copies) and DIR/site (static HTML).</summary>
    public string OutputDirectory { get; init; } = DefaultOutput;

    /// <summary>Per-cell time limit.</summary>
    public TimeSpan CellTimeout { get; init; } = DefaultCellTimeout;

    /// <summary>The <c>-p</c> overrides.</summary>
    public IReadOnlyList<NotebookParameter> Parameters { get; init; } = Array.Empty<NotebookParameter>();

    /// <summary>
    /// Start the next notebook's process (kernel creation and Roslyn warm-up) while the current notebook runs its
    /// cells, on the otherwise idle second core. Off only for measurements (hidden <c>--no-prestart</c>).
    /// </summary>
    public bool PrestartNextNotebook { get; init; } = true;

    /// <summary>Package folders (or feeds) every notebook's kernel restores from, as if each notebook began with
    /// <c>#i "nuget: SOURCE"</c>: notebooks that <c>#r "nuget: Sharpness.Interactive, …"</c> need no machine-specific
    /// absolute path. Absolute paths (<c>--package-source</c> resolves them).</summary>
    public IReadOnlyList<string> PackageSources { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Notebooks run at once, each in its own child process (at least 1; more than the number of notebooks is the
    /// number of notebooks). 1 (the default here) runs them one after another, starting the next notebook's process
    /// early (<see cref="PrestartNextNotebook"/>); the run verb's <c>--jobs</c> defaults to the number of cores.
    /// Outputs, site and reports are the same for every value (only timings and chart element ids differ).
    /// </summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Where to write the JUnit XML report (<see cref="Reports.JUnitReport"/>), or null for none. Written
    /// after the site is published; checked before anything runs (<see cref="Reports.ReportPath"/>).</summary>
    public string? JUnitPath { get; init; }

    /// <summary>Title of the site's index page.</summary>
    public string Title { get; init; } = "Sharpness notebooks";
}
