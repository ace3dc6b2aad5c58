namespace Sharpness.IO;

/// <summary>
/// The one exception the weight-file readers throw for bad input: a one-line message that names the file (and the
/// row, column or header field where that applies), and a <see cref="Kind"/> a caller can map to an exit code.
/// </summary>
public sealed class WeightFileException : SharpnessException
{
    /// <summary>Creates the exception; <paramref name="detail"/> is appended to the file name.</summary>
    public WeightFileException(WeightFileErrorKind kind, string path, string detail, Exception? inner = null)
        : base($"{path}: {detail}", inner)
    {
        Kind = kind;
        Path = path;
        Detail = detail;
    }

    /// <summary>What went wrong.</summary>
    public WeightFileErrorKind Kind { get; }

    /// <summary>The file (as the caller named it).</summary>
    public string Path { get; }

    /// <summary>The message without the file name.</summary>
    public string Detail { get; }
}
