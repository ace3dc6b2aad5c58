namespace Sharpness.Runner.Publishing;

/// <summary>Checks on the --out value that need no file system writes, made before any notebook runs.</summary>
public static class OutputPath
{
    /// <summary>
    /// The full path of <paramref name="given"/>. Usage errors: empty, not a valid path, an existing file. Refused
    /// (<see cref="OutputFolderRefusedException"/>): the file-system root, a folder that equals, contains or lies inside
    /// a folder of the notebooks being run.
    /// </summary>
    public static string Validate(string? given, IEnumerable<string> notebookFiles)
    {
        if (string.IsNullOrWhiteSpace(given))
            throw new RunnerUserException("--out must name a folder (got an empty value).");
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(given));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new RunnerUserException($"--out {given} is not a valid path: {e.Message}");
        }
        if (Path.GetPathRoot(full) == full)
            throw new OutputFolderRefusedException($"--out {full} is the file-system root: the runner writes DIR/notebooks and DIR/site and will not do that there.");
        if (File.Exists(full))
            throw new RunnerUserException($"--out {full} is a file, not a folder.");
        var resolvedOut = Resolved(full);
        foreach (var folder in notebookFiles.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Distinct())
        {
            var resolvedFolder = Resolved(folder);
            if (IsSameOrInside(full, folder) || IsSameOrInside(resolvedOut, resolvedFolder))
                throw new OutputFolderRefusedException(
                    $"--out {full} is inside the notebooks' folder {folder}: executed copies must never land next to the sources. Choose another --out.");
            if (IsSameOrInside(folder, full) || IsSameOrInside(resolvedFolder, resolvedOut))
                throw new OutputFolderRefusedException(
                    $"--out {full} contains the notebooks being run ({folder}): the runner replaces DIR/notebooks and DIR/site and never writes above the sources. Choose a folder of its own, e.g. --out {Path.Combine(full, "artifacts")}.");
        }
        return full;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or below it.</summary>
    public static bool IsSameOrInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

    // The path with symbolic links resolved along its existing part (so a link to the notebooks folder is caught).
    private static string Resolved(string path)
    {
        try
        {
            var root = Path.GetPathRoot(path) ?? "";
            var current = root;
            foreach (var part in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            {
                current = Path.Combine(current, part);
                var info = new DirectoryInfo(current);
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                    current = Path.TrimEndingDirectorySeparator(target.FullName);
            }
            return current;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return path;
        }
    }
}
