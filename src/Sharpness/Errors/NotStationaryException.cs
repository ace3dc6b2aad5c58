using System.Globalization;

namespace Sharpness;

/// <summary>
/// The exact data-aware sharpness (theory §2.10: λmax(H) = λmax(K_X) wherever G = PS − YXᵀ = 0) was asked for at a
/// point that is not an end-to-end least-squares optimum: the relative stationarity residual
/// ‖PS − YXᵀ‖_F/‖YXᵀ‖_F exceeds the tolerance the caller chose. There H = JᵀJ + R(G) with R(G) ≠ 0, so λmax(K_X)
/// does not describe it; the certified interval does.
/// </summary>
public sealed class NotStationaryException : SharpnessException
{
    /// <summary>Creates the exception for <paramref name="formula"/> (the sentence's subject); <paramref name="hint"/>,
    /// when given, says what to use instead.</summary>
    public NotStationaryException(string formula, double relativeStationarity, double tolerance, string? hint = null)
        : base($"{formula} holds only at end-to-end least-squares optima (PS = YXᵀ, where H = JᵀJ), but here the relative " +
               string.Create(CultureInfo.InvariantCulture, $"stationarity residual ‖PS − YXᵀ‖_F/‖YXᵀ‖_F is {relativeStationarity:G3} > {tolerance:G3} (theory §2.10).") + (hint is null ? "" : " " + hint))
    {
        Formula = formula;
        RelativeStationarity = relativeStationarity;
        Tolerance = tolerance;
    }

    /// <summary>What was asked for.</summary>
    public string Formula { get; }

    /// <summary>The measured ‖PS − YXᵀ‖_F/‖YXᵀ‖_F.</summary>
    public double RelativeStationarity { get; }

    /// <summary>The tolerance it exceeded.</summary>
    public double Tolerance { get; }
}
