namespace Sharpness.Dynamics.Flat;

/// <summary>Read access to one run's current iterate, whether it owns a <see cref="GdStepper"/> or one lane of a
/// <see cref="BatchedGdStepper"/>: what the run's bookkeeping and recorder need between steps.</summary>
internal interface IGdState
{
    /// <summary>‖W − W*‖² in the order of <see cref="FlatKernels.SumOfSquares"/> / <see cref="FlatKernels.DistanceSquared"/>.</summary>
    double DistanceSquared();

    /// <summary>⟨W − W*, v⟩, summed in index order.</summary>
    double ProjectOffset(double[] v);

    /// <summary>Copies W − W* (delta mode: Δ itself).</summary>
    void CopyOffset(Span<double> destination);

    /// <summary>Copies the current W (delta mode: fl(W* + Δ)).</summary>
    void CopyPoint(Span<double> destination);
}
