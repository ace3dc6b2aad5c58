using System.Collections;
using System.Reflection;

namespace Sharpness.Views.Formatting;

/// <summary>
/// Rows of any type (anonymous types included) shown as one table: a column per public property, numbers formatted for
/// reading. Notebooks use it for small result tables, e.g. <c>TableView.Of(runs.Select(r => new { r.C, r.Outcome }))</c>.
/// </summary>
public sealed class TableView
{
    private TableView(string? title, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        Title = title;
        Headers = headers;
        Rows = rows;
    }

    /// <summary>Optional caption.</summary>
    public string? Title { get; }

    /// <summary>Column names (the properties of the row type).</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>Cell values, row by row.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    /// <summary>A table with one row per item and one column per public instance property of <typeparamref name="T"/>.</summary>
    public static TableView Of<T>(IEnumerable<T> rows, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        var values = rows.Select(r => (IReadOnlyList<object?>)properties.Select(p => r is null ? null : p.GetValue(r)).ToArray()).ToArray();
        return new TableView(title, properties.Select(p => p.Name).ToArray(), values);
    }

    /// <summary>HTML table in the kit's card style.</summary>
    public static string Html(TableView table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var card = new HtmlCard(table.Title ?? "Table", $"{table.Rows.Count} rows");
        card.Table(table.Headers, table.Rows.Select(r => (IReadOnlyList<string>)r.Select(Cell).ToArray()));
        return card.ToHtml("sharpness-table");
    }

    /// <summary>Tab-separated text.</summary>
    public static string Text(TableView table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return string.Join('\n', new[] { string.Join('\t', table.Headers) }
            .Concat(table.Rows.Select(r => string.Join('\t', r.Select(PlainCell)))));
    }

    private static string Cell(object? value) => value switch
    {
        null => "—",
        double d => Numbers.Html(d, 8),
        float f => Numbers.Html(f, 6),
        string s => HtmlCard.Encode(s),
        IEnumerable e => HtmlCard.Encode(string.Join(", ", e.Cast<object?>().Select(PlainCell))),
        _ => HtmlCard.Encode(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    };

    private static string PlainCell(object? value) => value switch
    {
        null => "—",
        double d => Numbers.Format(d, 8),
        float f => Numbers.Format(f, 6),
        string s => s,
        IEnumerable e => string.Join(", ", e.Cast<object?>().Select(PlainCell)),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
