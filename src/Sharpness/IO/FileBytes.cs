namespace Sharpness.IO;

/// <summary>Reads a whole file, turning every I/O failure into a <see cref="WeightFileException"/>.</summary>
internal static class FileBytes
{
    public static byte[] ReadAll(string path) => Guarded(path, () => File.ReadAllBytes(path));

    public static string ReadText(string path) => Guarded(path, () => File.ReadAllText(path));

    private static T Guarded<T>(string path, Func<T> read)
    {
        if (Directory.Exists(path))
            throw new WeightFileException(WeightFileErrorKind.Unreadable, path, "is a directory, not a file");
        if (!File.Exists(path))
            throw new WeightFileException(WeightFileErrorKind.NotFound, path, "no such file");
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException or OutOfMemoryException)
        {
            throw new WeightFileException(WeightFileErrorKind.Unreadable, path, $"cannot be read: {e.Message}", e);
        }
    }
}
