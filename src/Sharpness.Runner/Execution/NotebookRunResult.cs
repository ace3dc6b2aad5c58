namespace Sharpness.Runner.Execution;

/// <summary>The outcome of executing one notebook in some host.</summary>
public sealed class NotebookRunResult(NotebookExecutionPlan plan, IReadOnlyList<CellResult> cells)
{
    /// <summary>What was executed.</summary>
    public NotebookExecutionPlan Plan { get; } = plan;

    /// <summary>One result per planned cell, in order.</summary>
    public IReadOnlyList<CellResult> Cells { get; } = cells;

    /// <summary>Wall time from process start to the last cell (includes <see cref="Startup"/>).</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>When the runner handed the notebook to the host (for reports' timestamps).</summary>
    public DateTimeOffset Started { get; set; }

    /// <summary>Time until the kernel was ready to take the first cell.</summary>
    public TimeSpan Startup { get; set; }

    /// <summary>A failure not tied to a cell (the host did not start), else null.</summary>
    public string? HostError { get; set; }

    /// <summary>The first failed or timed-out cell, if any.</summary>
    public CellResult? FirstFailure => Cells.FirstOrDefault(c => c.Status is CellStatus.Failed or CellStatus.TimedOut);

    /// <summary>Every cell ran and passed.</summary>
    public bool Succeeded => HostError is null && Cells.All(c => c.Succeeded);

    /// <summary>Verification cells that passed.</summary>
    public int VerificationsPassed => Cells.Count(c => c.Cell.IsVerification && c.Succeeded);

    /// <summary>Verification cells in the notebook.</summary>
    public int VerificationsTotal => Cells.Count(c => c.Cell.IsVerification);

    /// <summary>One line for summaries: "passed", "failed: cell 4 (...) — message", "timed out: ...".</summary>
    public string StatusText
    {
        get
        {
            if (HostError is not null) return $"failed: {HostError}";
            if (FirstFailure is { } f)
                return $"{(f.Status == CellStatus.TimedOut ? "timed out" : "failed")}: {f.Cell.Label}: {FirstLineOf(f.Error)}";
            return "passed";
        }
    }

    private static string FirstLineOf(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "(no message)" : text.Trim().Split('\n')[0].Trim();
}
