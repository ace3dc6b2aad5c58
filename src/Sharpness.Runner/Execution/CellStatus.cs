namespace Sharpness.Runner.Execution;

/// <summary>Outcome of one code cell.</summary>
public enum CellStatus
{
    /// <summary>Not executed (an earlier cell failed, or the host stopped).</summary>
    NotRun,
    /// <summary>Ran to completion without error.</summary>
    Succeeded,
    /// <summary>Compile error, exception, or the host died while running it.</summary>
    Failed,
    /// <summary>Exceeded the per-cell time limit and was stopped.</summary>
    TimedOut,
}
