namespace Sharpness.Runner.Publishing;

/// <summary>
/// Replaces the output folders of a run all at once: everything is built in a staging folder inside the output
/// directory (same file system, so the moves are renames), then each top-level folder of the staging area
/// (notebooks/, site/) replaces its predecessor. A run that fails while building leaves the previous outputs
/// untouched and removes its staging folder, so a half-written site never sits where a complete one is expected.
/// </summary>
public static class AtomicOutput
{
    /// <summary>Prefix of staging folders (ignored by readers; left-overs of killed runs are removed on the next run).</summary>
    public const string StagingPrefix = ".staging-";

    /// <summary>Builds into a staging folder with <paramref name="build"/>, then swaps the result into place.</summary>
    public static void Publish(string outputDirectory, Action<string> build)
    {
        Directory.CreateDirectory(outputDirectory);
        RemoveLeftovers(outputDirectory);
        var staging = Path.Combine(outputDirectory, StagingPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            build(staging);
            foreach (var built in Directory.GetDirectories(staging))
                Swap(built, Path.Combine(outputDirectory, Path.GetFileName(built)), staging);
        }
        finally
        {
            TryDeleteDirectory(staging);
        }
    }

    private static void Swap(string built, string target, string staging)
    {
        var old = Path.Combine(staging, "old-" + Path.GetFileName(target));
        var hadOld = Directory.Exists(target);
        if (hadOld) Directory.Move(target, old);
        try
        {
            Directory.Move(built, target);
        }
        catch
        {
            if (hadOld && !Directory.Exists(target)) Directory.Move(old, target);
            throw;
        }
    }

    private static void RemoveLeftovers(string outputDirectory)
    {
        foreach (var dir in Directory.GetDirectories(outputDirectory, StagingPrefix + "*"))
            TryDeleteDirectory(dir);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the next run removes left-overs.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
