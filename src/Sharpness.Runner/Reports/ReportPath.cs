using Sharpness.Runner.Publishing;

namespace Sharpness.Runner.Reports;

/// <summary>Checks on the <c>--junit</c> path, made before any notebook runs (usage errors, exit code 2).</summary>
public static class ReportPath
{
    /// <summary>
    /// The full path of <paramref name="given"/>. Refused: empty, not a valid path, an existing folder, one of the
    /// notebooks being run, a file inside DIR/notebooks or DIR/site (the next run replaces those folders, and would
    /// refuse them for holding a file it did not write), or a folder that cannot be written (probed with a temporary
    /// file in the nearest existing folder, which is deleted again).
    /// </summary>
    public static string Validate(string? given, string outputDirectory, IEnumerable<string> notebookFiles)
    {
        if (string.IsNullOrWhiteSpace(given))
            throw new RunnerUserException("--junit must name a file (got an empty value).");
        string full;
        try
        {
            full = Path.GetFullPath(given);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new RunnerUserException($"--junit {given} is not a valid path: {e.Message}");
        }
        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(given))
            throw new RunnerUserException($"--junit {given} is a folder; name the report file, e.g. {Path.Combine(given, "junit.xml")}.");
        if (notebookFiles.Any(f => string.Equals(Path.GetFullPath(f), full, StringComparison.Ordinal)))
            throw new RunnerUserException($"--junit {given} is one of the notebooks being run.");
        foreach (var owned in OutputOwnership.OwnedFolders)
        {
            var folder = Path.Combine(outputDirectory, owned);
            if (OutputPath.IsSameOrInside(full, folder))
                throw new RunnerUserException(
                    $"--junit {given} is inside {folder}, which each run replaces; write it next to it, e.g. --junit {Path.Combine(outputDirectory, "junit.xml")}.");
        }
        var existing = Path.GetDirectoryName(full)!;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
                throw new RunnerUserException($"--junit {given} cannot be written: {existing} is a file.");
            existing = Path.GetDirectoryName(existing) ?? throw new RunnerUserException($"--junit {given} cannot be written.");
        }
        var probe = Path.Combine(existing, $".sharpness-junit-probe-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunnerUserException($"--junit {given} cannot be written: {e.Message}");
        }
        return full;
    }
}
