namespace Sharpness.Cli.Analyze;

/// <summary>
/// λmax of the Hessian by brute force, independently of the exact routes: the dense P × P Hessian's top eigenvalue
/// (only when P ≤ <see cref="Analysis.DenseVerifyLimit"/>) and Lanczos on the exact Hessian–vector product, each with
/// its eigen-residual ‖Hv − λv‖.
/// </summary>
public sealed record VerificationResult(
    double? Dense,
    double? DenseResidual,
    double Lanczos,
    double LanczosResidual,
    int LanczosIterations,
    bool LanczosConverged);
