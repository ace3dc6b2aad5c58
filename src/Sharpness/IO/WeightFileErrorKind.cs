namespace Sharpness.IO;

/// <summary>What went wrong while reading a matrix file (a layer, a target, a data file). Each kind is a distinct failure a user can fix,
/// so a command line maps each one to its own exit code.</summary>
public enum WeightFileErrorKind
{
    /// <summary>The file does not exist.</summary>
    NotFound,
    /// <summary>The file exists but cannot be read (permissions, a directory, an I/O error), or has an extension
    /// other than .npy and .csv.</summary>
    Unreadable,
    /// <summary>A .npy file whose magic string, version, header dictionary or data length is not valid.</summary>
    MalformedNpy,
    /// <summary>A .npy file with a valid header whose dtype is not a real number type (complex, extended precision,
    /// strings, objects, dates, structured), or an 8-byte integer entry that no double holds exactly.</summary>
    UnsupportedDtype,
    /// <summary>An array that is not a non-empty matrix (1-D, 3-D or higher, or a zero dimension).</summary>
    UnsupportedShape,
    /// <summary>A .csv file with ragged rows, an empty row or cell, or a cell that is not a number.</summary>
    MalformedCsv,
    /// <summary>An entry is NaN or ±∞.</summary>
    NonFinite,
    /// <summary>The layers do not chain (W_{i+1} needs as many columns as W_i has rows), or the target does not
    /// have the shape of the product.</summary>
    ShapeMismatch,
}
