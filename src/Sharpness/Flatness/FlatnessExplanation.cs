using System.Globalization;

namespace Sharpness.Flatness;

/// <summary>
/// The English explanation of a <see cref="FlatnessVerdict"/>, built from the verdict's data only (the verdict computes,
/// this type writes), so a report or a notebook can show the numbers its own way and still quote the same sentence.
/// </summary>
public static class FlatnessExplanation
{
    /// <summary>The verdict in words: flat or not with λ and s_min, the spectral products and SB-w / SB-s, at depth
    /// 2 the identity's two terms, when not flat the conditions of the exact characterization that fail, and Frobenius
    /// balance F1 / F2 (invariant culture).</summary>
    public static string Of(FlatnessVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        bool flat = verdict.IsFlat;
        double lambda = verdict.Sharpness, minimal = verdict.MinimalSharpness;
        var spectral = verdict.Spectral;
        var frobenius = verdict.Frobenius;
        var top = verdict.TopDirection;
        var depthTwo = verdict.DepthTwo;
        var inv = CultureInfo.InvariantCulture;
        string Num(double x) => x.ToString("G10", inv);
        // ‖L‖₂‖R‖₂ ≥ ‖M‖₂, so a negative product term is rounding: "a − b (rounding)", never "a + -b".
        string Signed(double x) => x < 0 ? $"− {Num(-x)} (rounding; the term is ≥ 0)" : $"+ {Num(x)}";
        string products = "(" + string.Join(", ", spectral.Products.Select(p => p.ToString("G6", inv))) + ")";
        int n = verdict.Depth;
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
            parts.Add($"Depth-2 identity: λ − 2‖M‖₂ = (‖L‖₂ − ‖R‖₂)² + 2(‖L‖₂‖R‖₂ − ‖M‖₂) = {Num(d.ImbalanceTerm)} {Signed(d.ProductTerm)}"
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
}
