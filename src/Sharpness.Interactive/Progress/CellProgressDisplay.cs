using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Sharpness.Interactive.Formatting;

namespace Sharpness.Interactive;

/// <summary>
/// The one progress output of a notebook cell (see <see cref="CellProgress"/>): a row per operation, displayed on the
/// first report with <c>KernelInvocationContext.Display</c> and updated in place with <see cref="DisplayedValue.Update"/>.
/// One instance per kernel invocation context, i.e. per submitted cell.
/// </summary>
internal sealed class CellProgressDisplay
{
    private static readonly ConditionalWeakTable<KernelInvocationContext, CellProgressDisplay> PerCell = new();

    private readonly Lock _gate = new();
    private readonly KernelInvocationContext _context;
    private readonly List<Row> _rows = new();
    private readonly Stopwatch _sinceUpdate = new();
    private DisplayedValue? _displayed;

    private CellProgressDisplay(KernelInvocationContext context) => _context = context;

    /// <summary>The display of the cell that is running on this thread (or flowed to it), or null outside a cell.</summary>
    public static CellProgressDisplay? ForCurrentCell() =>
        KernelInvocationContext.Current is { } context ? PerCell.GetValue(context, c => new CellProgressDisplay(c)) : null;

    /// <summary>One operation's line.</summary>
    internal sealed class Row(string title)
    {
        public string Title { get; } = title;
        public ProgressStep? Last { get; set; }
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
    }

    public Row AddRow(string title)
    {
        var row = new Row(title);
        lock (_gate) _rows.Add(row);
        return row;
    }

    public void Report(Row row, ProgressStep step)
    {
        lock (_gate)
        {
            var wasComplete = row.Last is { IsComplete: true };
            row.Last = step;
            if (step.IsComplete) row.Clock.Stop();
            else if (wasComplete) row.Clock.Start(); // the same reporter used again (e.g. GD, then gradient flow)
            var due = _displayed is null || (step.IsComplete && !wasComplete) || _sinceUpdate.Elapsed >= CellProgress.MinimumInterval;
            if (!due) return;
            var view = Snapshot();
            ProgressView.EnsureFormatters();
            if (_displayed is null) _displayed = _context.Display(view, HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
            else _displayed.Update(view);
            _sinceUpdate.Restart();
        }
    }

    private ProgressView Snapshot() => new(_rows.Where(r => r.Last is not null)
        .Select(r => new ProgressView.Line(r.Title, r.Last!.Value, r.Clock.Elapsed)).ToList());
}

/// <summary>A snapshot of a cell's progress display, as its formatters render it.</summary>
/// <param name="Lines">One line per operation that has reported.</param>
public sealed record ProgressView(IReadOnlyList<ProgressView.Line> Lines)
{
    /// <summary>One operation: its title, last report and time since its reporter was made.</summary>
    /// <param name="Title">E.g. "sweep".</param>
    /// <param name="Step">The last report.</param>
    /// <param name="Elapsed">Time since the reporter was made (until completion once done).</param>
    public sealed record Line(string Title, ProgressStep Step, TimeSpan Elapsed);

    /// <summary>CSS class of the display's root element (the site and tests find it by this).</summary>
    public const string CssClass = "sharpness-progress";

    /// <summary>One line per operation: "sweep: 12/40 runs · 0.4 s", "… · done in 1.2 s" once complete.</summary>
    public string ToText() => string.Join("\n", Lines.Select(l => $"{l.Title}: {l.Step.Text} · {Time(l)}"));

    /// <summary>A progress bar and the line of text per operation.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder($"<div class=\"{CssClass}\" style=\"font-family:sans-serif;font-size:90%\">");
        foreach (var l in Lines)
        {
            html.Append("<div class=\"sharpness-progress-line\">")
                .Append("<progress max=\"1\" value=\"").Append(l.Step.Fraction.ToString("0.###", CultureInfo.InvariantCulture))
                .Append("\" style=\"width:12em;vertical-align:middle\"></progress> <b>")
                .Append(WebUtility.HtmlEncode(l.Title)).Append("</b>: ").Append(WebUtility.HtmlEncode(l.Step.Text))
                .Append(" · ").Append(WebUtility.HtmlEncode(Time(l))).Append("</div>");
        }
        return html.Append("</div>").ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToText();

    private static string Time(Line l) =>
        (l.Step.IsComplete ? "done in " : "") + l.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    // The display formats through the host's Formatter (DisplayedValue.Update does); the kit registers these with
    // the others, and this covers a host that reset its formatters, or a reporter used before Kit.Load.
    internal static void EnsureFormatters()
    {
        if (Formatter.GetPreferredFormatterFor(typeof(ProgressView), HtmlFormatter.MimeType) is KitFormatter<ProgressView>) return;
        Register();
    }

    internal static void Register()
    {
        Formatter.Register(new KitFormatter<ProgressView>(HtmlFormatter.MimeType, v => v.ToHtml()));
        Formatter.Register(new KitFormatter<ProgressView>(PlainTextFormatter.MimeType, v => v.ToText()));
        Formatter.SetPreferredMimeTypesFor(typeof(ProgressView), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }
}
