namespace Sharpness.Dynamics;

/// <summary>What a GD run started near a minimizer did (theory §3.1–3.2).</summary>
public enum RunOutcome
{
    /// <summary>Never reached distance δ from W* (no escape).</summary>
    Stayed,
    /// <summary>Escaped, then the loss fell below the convergence floor: it settled at another minimizer.</summary>
    Converged,
    /// <summary>Escaped, neither converged nor diverged: a bounded oscillation (period detected when possible).</summary>
    Bounded,
    /// <summary>The loss exceeded the divergence bound or stopped being finite; the run stopped there.</summary>
    Diverged,
}
