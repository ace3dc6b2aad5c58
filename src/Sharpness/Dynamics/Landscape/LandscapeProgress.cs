namespace Sharpness.Dynamics.Landscape;

/// <summary>Progress of a loss-landscape slice (<see cref="LossLandscape.Slice"/>), reported after each β row.</summary>
/// <param name="Rows">β rows evaluated.</param>
/// <param name="TotalRows">All β rows.</param>
/// <param name="Columns">Grid points per row (the α values).</param>
public sealed record LandscapeProgress(int Rows, int TotalRows, int Columns)
{
    /// <summary>Grid points evaluated.</summary>
    public long Points => (long)Rows * Columns;

    /// <inheritdoc />
    public override string ToString() => $"{Rows}/{TotalRows} rows ({Points} of {(long)TotalRows * Columns} points)";
}
