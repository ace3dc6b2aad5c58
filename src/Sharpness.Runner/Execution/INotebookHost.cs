namespace Sharpness.Runner.Execution;

/// <summary>
/// A kernel host that can execute a notebook's code cells: our own child-process host
/// (<see cref="ChildProcessNotebookHost"/>), or, for cross-checks, the stock <c>dotnet-interactive</c> host driven
/// over stdio (an adapter around tests/Sharpness.TestSupport's StockHostSession can implement this interface).
/// A host honours <see cref="NotebookExecutionPlan.CellTimeout"/>, runs with
/// <see cref="NotebookExecutionPlan.WorkingDirectory"/> as current directory, stops at the first failing cell, and
/// never throws for a failing notebook: failures are reported in the result.
/// </summary>
public interface INotebookHost
{
    /// <summary>Short name for reports ("runner", "stock").</summary>
    string Name { get; }

    /// <summary>Executes the plan's cells in order.</summary>
    Task<NotebookRunResult> ExecuteAsync(NotebookExecutionPlan plan, INotebookRunObserver observer, CancellationToken cancellationToken);
}

/// <summary>Progress callbacks while a host runs a notebook (called from a background thread).</summary>
public interface INotebookRunObserver
{
    /// <summary>A cell started.</summary>
    void CellStarted(NotebookExecutionPlan plan, PlannedCell cell, int ordinal);

    /// <summary>A cell finished (any status).</summary>
    void CellFinished(NotebookExecutionPlan plan, CellResult result);
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullRunObserver : INotebookRunObserver
{
    /// <summary>The shared instance.</summary>
    public static readonly NullRunObserver Instance = new();

    /// <inheritdoc />
    public void CellStarted(NotebookExecutionPlan plan, PlannedCell cell, int ordinal) { }

    /// <inheritdoc />
    public void CellFinished(NotebookExecutionPlan plan, CellResult result) { }
}

/// <summary>
/// A host that can get the next notebook's process ready while the current one runs. The runner calls
/// <see cref="Prestart"/> with the next plan before executing the current one, and <see cref="CancelPrestart"/> when
/// it stops early; <see cref="INotebookHost.ExecuteAsync"/> with that same plan then uses the prepared process.
/// </summary>
public interface IPrestartingNotebookHost
{
    /// <summary>Starts (but does not run) the process for <paramref name="plan"/>.</summary>
    void Prestart(NotebookExecutionPlan plan);

    /// <summary>Stops a prepared process that will not be used.</summary>
    void CancelPrestart();
}
