using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Certified;

/// <summary>
/// A certified answer for λmax(H) at any point, in particular off zero loss, where the exact zero-loss formulas do not
/// apply: H = JᵀJ + R(E), λmax(JᵀJ) = λmax(K) at every point, ‖R(E)‖₂ ≤ r (<see cref="ResidualTermBound"/>), so by
/// Weyl's inequality λmax(H) ∈ [λmax(K) − r, λmax(K) + r]. The lower end is raised to the Rayleigh quotient of the
/// HVP-Lanczos top Ritz vector, itself a lower bound of λmax(H).
/// </summary>
/// <remarks>
/// <para>Also reported, because they do not need zero loss: s_min of the target (when the widths admit zero loss,
/// min_i d_i ≥ rank M) and ρ relative to it, and tr H = Σ_i‖A_i‖_F²‖B_i‖_F², which holds at every point because the
/// diagonal of R(E) vanishes (P is linear in each single layer, so ∂²P/∂W_i² = 0). ‖H‖_F has no such identity off
/// zero loss (‖H‖_F² = ‖JᵀJ‖_F² + 2⟨JᵀJ, R⟩ + ‖R‖_F²), so it is not reported here.</para>
/// <para>The K side of the interval is widened by the eigen-residual of the computed λmax(K); the dense and closed-form
/// routes are accurate to rounding, the K-Lanczos route assumes Lanczos found the top eigenvalue (a Ritz value is
/// always ≤ λmax).</para>
/// </remarks>
public sealed class CertifiedSharpness
{
    /// <summary>λmax(H) from Lanczos on the exact HVP (a Rayleigh quotient: never above the true λmax).</summary>
    public required double HessianLambda { get; init; }

    /// <summary>‖Hv − λv‖ of the HVP-Lanczos pair.</summary>
    public required double HessianEigenResidual { get; init; }

    /// <summary>Lanczos steps of the HVP run.</summary>
    public required int HessianIterations { get; init; }

    /// <summary>λmax(K) = λmax(JᵀJ) at this point (K(X) = Σ A_iA_iᵀ X B_iᵀB_i), by the kit's exact routes.</summary>
    public required double KLambda { get; init; }

    /// <summary>The eigen-residual of <see cref="KLambda"/>.</summary>
    public required double KEigenResidual { get; init; }

    /// <summary>The route that computed <see cref="KLambda"/>.</summary>
    public required SharpnessRoute KRoute { get; init; }

    /// <summary>The bound r ≥ ‖R(E)‖₂.</summary>
    public required double ResidualTermBound { get; init; }

    /// <summary>Certified lower end: max(λmax(K) − r − res_K, HVP Rayleigh quotient), minus a 1e-12 relative rounding
    /// margin.</summary>
    public required double Lower { get; init; }

    /// <summary>Certified upper end: λmax(K) + r + res_K, plus the 1e-12 relative rounding margin.</summary>
    public required double Upper { get; init; }

    /// <summary>Upper − Lower.</summary>
    public double Width => Upper - Lower;

    /// <summary>½‖P − M‖²_F.</summary>
    public required double Loss { get; init; }

    /// <summary>The loss residual ‖P − M‖_F/‖M‖_F (absolute when M = 0).</summary>
    public required double RelativeLossResidual { get; init; }

    /// <summary>tr H = Σ‖A_i‖_F²‖B_i‖_F² (exact at any point, see the remarks).</summary>
    public required double Trace { get; init; }

    /// <summary>N‖M‖₂^(2−2/N), or null when min_i d_i &lt; rank M (no zero-loss point exists).</summary>
    public double? MinimalSharpness { get; init; }

    /// <summary>[Lower, Upper] / s_min, or null without s_min (or s_min = 0).</summary>
    public (double Lower, double Upper)? Rho { get; init; }

    /// <summary>The safe step-size bound 2/λ for GD near this point, from the upper end (η below it is stable
    /// for the certified λmax): 2/Upper.</summary>
    public double SafeStepSize => Upper > 0 ? 2 / Upper : double.PositiveInfinity;

    /// <summary>True when the interval contains <paramref name="lambda"/>.</summary>
    public bool Contains(double lambda) => lambda >= Lower && lambda <= Upper;

    /// <summary>The certified interval at <paramref name="point"/> for <paramref name="target"/> (the HVP-Lanczos
    /// run with <paramref name="lanczos"/>, default <see cref="HessianSharpness.DefaultLanczos"/>).</summary>
    public static CertifiedSharpness Of(DeepFactorization point, Matrix<double> target, LanczosOptions? lanczos = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(target);
        return Around(point, target, HessianSharpness.LanczosOnHessian(point, target, lanczos));
    }

    /// <summary>The certified interval around a λmax(H) already computed off zero loss (so a report runs Lanczos on
    /// the HVP once); at a zero-loss point the HVP-Lanczos run is made here with the default options.</summary>
    public static CertifiedSharpness Of(HessianSharpness sharpness)
    {
        ArgumentNullException.ThrowIfNull(sharpness);
        return Around(sharpness.Point, sharpness.Target,
            sharpness.Lanczos ?? HessianSharpness.LanczosOnHessian(sharpness.Point, sharpness.Target, null));
    }

    private static CertifiedSharpness Around(DeepFactorization point, Matrix<double> target, LanczosResult top)
    {
        var loss = new FactorizationLoss(point, target);
        var k = ExactSharpness.Of(point, target, new ExactSharpnessOptions { AllowNonzeroResidual = true });
        var r = Certified.ResidualTermBound.Of(point, target).Value;
        // Both ends carry a rounding margin of 1e-12 relative: λmax(K), the Rayleigh quotient (a lower bound of
        // λmax(H) in exact arithmetic) and E = fl(P) − M are each exact only to a few ulps, which matters once the
        // Weyl width 2r is itself at rounding level (a converged point).
        double margin = 1e-12 * Math.Max(Math.Abs(k.Value) + r, Math.Abs(top.Top.Value));
        double upper = k.Value + r + k.EigenResidual + margin;
        double lower = Math.Max(k.Value - r - k.EigenResidual, top.Top.Value) - margin;
        double? sMin = null;
        try { sMin = Flatness.MinimalSharpness.Of(target, point.Widths); }
        catch (OutsideDomainException) { }
        return new CertifiedSharpness
        {
            HessianLambda = top.Top.Value,
            HessianEigenResidual = top.Top.Residual,
            HessianIterations = top.Iterations,
            KLambda = k.Value,
            KEigenResidual = k.EigenResidual,
            KRoute = k.Route,
            ResidualTermBound = r,
            Lower = lower,
            Upper = upper,
            Loss = loss.Value,
            RelativeLossResidual = loss.RelativeResidual,
            Trace = KOperator.Trace(point),
            MinimalSharpness = sMin,
            Rho = sMin is > 0 ? (lower / sMin.Value, upper / sMin.Value) : null,
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"λmax(H) ∈ [{Lower:G10}, {Upper:G10}] (HVP-Lanczos {HessianLambda:G12}, λmax(K) {KLambda:G12}, ‖R(E)‖₂ ≤ {ResidualTermBound:G4})");
}
