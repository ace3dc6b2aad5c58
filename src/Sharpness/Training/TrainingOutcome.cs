namespace Sharpness.Training;

/// <summary>What a training run did by its last step.</summary>
public enum TrainingOutcome
{
    /// <summary>Reached the zero-loss tolerance ‖P − M‖_F/‖M‖_F ≤ tol (or, when no zero-loss point exists, a
    /// stationary point: the loss stopped changing).</summary>
    Converged,
    /// <summary>Not converged, and the tracked λmax(H)·η/2 stayed within the edge band of 1: hovering at 2/η
    /// (the "edge of stability", Cohen et al. 2021).</summary>
    EdgeOfStability,
    /// <summary>Not converged: the loss repeats with a period p ≥ 2 (a stable orbit of GD).</summary>
    Periodic,
    /// <summary>The loss exceeded the divergence bound or stopped being finite; the run stopped there.</summary>
    Diverged,
    /// <summary>Ran out of steps while the loss was still changing (too few steps, or a marginally stable end point
    /// with |1 − ηλ| ≈ 1 converging very slowly).</summary>
    NotConverged,
}
