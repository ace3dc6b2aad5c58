using Sharpness.IO;

namespace Sharpness.Cli.Hosting;

/// <summary>
/// An output file of a verb (escape's --html), checked before any work is done and written atomically after it:
/// it must not be one of the inputs (same file, also through a link), must be a regular file or not exist yet
/// (never a FIFO, a device, a socket or a directory), and its folder must accept a new file. Every failure is a
/// <see cref="CliException"/> with exit code <see cref="ExitCodes.OutputUnwritable"/>.
/// </summary>
public static class OutputFile
{
    /// <summary>Fails unless <paramref name="path"/> can be written without touching <paramref name="inputs"/>.
    /// Probes the folder by creating and deleting a temporary file, so a read-only folder is found before the run,
    /// and leaves an existing file at <paramref name="path"/> unchanged.</summary>
    public static void RequireWritable(string path, string option, IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(inputs);
        string full = FullPath(path, option);
        var node = FileNode.Of(full);
        switch (node.Kind)
        {
            case FileNodeKind.Directory:
                throw Refused(path, $"is a directory; give a file name for {option}");
            case FileNodeKind.Fifo or FileNodeKind.CharacterDevice or FileNodeKind.BlockDevice or FileNodeKind.Socket:
                throw Refused(path, $"is {FileNode.Describe(node.Kind)}; {option} writes a regular file (leave {option} out to write no file)");
        }
        foreach (var input in inputs)
            if (FileNode.SameFile(full, input))
                throw Refused(path, $"is the input file {input}; {option} would overwrite it, give another name");

        string target = FinalTarget(full);
        string? folder = Path.GetDirectoryName(target);
        if (folder is null || FileNode.Of(folder).Kind != FileNodeKind.Directory)
            throw Refused(path, $"the folder {folder} does not exist");
        if (node.Kind == FileNodeKind.Regular)
        {
            try
            {
                // Opening for writing without truncating changes nothing, and fails on a read-only file.
                using var _ = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Refused(path, $"cannot be written: {e.Message}");
            }
        }
        string probe = TemporaryName(target);
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is UnauthorizedAccessException ? "permission denied"
                : e is FileNotFoundException or DirectoryNotFoundException ? "files cannot be created there"
                : e.Message.Replace($"'{probe}'", "").Replace(probe, "").Trim(' ', ':');
            throw Refused(path, $"cannot be written: the folder {folder} does not accept a new file ({why})");
        }
        finally
        {
            TryDelete(probe);
        }
    }

    /// <summary>Writes <paramref name="contents"/> to a temporary file next to <paramref name="path"/> and renames it
    /// into place, so an earlier file at <paramref name="path"/> survives a failed write.</summary>
    public static void Write(string path, string contents, string option)
    {
        ArgumentNullException.ThrowIfNull(contents);
        string target = FinalTarget(FullPath(path, option));
        string temporary = TemporaryName(target);
        try
        {
            File.WriteAllText(temporary, contents);
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            TryDelete(temporary);
            throw Refused(path, $"cannot write the file: {e.Message}");
        }
    }

    private static string FullPath(string path, string option)
    {
        try
        {
            if (path.Length == 0) throw new ArgumentException("the name is empty");
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Refused(path, $"not a usable file name for {option}: {e.Message}");
        }
    }

    // Writing through a symbolic link updates the file it points to, as a plain write would.
    private static string FinalTarget(string full)
    {
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static string TemporaryName(string target) =>
        Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static CliException Refused(string path, string detail) => new(ExitCodes.OutputUnwritable, $"{path}: {detail}");
}
