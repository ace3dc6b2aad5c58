using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Data;

/// <summary>
/// λmax(∇²𝓛_X) of a deep linear network on data: exact (λmax(K_X)) at a least-squares optimum, or a certified
/// interval elsewhere (theory §2.10), with the stationarity residual, the span of the inputs, and what is not claimed.
/// </summary>
public sealed record DataSharpnessResult
{
    /// <summary>What the kit does not claim with data (theory §2.10), for reports.</summary>
    public const string NotClaimed =
        "Not claimed with data: the minimal sharpness over all minimizers, ρ, and the flatness verdict — theory §2.7's proof does " +
        "not carry over verbatim (its i = 1 term becomes A_1A_1ᵀ ⊗ S), so N‖M‖₂^(2−2/N) does not apply; the kit's data lower bound " +
        "(DataLowerBound) is a bound, not known to be the minimum.";

    /// <summary>λmax(H): exact on the K_X routes; on <see cref="DataSharpnessRoute.CertifiedHessianLanczos"/> the
    /// HVP-Lanczos Rayleigh quotient (inside [<see cref="Lower"/>, <see cref="Upper"/>]).</summary>
    public required double Value { get; init; }

    /// <summary>How <see cref="Value"/> was computed.</summary>
    public required DataSharpnessRoute Route { get; init; }

    /// <summary>True on the exact K_X routes (the point met the stationarity contract).</summary>
    public bool IsExact => Route != DataSharpnessRoute.CertifiedHessianLanczos;

    /// <summary>Certified lower end of λmax(H) (the value itself on the exact routes).</summary>
    public required double Lower { get; init; }

    /// <summary>Certified upper end of λmax(H) (the value itself on the exact routes).</summary>
    public required double Upper { get; init; }

    /// <summary>‖PS − YXᵀ‖_F/‖YXᵀ‖_F at the point.</summary>
    public required double RelativeStationarity { get; init; }

    /// <summary>τ of the stationarity contract.</summary>
    public required double StationarityTolerance { get; init; }

    /// <summary>λmax(K_X) = λmax(J_XᵀJ_X) at the point (at any point; λmax(H) only where G = 0).</summary>
    public required double KLambda { get; init; }

    /// <summary>‖K_X Z₁ − λ Z₁‖_F of the computed λmax(K_X).</summary>
    public required double KEigenResidual { get; init; }

    /// <summary>The bound r ≥ ‖R(G)‖₂ of the residual term (0 on the exact routes).</summary>
    public required double ResidualTermBound { get; init; }

    /// <summary>‖Hv − λv‖ of the HVP-Lanczos pair (certified route only).</summary>
    public double? HessianEigenResidual { get; init; }

    /// <summary>Eigensolver iterations (Lanczos steps on K_X, or on the HVP).</summary>
    public required int Iterations { get; init; }

    /// <summary>Operator applications (K_X products, or Hessian–vector products).</summary>
    public required int Applications { get; init; }

    /// <summary>½‖PX − Y‖²_F, or null when only S and C were given.</summary>
    public double? Loss { get; init; }

    /// <summary>tr H = Σ_i ‖A_i‖_F²‖B_iF‖_F² = tr K_X: exact at any point, the residual term has a zero diagonal.</summary>
    public required double Trace { get; init; }

    /// <summary>r = rank S, the dimension of the span of the inputs K_X works in.</summary>
    public required int Rank { get; init; }

    /// <summary>n, the number of input features.</summary>
    public required int InputDimension { get; init; }

    /// <summary>Why K_X works in an r-dimensional span (null when r = n).</summary>
    public string? RowSpaceNote { get; init; }

    /// <summary>The unit top eigenvector Z₁ of K_X in the span's coordinates (m × r), on the exact routes.</summary>
    public Matrix<double>? TopVector { get; init; }

    /// <summary>The point and data.</summary>
    public required DataLoss Problem { get; init; }

    /// <summary>Relative width (Upper − Lower)/Upper (0 on the exact routes).</summary>
    public double RelativeWidth => Upper > 0 ? (Upper - Lower) / Upper : 0;

    /// <summary>The safe step-size bound 2/Upper: GD with η below it is linearly stable at this point for every value
    /// λmax(H) can have.</summary>
    public double SafeStepSize => Upper > 0 ? 2 / Upper : double.PositiveInfinity;

    /// <summary>The unit top Hessian eigenvector v₁ = J_Xᵀ Z₁/√λ = (A_iᵀ Z₁ (B_iF)ᵀ)_i/√λ (theory §2.3 with B_i → B_iF),
    /// on the exact routes with λ &gt; 0.</summary>
    public DeepFactorization? TopEigenvector()
    {
        if (TopVector is not { } z || !(Value > 0)) return null;
        var f = Problem.Point.Factors;
        var root = Problem.Data.InputRoot;
        double scale = 1 / Math.Sqrt(Value);
        var v = new DeepFactorization(Enumerable.Range(0, Problem.Point.Depth)
            .Select(i => scale * f.Left[i].TransposeThisAndMultiply(z).TransposeAndMultiply(f.Right[i] * root)));
        return v.Scale(1 / v.Norm());
    }

    /// <inheritdoc />
    public override string ToString() => IsExact
        ? FormattableString.Invariant($"λmax(H) = {Value:G12} (exact, {Route}; ‖PS − YXᵀ‖_F/‖YXᵀ‖_F = {RelativeStationarity:G3})")
        : FormattableString.Invariant($"λmax(H) ∈ [{Lower:G10}, {Upper:G10}] (HVP-Lanczos {Value:G12}; ‖PS − YXᵀ‖_F/‖YXᵀ‖_F = {RelativeStationarity:G3} > τ = {StationarityTolerance:G3})");
}
