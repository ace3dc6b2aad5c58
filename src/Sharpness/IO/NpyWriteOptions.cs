namespace Sharpness.IO;

/// <summary>How <see cref="NpyFile"/> writes a matrix. The defaults are what numpy.save writes for a C-contiguous
/// float64 array.</summary>
public sealed record NpyWriteOptions
{
    /// <summary>Element type; float32 rounds each entry to the nearest single.</summary>
    public NpyDtype Dtype { get; init; } = NpyDtype.Float64;

    /// <summary>Write the data column by column (Fortran order) instead of row by row.</summary>
    public bool FortranOrder { get; init; }

    /// <summary>Format major version 1, 2 or 3 (1: 2-byte header length; 2: 4-byte; 3: 4-byte, UTF-8 header).</summary>
    public int Version { get; init; } = 1;

    /// <summary>The defaults.</summary>
    public static NpyWriteOptions Default { get; } = new();
}
