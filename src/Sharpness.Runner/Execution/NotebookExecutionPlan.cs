namespace Sharpness.Runner.Execution;

/// <summary>What a host executes: one notebook's code cells in order, with the per-cell time limit.</summary>
/// <param name="NotebookPath">Absolute path of the source notebook (for messages).</param>
/// <param name="WorkingDirectory">The notebook's folder: relative <c>#r</c> paths resolve against it.</param>
/// <param name="Cells">Code cells in execution order.</param>
/// <param name="CellTimeout">A cell running longer is stopped and reported as timed out.</param>
public sealed record NotebookExecutionPlan(
    string NotebookPath,
    string WorkingDirectory,
    IReadOnlyList<PlannedCell> Cells,
    TimeSpan CellTimeout)
{
    /// <summary>Package sources the kernel restores from before the first cell (<see cref="RunOptions.PackageSources"/>).</summary>
    public IReadOnlyList<string> PackageSources { get; init; } = Array.Empty<string>();
}
