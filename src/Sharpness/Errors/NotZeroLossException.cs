using System.Globalization;

namespace Sharpness;

/// <summary>
/// A zero-loss formula (theory §2.2: H = JᵀJ only where P(W) = M) was asked for at a point whose relative residual
/// ‖P(W) − M‖_F/‖M‖_F exceeds the tolerance the caller chose. Off zero loss the Hessian has an extra residual term
/// (theory §2.9), so λmax(K), the trace and the flatness formulas do not describe it.
/// </summary>
public sealed class NotZeroLossException : SharpnessException
{
    /// <summary>Creates the exception for <paramref name="formula"/> (the sentence's subject, e.g. "The trace
    /// formula"); <paramref name="hint"/>, when given, says what to use instead.</summary>
    public NotZeroLossException(string formula, double relativeResidual, double tolerance, string? hint = null)
        : base($"{formula} holds only at zero-loss points (P(W) = M, where H = JᵀJ), but here the relative residual " +
               string.Create(CultureInfo.InvariantCulture, $"‖P(W) − M‖_F/‖M‖_F is {relativeResidual:G3} > {tolerance:G3} (theory §2.2, §2.9).") + (hint is null ? "" : " " + hint))
    {
        Formula = formula;
        RelativeResidual = relativeResidual;
        Tolerance = tolerance;
    }

    /// <summary>What was asked for.</summary>
    public string Formula { get; }

    /// <summary>The measured relative residual ‖P(W) − M‖_F/‖M‖_F.</summary>
    public double RelativeResidual { get; }

    /// <summary>The tolerance it exceeded.</summary>
    public double Tolerance { get; }
}
