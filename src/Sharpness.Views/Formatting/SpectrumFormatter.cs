using Sharpness.Verification;

namespace Sharpness.Views.Formatting;

/// <summary>HTML and text for eigenvalue lists: count, extremes, numerically nonzero count, the top few values.</summary>
public static class SpectrumFormatter
{
    /// <summary>How many of the largest eigenvalues are listed.</summary>
    public const int Listed = 10;

    /// <summary>HTML for a <see cref="Spectrum"/>.</summary>
    public static string Html(Spectrum s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var card = new HtmlCard(s.Label, $"{s.Eigenvalues.Count} eigenvalues");
        if (s.Eigenvalues.Count == 0) return card.Note("(empty)").ToHtml("sharpness-spectrum");
        card.Row("largest", Numbers.Html(s.Eigenvalues[0], 10));
        card.Row("smallest", Numbers.Html(s.Eigenvalues[^1], 10));
        card.Row("numerically nonzero", $"{s.Nonzero().Count} (|λ| &gt; 10<sup>−11</sup>·max|λ|)");
        var top = s.Eigenvalues.Take(Listed).Select((x, k) => (IReadOnlyList<string>)[$"{k + 1}", Numbers.Html(x, 10)]);
        card.Table(["k", "λ_k"], top, s.Eigenvalues.Count > Listed ? $"largest {Listed}" : null);
        return card.ToHtml("sharpness-spectrum");
    }

    /// <summary>HTML for a brute-force Hessian spectrum.</summary>
    public static string Html(HessianSpectrum s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Html(new Spectrum(s.Eigenvalues, "Hessian spectrum (dense, brute force)"));
    }

    /// <summary>One-line text.</summary>
    public static string Text(Spectrum s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Eigenvalues.Count == 0
            ? $"{s.Label}: empty"
            : $"{s.Label}: {s.Eigenvalues.Count} eigenvalues, largest {Numbers.Format(s.Eigenvalues[0], 10)}, smallest {Numbers.Format(s.Eigenvalues[^1], 10)}, "
              + $"{s.Nonzero().Count} nonzero; top: " + string.Join(", ", s.Eigenvalues.Take(Listed).Select(x => Numbers.Format(x)));
    }

    /// <summary>One-line text for a brute-force Hessian spectrum.</summary>
    public static string Text(HessianSpectrum s) => Text(new Spectrum(s.Eigenvalues, "Hessian spectrum"));
}
