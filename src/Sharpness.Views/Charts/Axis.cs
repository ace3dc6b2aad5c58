namespace Sharpness.Views.Charts;

/// <summary>An axis of a kit chart: its title and whether its scale is logarithmic.</summary>
/// <param name="Title">The axis title (say what is plotted and, where it helps, the scale: "loss (log scale)").</param>
/// <param name="Log">True for a log₁₀ scale.</param>
/// <param name="Ticks">Explicit tick positions (labelled with their values), or null for plotly's choice.</param>
/// <param name="Range">A fixed range [from, to] in axis units (log₁₀ of the values on a log axis), or null for autorange;
/// fixed ranges keep a slider chart's axes still while the slider moves.</param>
/// <param name="TickLabels">Labels for <paramref name="Ticks"/> (same count), or null to label ticks with their values.</param>
public sealed record Axis(string Title, bool Log = false, IReadOnlyList<double>? Ticks = null, IReadOnlyList<double>? Range = null,
    IReadOnlyList<string>? TickLabels = null)
{
    /// <summary>A linear axis.</summary>
    public static Axis Linear(string title) => new(title);

    /// <summary>A log₁₀ axis.</summary>
    public static Axis Logarithmic(string title) => new(title, true);

    /// <summary>A log₁₀ axis with ticks at the given values (for ranges under a decade, where the default labels every
    /// minor tick).</summary>
    public static Axis Logarithmic(string title, params double[] ticks) => new(title, true, ticks);
}
