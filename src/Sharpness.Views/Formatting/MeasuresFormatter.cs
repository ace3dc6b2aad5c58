using Sharpness.Measures;

namespace Sharpness.Views.Formatting;

/// <summary>Renderings of the sharpness measures (theory §4) and of a measure comparison between minimizers.</summary>
public static class MeasuresFormatter
{
    /// <summary>The measures at one zero-loss point as a small table.</summary>
    public static string Html(SharpnessMeasures m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var card = new HtmlCard("Sharpness measures at a zero-loss point", "closed forms from the Kronecker terms of K (theory §4)");
        card.Row("λmax (sharpness)", Numbers.Html(m.Sharpness, 10));
        card.Row("trace tr H", Numbers.Html(m.Trace, 10));
        card.Row("Frobenius norm ‖H‖_F", Numbers.Html(m.FrobeniusNorm, 10));
        card.Row("log pseudo-determinant", Numbers.Html(m.LogPseudoDeterminant, 10));
        card.Row("rank of H", m.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return card.ToHtml("sharpness-measures");
    }

    /// <summary>One line of plain text.</summary>
    public static string Text(SharpnessMeasures m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return $"λmax = {Numbers.Format(m.Sharpness, 10)}, tr H = {Numbers.Format(m.Trace, 10)}, ‖H‖_F = {Numbers.Format(m.FrobeniusNorm, 10)}, "
            + $"log pdet = {Numbers.Format(m.LogPseudoDeterminant, 10)}, rank {m.Rank}";
    }

    /// <summary>A comparison of minimizers of one target: λmax and trace of each, flat for which.</summary>
    public static string Html(MeasureComparison c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var card = new HtmlCard($"Measure comparison, depth {c.Depth}, M {c.Target.RowCount}×{c.Target.ColumnCount}",
            $"minimal λmax = {Numbers.Format(c.MinimalSharpness, 8)}" + (c.MinimalTrace is { } t ? $", minimal trace = {Numbers.Format(t, 8)}" : ""));
        card.Table(["minimizer", "λmax", "trace", "λmax-flat", "trace-flat"], c.Rows.Select(r => (IReadOnlyList<string>)
        [
            HtmlCard.Encode(r.Label), Numbers.Html(r.Sharpness, 8), Numbers.Html(r.Trace, 8), Mark(r.IsSharpnessFlat),
            r.IsTraceFlat is { } f ? Mark(f) : "—",
        ]));
        card.Note(c.AnyFlatForBoth ? "Some minimizer is flat for both measures." : "No minimizer in the list is flat for both measures.");
        return card.ToHtml("sharpness-comparison");
    }

    /// <summary>Plain text, one line per minimizer.</summary>
    public static string Text(MeasureComparison c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return string.Join('\n', c.Rows.Select(r => $"{r.Label}: λmax = {Numbers.Format(r.Sharpness, 8)}, trace = {Numbers.Format(r.Trace, 8)}"));
    }

    private static string Mark(bool ok) => HtmlCard.Badge(ok, ok ? "✓" : "✗");
}
