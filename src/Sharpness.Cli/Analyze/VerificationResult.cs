using Sharpness.Verification;

namespace Sharpness.Cli.Analyze;

/// <summary>
/// λmax of the Hessian by brute force, independently of the exact routes: the dense P × P Hessian's top eigenvalue
/// (only when the plan includes it: P ≤ --dense-limit, 3000 by default) and Lanczos on the exact Hessian–vector
/// product (thick-restarted when a full basis would not fit), each with its eigen-residual ‖Hv − λv‖.
/// </summary>
public sealed record VerificationResult(
    double? Dense,
    double? DenseResidual,
    double Lanczos,
    double LanczosResidual,
    int LanczosIterations,
    bool LanczosConverged)
{
    /// <summary>The plan the check ran by: memory and time of each part, stated before it started.</summary>
    public VerificationPlan? Plan { get; init; }

    /// <summary>Thick restarts of the Lanczos run (0 when its whole basis fitted).</summary>
    public int LanczosRestarts { get; init; }

    /// <summary>Bytes the Lanczos basis held at the end.</summary>
    public long LanczosBasisBytes { get; init; }
}
