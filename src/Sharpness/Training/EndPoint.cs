using MathNet.Numerics.LinearAlgebra;
using Sharpness.Certified;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.Model;
using Sharpness.LinearAlgebra;

namespace Sharpness.Training;

/// <summary>
/// What a track ended at: at a zero-loss point (‖P − M‖_F/‖M‖_F within tolerance) the exact sharpness by the kit's
/// exact routes, s_min = N‖M‖₂^(2−2/N), ρ and the flatness verdict; otherwise the certified interval for λmax(H)
/// (<see cref="CertifiedSharpness"/>) instead of calling the point a minimizer. The spectral and Frobenius balance
/// of the layers are reported in both cases.
/// </summary>
public sealed class EndPoint
{
    /// <summary>The point.</summary>
    public required DeepFactorization Point { get; init; }

    /// <summary>½‖P − M‖²_F.</summary>
    public required double Loss { get; init; }

    /// <summary>The loss residual ‖P − M‖_F/‖M‖_F (absolute when M = 0).</summary>
    public required double RelativeLossResidual { get; init; }

    /// <summary>True when the zero-loss formulas apply (residual within tolerance).</summary>
    public required bool IsZeroLoss { get; init; }

    /// <summary>Exact λmax(H) at a zero-loss point (null otherwise: see <see cref="Certified"/>).</summary>
    public double? ExactSharpness { get; init; }

    /// <summary>The exact route used (null off zero loss).</summary>
    public string? Route { get; init; }

    /// <summary>The certified interval for λmax(H), off zero loss only.</summary>
    public CertifiedSharpness? Certified { get; init; }

    /// <summary>The best single value of λmax(H): exact at zero loss, else the HVP-Lanczos value (inside the
    /// certified interval).</summary>
    public double Sharpness => ExactSharpness ?? Certified!.HessianLambda;

    /// <summary>N‖M‖₂^(2−2/N) (null when min_i d_i &lt; rank M).</summary>
    public double? MinimalSharpness { get; init; }

    /// <summary>ρ = λmax/s_min at a zero-loss point (null otherwise, or when s_min = 0).</summary>
    public double? Rho { get; init; }

    /// <summary>Flat (λmax = s_min within tolerance), at a zero-loss point only.</summary>
    public bool? Flat { get; init; }

    /// <summary>The verdict's explanation, or why there is none.</summary>
    public required string FlatnessReason { get; init; }

    /// <summary>‖A_i‖₂‖B_i‖₂, i = 1..N (spectral-norm balance: all equal to ‖M‖₂^((N−1)/N) ⟺ SB-s).</summary>
    public required IReadOnlyList<double> SpectralProducts { get; init; }

    /// <summary>‖M‖₂^((N−1)/N), the strong spectral balance level.</summary>
    public required double StrongLevel { get; init; }

    /// <summary>‖W_i‖_F, i = 1..N.</summary>
    public required IReadOnlyList<double> LayerNorms { get; init; }

    /// <summary>‖W_(i+1)ᵀW_(i+1) − W_iW_iᵀ‖_F / max(‖W_(i+1)‖_F², ‖W_i‖_F²), i = 1..N−1 (0 ⟺ gradient-flow
    /// balanced, F2).</summary>
    public required IReadOnlyList<double> GramMismatch { get; init; }

    /// <summary>Analyzes <paramref name="point"/> against <paramref name="target"/>.</summary>
    public static EndPoint Of(DeepFactorization point, Matrix<double> target, double residualTolerance = ZeroLossPoint.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(target);
        var loss = new FactorizationLoss(point, target);
        var hessian = HessianSharpness.Of(point, target, residualTolerance); // exact at zero loss, HVP-Lanczos elsewhere
        var exact = hessian.Exact;
        bool zeroLoss = exact is not null;
        double? sMin = null;
        string? sMinProblem = null;
        try { sMin = Flatness.MinimalSharpness.Of(target, point.Widths); }
        catch (OutsideDomainException e) { sMinProblem = e.Message; }

        CertifiedSharpness? certified = null;
        bool? flat = null;
        double? rho = null;
        string reason;
        if (exact is not null)
        {
            if (sMin is { } s)
            {
                rho = s > 0 ? exact.Value / s : null;
                flat = exact.Value <= s * (1 + FlatnessVerdict.DefaultTolerance) || exact.Value == 0;
                reason = FormattableString.Invariant(
                    $"{(flat.Value ? "Flat" : "Not flat")}: λmax = {exact.Value:G10} {(flat.Value ? "=" : ">")} s_min = N‖M‖₂^(2−2/N) = {s:G10}{(rho is { } r ? FormattableString.Invariant($" (ρ = {r:G6})") : "")}.");
            }
            else reason = $"No flatness verdict: {sMinProblem}";
        }
        else
        {
            certified = CertifiedSharpness.Of(hessian); // on the same HVP-Lanczos run
            reason = FormattableString.Invariant(
                $"Not a zero-loss point (‖P − M‖_F/‖M‖_F = {loss.RelativeResidual:G3} > {residualTolerance:G3}), so no flatness verdict; λmax(H) ∈ [{certified.Lower:G10}, {certified.Upper:G10}] (certified, Weyl).");
        }

        var frob = FrobeniusBalance.Of(point);
        double level = Math.Pow(CompactSvd.Of(target).Largest, (point.Depth - 1.0) / point.Depth);
        return new EndPoint
        {
            Point = point,
            Loss = loss.Value,
            RelativeLossResidual = loss.RelativeResidual,
            IsZeroLoss = zeroLoss,
            ExactSharpness = exact?.Value,
            Route = exact?.Route.ToString(),
            Certified = certified,
            MinimalSharpness = sMin,
            Rho = rho,
            Flat = flat,
            FlatnessReason = reason,
            SpectralProducts = SpectralBalance.ProductsOf(point),
            StrongLevel = level,
            LayerNorms = frob.LayerNorms,
            GramMismatch = frob.GramMismatch,
        };
    }
}
