namespace Sharpness.Views.Charts;

/// <summary>An axis of a kit chart: its title and whether its scale is logarithmic.</summary>
/// <param name="Title">The axis title (say what is plotted and, where it helps, the scale: "loss (log scale)").</param>
/// <param name="Log">True for a log₁₀ scale.</param>
public sealed record Axis(string Title, bool Log = false)
{
    /// <summary>A linear axis.</summary>
    public static Axis Linear(string title) => new(title);

    /// <summary>A log₁₀ axis.</summary>
    public static Axis Logarithmic(string title) => new(title, true);
}
