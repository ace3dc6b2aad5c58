using Plotly.NET;

namespace Sharpness.Views.Charts;

/// <summary>
/// The kit's chart builders: each returns a titled Plotly.NET figure with axis titles (and a legend when there are
/// several traces). In a notebook the kit's formatter renders it (see <see cref="ChartHtml"/>); elsewhere use
/// <see cref="ChartHtml.Page(GenericChart, string?)"/> or <see cref="FigureInfo.Of"/>.
/// </summary>
public static partial class Charts
{
    /// <summary>A generic chart of one y series against x (a line, or markers when <paramref name="points"/>).</summary>
    public static GenericChart XY(IEnumerable<double> x, IEnumerable<double> y, string title, Axis xAxis, Axis yAxis,
        string name = "data", bool points = false)
    {
        var figure = new FigureBuilder();
        if (points) figure.Points(x, y, name, TraceStyle.Palette.Data);
        else figure.Line(x, y, name, TraceStyle.DataLine);
        return figure.Build(title, xAxis, yAxis);
    }

    /// <summary>A generic chart of several named y series against x values of their own.</summary>
    public static GenericChart XY(IEnumerable<Series> series, string title, Axis xAxis, Axis yAxis)
    {
        ArgumentNullException.ThrowIfNull(series);
        var figure = new FigureBuilder();
        foreach (var s in series)
        {
            if (s.Points) figure.Points(s.X, s.Y, s.Name, s.Style?.Color);
            else figure.Line(s.X, s.Y, s.Name, s.Style);
        }
        return figure.Build(title, xAxis, yAxis);
    }
}

/// <summary>A named (x, y) series for <see cref="Charts.XY(IEnumerable{Series}, string, Axis, Axis)"/>.</summary>
/// <param name="Name">Legend name.</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values (same count as x).</param>
/// <param name="Points">Markers only instead of a line.</param>
/// <param name="Style">Color/dash; null for the colorway.</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Points = false, TraceStyle? Style = null);
