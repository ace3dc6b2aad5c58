using System.Text;

namespace Sharpness.Views.Formatting;

/// <summary>
/// The kit's one HTML layout for values: a titled card with a key/value table and optional data tables, styled with
/// inline CSS only (notebook outputs and the static site carry no stylesheet).
/// </summary>
internal sealed class HtmlCard(string title, string? subtitle = null)
{
    private const string CardStyle = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:13px;"
        + "border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:4px 0;display:inline-block;max-width:100%;overflow-x:auto;";
    private const string TitleStyle = "font-weight:600;font-size:14px;margin-bottom:2px;";
    private const string SubtitleStyle = "color:#57606a;margin-bottom:6px;";
    private const string TableStyle = "border-collapse:collapse;margin:4px 0;";
    private const string KeyStyle = "text-align:left;padding:2px 12px 2px 0;color:#57606a;font-weight:normal;white-space:nowrap;";
    private const string CellStyle = "text-align:right;padding:2px 8px;font-family:SFMono-Regular,Consolas,monospace;white-space:nowrap;";
    private const string HeaderStyle = "text-align:right;padding:2px 8px;border-bottom:1px solid #d0d7de;font-weight:600;white-space:nowrap;";
    private const string NoteStyle = "color:#57606a;font-size:12px;margin-top:4px;";

    /// <summary>A green "ok" or red "warning" badge.</summary>
    public static string Badge(bool ok, string text) =>
        $"<span style=\"padding:0 6px;border-radius:8px;color:#fff;background:{(ok ? "#1a7f37" : "#cf222e")};\">{Encode(text)}</span>";

    private readonly List<(string Key, string ValueHtml)> _rows = [];
    private readonly List<string> _sections = [];
    private readonly List<string> _notes = [];

    /// <summary>Adds a key/value row; the value is already HTML (use <see cref="Encode"/> or <see cref="Numbers.Html"/>).</summary>
    public HtmlCard Row(string key, string valueHtml)
    {
        _rows.Add((key, valueHtml));
        return this;
    }

    /// <summary>Adds a table: header cells (text) and rows of HTML cells.</summary>
    public HtmlCard Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        var html = new StringBuilder();
        if (caption is not null) html.Append("<div style=\"").Append(SubtitleStyle).Append("margin-top:6px;\">").Append(Encode(caption)).Append("</div>");
        html.Append("<table style=\"").Append(TableStyle).Append("\"><thead><tr>");
        foreach (var h in headers) html.Append("<th style=\"").Append(HeaderStyle).Append("\">").Append(Encode(h)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td style=\"").Append(CellStyle).Append("\">").Append(cell).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        _sections.Add(html.ToString());
        return this;
    }

    /// <summary>Adds a note line under the tables (text).</summary>
    public HtmlCard Note(string text)
    {
        _notes.Add(Encode(text));
        return this;
    }

    /// <summary>The card's HTML.</summary>
    public string ToHtml(string cssClass)
    {
        var html = new StringBuilder();
        html.Append("<div class=\"").Append(cssClass).Append("\" style=\"").Append(CardStyle).Append("\">");
        html.Append("<div style=\"").Append(TitleStyle).Append("\">").Append(Encode(title)).Append("</div>");
        if (subtitle is not null) html.Append("<div style=\"").Append(SubtitleStyle).Append("\">").Append(Encode(subtitle)).Append("</div>");
        if (_rows.Count > 0)
        {
            html.Append("<table style=\"").Append(TableStyle).Append("\"><tbody>");
            foreach (var (key, value) in _rows)
                html.Append("<tr><th style=\"").Append(KeyStyle).Append("\">").Append(Encode(key)).Append("</th><td style=\"")
                    .Append(CellStyle).Append("text-align:left;\">").Append(value).Append("</td></tr>");
            html.Append("</tbody></table>");
        }
        foreach (var section in _sections) html.Append(section);
        foreach (var note in _notes) html.Append("<div style=\"").Append(NoteStyle).Append("\">").Append(note).Append("</div>");
        html.Append("</div>");
        return html.ToString();
    }

    /// <summary>HTML-escapes the five markup characters only, so math symbols (×, ², λ) stay readable in the source.</summary>
    public static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal);
}
