namespace Sharpness.IO;

/// <summary>
/// Opens input files for the readers: only regular files (a FIFO would block the open, a device may never end, a
/// socket cannot be read), a symbolic link to nothing is "no such file", and every I/O failure becomes a
/// <see cref="WeightFileException"/>.
/// </summary>
internal static class FileBytes
{
    public static string ReadText(string path) => WithStream(path, stream =>
    {
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    });

    /// <summary>Runs <paramref name="read"/> on the opened file after checking that it is a regular file.</summary>
    public static T WithStream<T>(string path, Func<FileStream, T> read)
    {
        RequireRegularFile(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            return read(stream);
        }
        catch (EndOfStreamException e)
        {
            throw new WeightFileException(WeightFileErrorKind.Unreadable, path, "cannot be read: the file became shorter while it was being read", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException or OutOfMemoryException)
        {
            throw new WeightFileException(WeightFileErrorKind.Unreadable, path, $"cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Fails unless <paramref name="path"/> names a regular file (symbolic links followed).</summary>
    public static void RequireRegularFile(string path)
    {
        var node = FileNode.Of(path);
        switch (node.Kind)
        {
            case FileNodeKind.Regular:
            case FileNodeKind.Inaccessible: // let the open report why (permissions, a link loop)
                return;
            case FileNodeKind.Missing:
                throw new WeightFileException(WeightFileErrorKind.NotFound, path, DanglingTarget(path) is { } target
                    ? $"no such file (it is a symbolic link to {target}, which does not exist)"
                    : "no such file");
            case FileNodeKind.Directory:
                throw new WeightFileException(WeightFileErrorKind.Unreadable, path, "is a directory, not a file");
            default:
                throw new WeightFileException(WeightFileErrorKind.Unreadable, path,
                    $"is {FileNode.Describe(node.Kind)}, not a regular file; matrix files must be regular files");
        }
    }

    private static string? DanglingTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
