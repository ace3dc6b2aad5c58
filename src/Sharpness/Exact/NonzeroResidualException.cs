namespace Sharpness.Exact;

/// <summary>Thrown when a zero-loss formula is asked for at a point whose product does not match the target.</summary>
public sealed class NonzeroResidualException(double relativeResidual, double tolerance)
    : InvalidOperationException(
        $"The exact-sharpness formula λmax(H) = λmax(K) holds only at zero-loss points, where H = JᵀJ. " +
        $"Here the relative residual ‖P(W) − M‖_F/‖M‖_F is {relativeResidual:G3}, above the tolerance {tolerance:G3}: " +
        "the Hessian has an extra residual term and λmax(K) need not be its largest eigenvalue (theory §2.9). " +
        "Use HessianSpectrum or HessianLanczos for λmax(H) at this point, or set AllowNonzeroResidual to get λmax(K) anyway.")
{
    /// <summary>The measured relative residual.</summary>
    public double RelativeResidual { get; } = relativeResidual;

    /// <summary>The tolerance it exceeded.</summary>
    public double Tolerance { get; } = tolerance;
}
