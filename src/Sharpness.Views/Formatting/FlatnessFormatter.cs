using Sharpness.Flatness;

namespace Sharpness.Views.Formatting;

/// <summary>HTML and text for flatness verdicts (theory §2.7–2.8) and sharpness bounds.</summary>
public static class FlatnessFormatter
{
    /// <summary>HTML card: the verdict, λ against s_min, the reason, and the balance conditions behind it.</summary>
    public static string Html(FlatnessVerdict v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var card = new HtmlCard("Flatness verdict", "flat ⟺ λ = s_min = N‖M‖₂^(2−2/N), the smallest sharpness over all zero-loss points");
        card.Row("verdict", HtmlCard.Badge(v.IsFlat, v.IsFlat ? "flat" : "not flat"));
        card.Row("sharpness λ", Numbers.Html(v.Sharpness, 10));
        card.Row("minimal sharpness s_min", Numbers.Html(v.MinimalSharpness, 10));
        card.Row("ratio ρ = λ/s_min", Numbers.Html(v.Ratio, 8));
        card.Row("spectral balance", $"weak (SB-w): {YesNo(v.Spectral.IsWeak)}, strong (SB-s): {YesNo(v.Spectral.IsStrong)}, spread {Numbers.Html(v.Spectral.Spread, 3)}");
        card.Row("Frobenius balance", $"equal layer norms: {YesNo(v.Frobenius.HasEqualLayerNorms)}, gradient-flow balanced: {YesNo(v.Frobenius.IsGradientFlowBalanced)}");
        card.Row("top-direction condition", YesNo(v.TopDirection.Holds));
        if (v.DepthTwo is { } d2)
            card.Row("depth 2: λ − 2‖M‖₂", $"{Numbers.Html(d2.Excess)} = (‖L‖₂ − ‖R‖₂)² {Numbers.Html(d2.ImbalanceTerm)} + 2(‖L‖₂‖R‖₂ − ‖M‖₂) {Numbers.Html(d2.ProductTerm)}");
        card.Table(["layer i", "‖A_i‖₂‖B_i‖₂", "‖W_i‖_F"],
            v.Spectral.Products.Select((p, i) => (IReadOnlyList<string>)[$"{i + 1}", Numbers.Html(p), i < v.Frobenius.LayerNorms.Count ? Numbers.Html(v.Frobenius.LayerNorms[i]) : ""]));
        card.Note(v.Reason);
        card.Note($"relative tolerance {Numbers.Format(v.Tolerance, 3)}");
        return card.ToHtml("sharpness-flatness");
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
