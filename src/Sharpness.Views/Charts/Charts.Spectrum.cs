using Plotly.NET;

namespace Sharpness.Views.Charts;

public static partial class Charts
{
    /// <summary>Eigenvalues by index, largest first: exact (e.g. the closed form's nonzero eigenvalues) as crosses
    /// over brute force (dense Hessian) as circles, so agreement shows as crosses inside circles.</summary>
    /// <param name="exact">The exact eigenvalues (any order; sorted largest first).</param>
    /// <param name="bruteForce">The brute-force eigenvalues, or null.</param>
    /// <param name="logScale">Log y axis (non-positive eigenvalues are then left out).</param>
    /// <param name="title">The chart title.</param>
    public static GenericChart Spectrum(IEnumerable<double> exact, IEnumerable<double>? bruteForce = null, bool logScale = false,
        string title = "Hessian spectrum: exact vs brute force")
    {
        ArgumentNullException.ThrowIfNull(exact);
        var figure = new FigureBuilder();
        void Add(IEnumerable<double> values, string name, string color, string symbol, double size)
        {
            var sorted = values.OrderByDescending(x => x).ToArray();
            var keep = Enumerable.Range(0, sorted.Length).Where(i => !logScale || sorted[i] > 0).ToArray();
            figure.Points(keep.Select(i => (double)(i + 1)), keep.Select(i => sorted[i]), name, color, symbol, size);
        }
        if (bruteForce is not null) Add(bruteForce, "brute force (dense Hessian)", TraceStyle.Palette.Data, "circle", 11);
        Add(exact, "exact", TraceStyle.Palette.Theory, "x", 7);
        return figure.Build(title, Axis.Linear("index k (largest first)"),
            logScale ? Axis.Logarithmic("eigenvalue λ_k (log scale)") : Axis.Linear("eigenvalue λ_k"));
    }

    /// <summary>Spectrum chart of a <see cref="Views.Spectrum"/> against brute force.</summary>
    public static GenericChart Spectrum(Spectrum exact, Spectrum? bruteForce = null, bool logScale = false) =>
        Spectrum(exact.Eigenvalues, bruteForce?.Eigenvalues, logScale, exact.Label);
}
