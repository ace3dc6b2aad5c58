namespace Sharpness.Views.Charts;

/// <summary>How a line or point trace looks. Colors are CSS hex strings; dashes are plotly's names.</summary>
/// <param name="Color">"#rrggbb", or null for plotly's colorway.</param>
/// <param name="Dash">"solid", "dash", "dot" or "dashdot".</param>
/// <param name="Width">Line width in pixels.</param>
/// <param name="Markers">Draw markers on a line.</param>
public sealed record TraceStyle(string? Color = null, string Dash = "solid", double Width = 2, bool Markers = false)
{
    /// <summary>The kit's palette: measured data, theory, thresholds, reference values, accents.</summary>
    public static class Palette
    {
        /// <summary>Measured or simulated data.</summary>
        public const string Data = "#1f77b4";
        /// <summary>Closed-form predictions.</summary>
        public const string Theory = "#d62728";
        /// <summary>Stability thresholds such as 2/η.</summary>
        public const string Threshold = "#2ca02c";
        /// <summary>Reference values such as the minimal sharpness.</summary>
        public const string Reference = "#9467bd";
        /// <summary>A second data series.</summary>
        public const string Accent = "#ff7f0e";
        /// <summary>Neutral annotations.</summary>
        public const string Neutral = "#7f7f7f";

        /// <summary>Distinct colours for series of the same kind (one per run or setting), colour-blind friendly
        /// (Okabe–Ito, then Tableau).</summary>
        public static IReadOnlyList<string> Series { get; } =
            ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#8c564b", "#000000"];
    }

    /// <summary>A solid line in the data color.</summary>
    public static TraceStyle DataLine { get; } = new(Palette.Data);

    /// <summary>A dashed line in the theory color.</summary>
    public static TraceStyle TheoryLine { get; } = new(Palette.Theory, "dash");

    /// <summary>A dotted line in the threshold color.</summary>
    public static TraceStyle ThresholdLine { get; } = new(Palette.Threshold, "dot");

    /// <summary>A dash-dot line in the reference color.</summary>
    public static TraceStyle ReferenceLine { get; } = new(Palette.Reference, "dashdot");
}
