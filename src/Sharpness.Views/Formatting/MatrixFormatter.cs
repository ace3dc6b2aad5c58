using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.Views.Formatting;

/// <summary>Compact HTML and text for MathNet matrices and vectors: at most <see cref="MaxShown"/> rows and columns
/// (first ones, an ellipsis, the last one), 4 significant digits.</summary>
public static class MatrixFormatter
{
    /// <summary>Largest number of rows/columns shown in full.</summary>
    public const int MaxShown = 8;

    private const int Digits = 4;

    /// <summary>HTML for a matrix.</summary>
    public static string Html(Matrix<double> m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var rows = Shown(m.RowCount);
        var cols = Shown(m.ColumnCount);
        var card = new HtmlCard($"Matrix {m.RowCount}×{m.ColumnCount}", Truncated(m.RowCount, m.ColumnCount));
        var headers = new List<string> { "" };
        headers.AddRange(cols.Select(c => c < 0 ? "…" : c.ToString(CultureInfo.InvariantCulture)));
        card.Table(headers, rows.Select(r => (IReadOnlyList<string>)[r < 0 ? "⋮" : $"<b>{r}</b>",
            .. cols.Select(c => r < 0 || c < 0 ? "…" : Numbers.Html(m[r, c], Digits))]));
        if (m.RowCount > 0 && m.ColumnCount > 0)
            card.Note($"‖·‖_F = {Numbers.Format(m.FrobeniusNorm())}, max |entry| = {Numbers.Format(m.Enumerate().Max(Math.Abs))}");
        return card.ToHtml("sharpness-matrix");
    }

    /// <summary>HTML for a vector (shown as one row).</summary>
    public static string Html(Vector<double> v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var cols = Shown(v.Count);
        var card = new HtmlCard($"Vector ({v.Count})", Truncated(1, v.Count));
        card.Table(cols.Select(c => c < 0 ? "…" : c.ToString(CultureInfo.InvariantCulture)).ToList(),
            [cols.Select(c => c < 0 ? "…" : Numbers.Html(v[c], Digits)).ToList()]);
        if (v.Count > 0) card.Note($"‖·‖₂ = {Numbers.Format(v.L2Norm())}");
        return card.ToHtml("sharpness-vector");
    }

    /// <summary>Text for a matrix: "Matrix 2×3 [[1, 2, 3], [4, 5, 6]]" (truncated like the HTML).</summary>
    public static string Text(Matrix<double> m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var text = new StringBuilder($"Matrix {m.RowCount}×{m.ColumnCount} [");
        text.AppendJoin(", ", Shown(m.RowCount).Select(r => r < 0 ? "…" :
            "[" + string.Join(", ", Shown(m.ColumnCount).Select(c => c < 0 ? "…" : Numbers.Format(m[r, c], Digits))) + "]"));
        return text.Append(']').ToString();
    }

    /// <summary>Text for a vector.</summary>
    public static string Text(Vector<double> v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return $"Vector ({v.Count}) [" + string.Join(", ", Shown(v.Count).Select(c => c < 0 ? "…" : Numbers.Format(v[c], Digits))) + "]";
    }

    /// <summary>Indices to show; −1 marks the ellipsis.</summary>
    internal static IReadOnlyList<int> Shown(int count) =>
        count <= MaxShown ? Enumerable.Range(0, count).ToArray() : [.. Enumerable.Range(0, MaxShown - 2), -1, count - 1];

    private static string? Truncated(int rows, int cols) =>
        rows > MaxShown || cols > MaxShown ? $"showing at most {MaxShown - 1} rows/columns of {rows}×{cols}" : null;
}
