using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Views.Formatting;

/// <summary>HTML and text for a <see cref="DeepFactorization"/>: shapes, layer norms and the spectral products
/// ‖A_i‖₂‖B_i‖₂ (equal across layers is sufficient for flatness, theory §2.8).</summary>
public static class FactorizationFormatter
{
    /// <summary>Above this many parameters the spectral norms are skipped (they cost a Lanczos run per factor).</summary>
    public const int SpectralParameterLimit = 200_000;

    /// <summary>HTML card.</summary>
    public static string Html(DeepFactorization w)
    {
        ArgumentNullException.ThrowIfNull(w);
        bool spectral = w.ParameterCount <= SpectralParameterLimit;
        var card = new HtmlCard($"Deep factorization, depth N = {w.Depth}",
            $"widths d₀..d_N = ({string.Join(", ", w.Widths)}), {w.ParameterCount} parameters, product P = W_N⋯W_1 is {w.OutputDimension}×{w.InputDimension}");
        var rows = new List<IReadOnlyList<string>>();
        double sumSquares = 0;
        for (int i = 1; i <= w.Depth; i++)
        {
            var layer = w.Layer(i);
            var cells = new List<string> { $"W{i}", $"{layer.RowCount}×{layer.ColumnCount}", Numbers.Html(layer.FrobeniusNorm()) };
            if (spectral)
            {
                double a = SpectralNorm.Top(w.LeftFactor(i)).Value, b = SpectralNorm.Top(w.RightFactor(i)).Value;
                cells.Add(Numbers.Html(SpectralNorm.Top(layer).Value));
                cells.Add(Numbers.Html(a * b));
                sumSquares += a * a * b * b;
            }
            rows.Add(cells);
        }
        card.Table(spectral ? ["layer", "shape", "‖W_i‖_F", "‖W_i‖₂", "‖A_i‖₂‖B_i‖₂"] : ["layer", "shape", "‖W_i‖_F"], rows);
        var product = w.Product();
        card.Row("‖P‖_F", Numbers.Html(product.FrobeniusNorm()));
        if (spectral)
        {
            card.Row("‖P‖₂", Numbers.Html(SpectralNorm.Top(product).Value));
            card.Row("Σ_i ‖A_i‖₂²‖B_i‖₂²", Numbers.Html(sumSquares) + " <span style=\"color:#57606a\">(upper bound on λmax at a zero-loss point)</span>");
        }
        else card.Note($"Spectral norms skipped above {SpectralParameterLimit} parameters.");
        return card.ToHtml("sharpness-factorization");
    }

    /// <summary>One-line text.</summary>
    public static string Text(DeepFactorization w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return $"DeepFactorization N={w.Depth}, widths ({string.Join(", ", w.Widths)}), {w.ParameterCount} parameters, layer ‖W_i‖_F = ["
            + string.Join(", ", w.Layers.Select(l => Numbers.Format(l.FrobeniusNorm(), 4))) + "]";
    }
}
