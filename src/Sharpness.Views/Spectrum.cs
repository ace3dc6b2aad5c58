namespace Sharpness.Views;

/// <summary>A list of eigenvalues to display or chart, largest first.</summary>
/// <param name="Eigenvalues">The eigenvalues, largest first.</param>
/// <param name="Label">What they are the spectrum of (shown as the title).</param>
public sealed record Spectrum(IReadOnlyList<double> Eigenvalues, string Label = "Spectrum")
{
    /// <summary>Sorts <paramref name="eigenvalues"/> largest first.</summary>
    public static Spectrum Of(IEnumerable<double> eigenvalues, string label = "Spectrum")
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        return new Spectrum(eigenvalues.OrderByDescending(x => x).ToArray(), label);
    }

    /// <summary>Eigenvalues with |λ| &gt; tol · max|λ| (numerically nonzero); none for an empty spectrum.</summary>
    public IReadOnlyList<double> Nonzero(double relativeTolerance = 1e-11)
    {
        if (Eigenvalues.Count == 0) return [];
        double scale = Eigenvalues.Max(Math.Abs);
        return Eigenvalues.Where(x => Math.Abs(x) > relativeTolerance * scale).ToArray();
    }
}
