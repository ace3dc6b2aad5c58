using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>
/// Is a zero-loss point flat, i.e. is its sharpness λ the smallest over all zero-loss points of the same M and widths,
/// s_min = N‖M‖₂^{2−2/N} (theory §2.7)? With ρ = λ/s_min and a human-readable reason that names the balance conditions
/// that hold or fail (§2.8).
/// </summary>
/// <remarks>
/// The verdict itself is λ ≤ s_min(1 + tolerance) (λ ≥ s_min always holds at a zero-loss point). The reason then
/// explains it with the exact characterization (<see cref="TopDirectionCondition"/>), the spectral products
/// (<see cref="SpectralBalance"/>), Frobenius balance and, at depth 2, the two terms of <see cref="DepthTwoIdentity"/>.
/// </remarks>
public sealed class FlatnessVerdict
{
    private FlatnessVerdict(bool isFlat, double sharpness, double minimal, SpectralBalance spectral,
        FrobeniusBalance frobenius, TopDirectionCondition top, DepthTwoIdentity? depthTwo, string reason, double tolerance)
    {
        IsFlat = isFlat;
        Sharpness = sharpness;
        MinimalSharpness = minimal;
        Spectral = spectral;
        Frobenius = frobenius;
        TopDirection = top;
        DepthTwo = depthTwo;
        Reason = reason;
        Tolerance = tolerance;
    }

    /// <summary>λ ≤ s_min(1 + tolerance).</summary>
    public bool IsFlat { get; }

    /// <summary>λ = λmax(H) at the point.</summary>
    public double Sharpness { get; }

    /// <summary>s_min = N‖M‖₂^{2−2/N}.</summary>
    public double MinimalSharpness { get; }

    /// <summary>ρ = λ/s_min (∞ when s_min = 0 &lt; λ; 1 when both vanish).</summary>
    public double Ratio => MinimalSharpness > 0 ? Sharpness / MinimalSharpness : Sharpness > 0 ? double.PositiveInfinity : 1;

    /// <summary>Spectral-norm products and SB-w / SB-s.</summary>
    public SpectralBalance Spectral { get; }

    /// <summary>Frobenius balance F1 / F2.</summary>
    public FrobeniusBalance Frobenius { get; }

    /// <summary>The exact characterization along the top singular pair of M.</summary>
    public TopDirectionCondition TopDirection { get; }

    /// <summary>The depth-2 decomposition of λ − 2‖M‖ (null unless N = 2).</summary>
    public DepthTwoIdentity? DepthTwo { get; }

    /// <summary>Why the point is or is not flat, in words.</summary>
    public string Reason { get; }

    /// <summary>Relative tolerance of all comparisons.</summary>
    public double Tolerance { get; }

    /// <summary>Judges <paramref name="point"/> against <paramref name="target"/> (default: its own product).</summary>
    /// <exception cref="NotZeroLossException">Not a zero-loss point.</exception>
    /// <exception cref="OutsideDomainException">min_i d_i &lt; rank M.</exception>
    public static FlatnessVerdict Of(DeepFactorization point, Matrix<double>? target = null, double relativeTolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(point);
        RequireTolerance(relativeTolerance);
        return Of(ZeroLossPoint.Create(point, target, formula: "The flatness verdict"), relativeTolerance);
    }

    /// <summary>Judges a validated zero-loss point (its residual tolerance was chosen when it was created;
    /// <paramref name="relativeTolerance"/> is the tolerance of the flatness comparisons).</summary>
    /// <exception cref="OutsideDomainException">min_i d_i &lt; rank M.</exception>
    public static FlatnessVerdict Of(ZeroLossPoint zeroLoss, double relativeTolerance = 1e-9) =>
        Of(zeroLoss, ExactSharpness.Of(zeroLoss ?? throw new ArgumentNullException(nameof(zeroLoss))), relativeTolerance);

    /// <summary>The verdict given λmax already computed for this point (so a report computes λ once); every part
    /// shares one SVD of M and the point's one set of factors.</summary>
    /// <exception cref="ArgumentException"><paramref name="sharpness"/> belongs to another point.</exception>
    public static FlatnessVerdict Of(ZeroLossPoint zeroLoss, SharpnessResult sharpness, double relativeTolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(zeroLoss);
        ArgumentNullException.ThrowIfNull(sharpness);
        if (!ReferenceEquals(sharpness.Point, zeroLoss.Point))
            throw new ArgumentException("The sharpness result was computed for another point.", nameof(sharpness));
        RequireTolerance(relativeTolerance);
        var point = zeroLoss.Point;
        var m = zeroLoss.Target;
        var svd = TargetSvd.Of(zeroLoss);
        Flatness.MinimalSharpness.RequireWidths(m, point.Widths, svd.Rank);
        double minimal = Flatness.MinimalSharpness.FromNorm(svd.Largest, point.Depth);
        double lambda = sharpness.Value;
        bool flat = lambda <= minimal * (1 + relativeTolerance) || lambda == 0;
        var spectral = SpectralBalance.Of(zeroLoss, relativeTolerance);
        var frobenius = FrobeniusBalance.Of(point, relativeTolerance);
        var top = TopDirectionCondition.Evaluate(zeroLoss, lambda, relativeTolerance);
        var depthTwo = point.Depth == 2 ? DepthTwoIdentity.Evaluate(point, svd.Largest, lambda) : null;
        string reason = Explain(point, flat, lambda, minimal, spectral, frobenius, top, depthTwo);
        return new FlatnessVerdict(flat, lambda, minimal, spectral, frobenius, top, depthTwo, reason, relativeTolerance);
    }

    private static void RequireTolerance(double relativeTolerance)
    {
        if (!(relativeTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "The tolerance must be non-negative.");
    }

    private static string Explain(DeepFactorization point, bool flat, double lambda, double minimal, SpectralBalance spectral,
        FrobeniusBalance frobenius, TopDirectionCondition top, DepthTwoIdentity? depthTwo)
    {
        var inv = CultureInfo.InvariantCulture;
        string Num(double x) => x.ToString("G10", inv);
        string products = "(" + string.Join(", ", spectral.Products.Select(p => p.ToString("G6", inv))) + ")";
        int n = point.Depth;
        var parts = new List<string>();
        if (n == 1)
            return "Flat: at depth 1 the Hessian is the identity, so every point has λ = 1 = s_min.";

        parts.Add(flat
            ? $"Flat: λ = {Num(lambda)} equals the minimal sharpness s_min = {n}‖M‖₂^(2−2/{n}) = {Num(minimal)}."
            : $"Not flat: λ = {Num(lambda)} exceeds the minimal sharpness s_min = {n}‖M‖₂^(2−2/{n}) = {Num(minimal)} (ρ = {Num(minimal > 0 ? lambda / minimal : double.PositiveInfinity)}).");

        if (spectral.IsStrong)
            parts.Add($"The spectral products ‖A_i‖₂‖B_i‖₂ = {products} all equal ‖M‖₂^((N−1)/N) = {Num(spectral.StrongLevel)} (SB-s), which is sufficient for flatness.");
        else if (spectral.IsWeak)
            parts.Add($"The spectral products ‖A_i‖₂‖B_i‖₂ = {products} are constant (SB-w holds) but not at the level ‖M‖₂^((N−1)/N) = {Num(spectral.StrongLevel)} (SB-s fails); a constant product alone does not make a minimizer flat.");
        else
            parts.Add($"The spectral products ‖A_i‖₂‖B_i‖₂ = {products} are not constant (SB-w fails, spread {spectral.Spread.ToString("G3", inv)})"
                + (flat ? "; flatness needs balance only along the top singular direction of M, not SB-s (theory §2.8)." : "."));

        if (depthTwo is { } d)
            parts.Add($"Depth-2 identity: λ − 2‖M‖₂ = (‖L‖₂ − ‖R‖₂)² + 2(‖L‖₂‖R‖₂ − ‖M‖₂) = {Num(d.ImbalanceTerm)} + {Num(d.ProductTerm)}"
                + (flat ? "." : d.ImbalanceTerm > d.ProductTerm
                    ? $": mostly the imbalance ‖L‖₂ = {Num(d.LeftNorm)} vs ‖R‖₂ = {Num(d.RightNorm)}."
                    : $": mostly the product ‖L‖₂‖R‖₂ = {Num(d.LeftNorm * d.RightNorm)} above ‖M‖₂ = {Num(d.TargetNorm)}."));

        if (!flat)
        {
            var failed = new List<string>();
            if (!top.IsTopEigenvector)
                failed.Add($"uvᵀ (top singular pair of M) is not a top eigenvector of K: ⟨uvᵀ, K uvᵀ⟩ = {Num(top.RayleighQuotient)} < λ");
            if (!top.ProductsAtLevel)
                failed.Add($"‖A_iᵀu‖‖B_iv‖ ≠ ‖M‖₂^((N−1)/N) = {Num(top.Level)} at layer(s) {string.Join(", ", top.MismatchedLayers)}");
            parts.Add(failed.Count > 0
                ? "Exact characterization (§2.8) fails: " + string.Join("; ", failed) + "."
                : "The top-direction conditions hold only approximately (the excess is within a few tolerances).");
        }

        parts.Add($"Frobenius balance: equal ‖W_i‖_F (F1) {(frobenius.HasEqualLayerNorms ? "holds" : "fails")}, W_(i+1)ᵀW_(i+1) = W_iW_iᵀ (F2) {(frobenius.IsGradientFlowBalanced ? "holds" : "fails")}.");
        return string.Join(" ", parts);
    }

    /// <inheritdoc />
    public override string ToString() => Reason;
}
