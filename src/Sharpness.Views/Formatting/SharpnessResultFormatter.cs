using System.Globalization;
using Sharpness.Exact;

namespace Sharpness.Views.Formatting;

/// <summary>HTML and text for an exact sharpness result.</summary>
public static class SharpnessResultFormatter
{
    /// <summary>Significant digits shown for λmax.</summary>
    public const int ValueDigits = 10;

    /// <summary>HTML card.</summary>
    public static string Html(SharpnessResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var card = new HtmlCard("Exact sharpness λmax(∇²𝓛)", $"½ convention, route {r.Route}: {RouteDescription(r.Route)}");
        card.Row("λmax", $"<b>{Numbers.Html(r.Value, ValueDigits)}</b>");
        if (r.Value > 0) card.Row("GD stability threshold 2/λmax", Numbers.Html(2 / r.Value, ValueDigits));
        card.Row("eigen-residual ‖KX₁ − λX₁‖_F", Numbers.Html(r.EigenResidual, 3) + $" (relative {Numbers.Html(r.RelativeEigenResidual, 3)})");
        card.Row("iterations", r.Iterations.ToString(CultureInfo.InvariantCulture));
        card.Row("relative loss residual", Numbers.Html(r.RelativeLossResidual, 3));
        card.Row("zero-loss point", HtmlCard.Badge(r.ZeroLoss, r.ZeroLoss ? "yes" : "no"));
        if (!r.ZeroLoss) card.Note("Not a zero-loss point: λmax(K) is not the Hessian's largest eigenvalue here.");
        return card.ToHtml("sharpness-result");
    }

    /// <summary>One-line text.</summary>
    public static string Text(SharpnessResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return $"λmax = {Numbers.Format(r.Value, ValueDigits)} (route {r.Route}, residual {Numbers.Format(r.EigenResidual, 3)}, {r.Iterations} iterations, "
            + $"relative loss residual {Numbers.Format(r.RelativeLossResidual, 3)}, zero loss: {(r.ZeroLoss ? "yes" : "no")})";
    }

    /// <summary>What each route computes.</summary>
    public static string RouteDescription(SharpnessRoute route) => route switch
    {
        SharpnessRoute.DepthOne => "N = 1, the Hessian is the identity",
        SharpnessRoute.ScalarChain => "scalar chain, Σ_i Π_{j≠i} w_j²",
        SharpnessRoute.VectorWidthScalar => "d₀ = d_N = 1, Σ_i ‖A_i‖²‖B_i‖²",
        SharpnessRoute.DepthTwo => "N = 2, ‖L‖₂² + ‖R‖₂²",
        SharpnessRoute.DenseK => "dense eigensolver on K",
        SharpnessRoute.LanczosK => "Lanczos on the matrix-free K",
        _ => route.ToString(),
    };
}
