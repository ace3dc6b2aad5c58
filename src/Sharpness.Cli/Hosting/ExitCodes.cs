using Sharpness.IO;

namespace Sharpness.Cli.Hosting;

/// <summary>
/// The exit codes of the <c>sharpness</c> command: 0 on success, and one distinct code per kind of failure, so
/// scripts can tell a typo on the command line from a bad file from a point that is not a minimizer.
/// </summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>An unexpected internal error (a bug; the message names the exception type).</summary>
    public const int InternalError = 1;
    /// <summary>The command line is wrong: unknown verb or option, missing argument, or a bad option value.</summary>
    public const int Usage = 2;
    /// <summary>An input file (a layer, the target, a data file) does not exist.</summary>
    public const int FileNotFound = 3;
    /// <summary>A file exists but cannot be read (permissions, a directory, I/O error, unknown extension).</summary>
    public const int FileUnreadable = 4;
    /// <summary>A .npy file is malformed (magic, version, header dict, data length).</summary>
    public const int MalformedNpy = 5;
    /// <summary>A .npy file has a dtype that is not a real number type (complex, extended precision, strings,
    /// objects, dates), or an 8-byte integer entry that no double holds exactly.</summary>
    public const int UnsupportedDtype = 6;
    /// <summary>An array is not a non-empty matrix (1-D, 3-D or higher, zero dimension).</summary>
    public const int UnsupportedShape = 7;
    /// <summary>A .csv file is malformed (ragged rows, blank line, empty cell, not a number).</summary>
    public const int MalformedCsv = 8;
    /// <summary>An entry is NaN or ±∞ (in a file, or <see cref="NonFiniteEntryException"/>).</summary>
    public const int NonFinite = 9;
    /// <summary>The layers do not chain, or the target does not have the product's shape (in a file, or
    /// <see cref="ShapeMismatchException"/>).</summary>
    public const int ShapeMismatch = 10;
    /// <summary>A point that is not a zero-loss point of the target where one is needed (escape, or a zero-loss
    /// formula; <see cref="NotZeroLossException"/>), or with data not a least-squares optimum where one is needed
    /// (<see cref="NotStationaryException"/>).</summary>
    public const int NotZeroLoss = 11;
    /// <summary>An output file (--html) cannot be written.</summary>
    public const int OutputUnwritable = 12;
    /// <summary>The input is valid but outside what double precision or the formulas support: the product or the
    /// sharpness overflows (<see cref="NotRepresentableException"/>), or the point is outside a formula's domain
    /// (<see cref="OutsideDomainException"/>, e.g. escape from W₁ = W₂ = 0); the message says why.</summary>
    public const int NotComputable = 13;

    /// <summary>The exit code for a library failure: one code per subtype of <see cref="SharpnessException"/>.</summary>
    public static int For(SharpnessException error) => error switch
    {
        WeightFileException w => For(w.Kind),
        NonFiniteEntryException => NonFinite,
        ShapeMismatchException => ShapeMismatch,
        NotZeroLossException or NotStationaryException => NotZeroLoss,
        OutsideDomainException or NotRepresentableException or TooLargeException => NotComputable,
        _ => InternalError,
    };

    /// <summary>The exit code for a weight-file failure.</summary>
    public static int For(WeightFileErrorKind kind) => kind switch
    {
        WeightFileErrorKind.NotFound => FileNotFound,
        WeightFileErrorKind.Unreadable => FileUnreadable,
        WeightFileErrorKind.MalformedNpy => MalformedNpy,
        WeightFileErrorKind.UnsupportedDtype => UnsupportedDtype,
        WeightFileErrorKind.UnsupportedShape => UnsupportedShape,
        WeightFileErrorKind.MalformedCsv => MalformedCsv,
        WeightFileErrorKind.NonFinite => NonFinite,
        WeightFileErrorKind.ShapeMismatch => ShapeMismatch,
        _ => InternalError,
    };
}
