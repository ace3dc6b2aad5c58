namespace Sharpness.IO;

/// <summary>
/// The one exception the matrix-file readers throw for bad input: a one-line message that names the file and, when
/// the caller gave it, the file's role ("layer W2", "target M", "inputs X (--inputs)"), then the row, column or
/// header field where that applies; and a <see cref="Kind"/> a caller can map to an exit code.
/// </summary>
public sealed class WeightFileException : SharpnessException
{
    /// <summary>Creates the exception; <paramref name="detail"/> is appended to the file name.</summary>
    public WeightFileException(WeightFileErrorKind kind, string path, string detail, Exception? inner = null)
        : this(kind, path, null, detail, inner)
    {
    }

    /// <summary>Creates the exception for a file with a role; the message is "path (role): detail".</summary>
    public WeightFileException(WeightFileErrorKind kind, string path, string? role, string detail, Exception? inner = null)
        : base(role is null ? $"{path}: {detail}" : $"{path} ({role}): {detail}", inner)
    {
        Kind = kind;
        Path = path;
        Role = role;
        Detail = detail;
    }

    /// <summary>What went wrong.</summary>
    public WeightFileErrorKind Kind { get; }

    /// <summary>The file (as the caller named it).</summary>
    public string Path { get; }

    /// <summary>What the file is to the caller ("layer W2", "target M", "inputs X (--inputs)"), or null.</summary>
    public string? Role { get; }

    /// <summary>The message without the file name and role.</summary>
    public string Detail { get; }

    /// <summary>The same error for a file with the given role (this exception when it already has one).</summary>
    public WeightFileException WithRole(string role) =>
        Role is not null ? this : new WeightFileException(Kind, Path, role, Detail, InnerException);
}
