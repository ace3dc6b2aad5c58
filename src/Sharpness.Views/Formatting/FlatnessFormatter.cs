using Sharpness.Flatness;

namespace Sharpness.Views.Formatting;

/// <summary>HTML and text for flatness verdicts (theory §2.7–2.8) and sharpness bounds.</summary>
public static class FlatnessFormatter
{
    /// <summary>The verdict as a short table of conditions, each ✓ or ✗ with its numbers, and one sentence that says
    /// which of them decides (the full reasoning stays available as <see cref="FlatnessVerdict.Reason"/>).</summary>
    public static string Html(FlatnessVerdict v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var card = new HtmlCard($"Flatness verdict: {(v.IsFlat ? "flat" : "not flat")}",
            "flat ⟺ λ = s_min = N‖M‖₂^(2−2/N), the smallest sharpness over all zero-loss points of M");
        string level = Numbers.Html(v.Spectral.StrongLevel);
        string products = string.Join(", ", v.Spectral.Products.Select(p => Numbers.Html(p, 6)));
        var rows = new List<IReadOnlyList<string>>
        {
            Condition(v.IsFlat, "flat: λ = s_min", $"λ = {Numbers.Html(v.Sharpness, 8)}, s_min = {Numbers.Html(v.MinimalSharpness, 8)}, ρ = λ/s_min = {Numbers.Html(v.Ratio, 6)}"),
            Condition(v.Spectral.IsWeak, "SB-w: products ‖A_i‖₂‖B_i‖₂ equal", $"({products})"),
            Condition(v.Spectral.IsStrong, "SB-s: products equal to ‖M‖₂^((N−1)/N)", $"level {level}"),
            Condition(v.TopDirection.Holds, "top-direction condition (exact characterization)",
                v.TopDirection.Holds ? "uvᵀ is a top eigenvector of K and balanced along it" : "fails: " + TopDirectionFailure(v.TopDirection)),
            Condition(v.Frobenius.HasEqualLayerNorms, "F1: equal ‖W_i‖_F", string.Join(", ", v.Frobenius.LayerNorms.Select(x => Numbers.Html(x, 6)))),
            Condition(v.Frobenius.IsGradientFlowBalanced, "F2: W_(i+1)ᵀW_(i+1) = W_iW_iᵀ", ""),
        };
        if (v.DepthTwo is { } d2)
            rows.Add(Condition(d2.Excess <= v.Tolerance * v.Sharpness, "depth 2: λ − 2‖M‖₂ = (‖L‖₂−‖R‖₂)² + 2(‖L‖₂‖R‖₂−‖M‖₂) = 0",
                $"{Numbers.Html(d2.Excess)} = {Numbers.Html(d2.ImbalanceTerm)} + {Numbers.Html(d2.ProductTerm)}"));
        card.Table(["", "condition", "value"], rows);
        card.Note(Sentence(v));
        return card.ToHtml("sharpness-flatness");
    }

    private static IReadOnlyList<string> Condition(bool holds, string name, string valueHtml) =>
        [holds ? "<span style=\"color:#1a7f37;font-weight:600\">✓</span>" : "<span style=\"color:#cf222e;font-weight:600\">✗</span>", HtmlCard.Encode(name), valueHtml];

    private static string TopDirectionFailure(TopDirectionCondition t) =>
        !t.IsTopEigenvector ? "uvᵀ is not a top eigenvector of K" : $"unbalanced along uvᵀ at layer(s) {string.Join(", ", t.MismatchedLayers)}";

    /// <summary>One sentence: the verdict and the condition that explains it.</summary>
    public static string Sentence(FlatnessVerdict v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (v.IsFlat)
            return v.Spectral.IsStrong
                ? "Flat, as SB-s guarantees (SB-s is sufficient at every depth)."
                : "Flat without SB-s: balance holds along the top singular direction of M only (SB-s is sufficient, not necessary, at depth ≥ 3).";
        return v.Spectral.IsWeak
            ? "Not flat although the products are equal: they sit above the level ‖M‖₂^((N−1)/N) (SB-w without SB-s)."
            : "Not flat: the products are not balanced at the level ‖M‖₂^((N−1)/N).";
    }

    /// <summary>One-line text.</summary>
    public static string Text(FlatnessVerdict v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return $"{(v.IsFlat ? "flat" : "not flat")}: λ = {Numbers.Format(v.Sharpness, 10)}, s_min = {Numbers.Format(v.MinimalSharpness, 10)}, ρ = {Numbers.Format(v.Ratio, 8)}. {v.Reason}";
    }

    /// <summary>HTML card for max_i ‖A_i‖₂²‖B_i‖₂² ≤ λmax ≤ Σ_i ‖A_i‖₂²‖B_i‖₂².</summary>
    public static string Html(SharpnessBounds b)
    {
        ArgumentNullException.ThrowIfNull(b);
        var card = new HtmlCard("Sharpness bounds", "max_i ‖A_i‖₂²‖B_i‖₂² ≤ λmax ≤ Σ_i ‖A_i‖₂²‖B_i‖₂²");
        card.Row("lower", Numbers.Html(b.Lower, 10));
        card.Row("upper", Numbers.Html(b.Upper, 10));
        card.Table(["layer i", "‖A_i‖₂²‖B_i‖₂²"], b.Terms.Select((t, i) => (IReadOnlyList<string>)[$"{i + 1}", Numbers.Html(t)]));
        return card.ToHtml("sharpness-bounds");
    }

    /// <summary>One-line text.</summary>
    public static string Text(SharpnessBounds b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return $"{Numbers.Format(b.Lower, 10)} ≤ λmax ≤ {Numbers.Format(b.Upper, 10)}";
    }

    private static string YesNo(bool value) => HtmlCard.Badge(value, value ? "yes" : "no");
}
