using System.Text.RegularExpressions;

namespace Sharpness.Runner.Publishing;

/// <summary>
/// Replaces the output folders of a run all at once: everything is built in a staging folder inside the output
/// directory (same file system, so the moves are renames), each built folder gets the runner's manifest
/// (<see cref="OutputOwnership"/>), and then each one replaces its predecessor — only after checking that the
/// predecessor is the runner's own. A run that fails while building leaves the previous outputs untouched and removes
/// its staging folder, so a half-written site never sits where a complete one is expected. Callers hold the
/// <see cref="OutputLock"/>, so no other run's staging folder exists meanwhile.
/// </summary>
public static partial class AtomicOutput
{
    /// <summary>Prefix of staging folders (ignored by readers; left-overs of killed runs are removed on the next run).</summary>
    public const string StagingPrefix = ".staging-";

    /// <summary>Builds into a staging folder with <paramref name="build"/>, then swaps the result into place.</summary>
    /// <returns>The run id written into the manifests.</returns>
    public static string Publish(string outputDirectory, Action<string> build)
    {
        Directory.CreateDirectory(outputDirectory);
        RemoveLeftovers(outputDirectory);
        var runId = Guid.NewGuid().ToString("N");
        var staging = Path.Combine(outputDirectory, StagingPrefix + runId);
        Directory.CreateDirectory(staging);
        try
        {
            build(staging);
            var built = Directory.GetDirectories(staging).Select(Path.GetFileName).ToList();
            var unknown = built.FirstOrDefault(b => !OutputOwnership.OwnedFolders.Contains(b));
            if (unknown is not null)
                throw new InvalidOperationException($"The build wrote {unknown}/, which is not one of the runner's output folders.");
            var files = Directory.GetFiles(staging);
            if (files.Length > 0)
                throw new InvalidOperationException($"The build wrote {Path.GetFileName(files[0])} outside the runner's output folders.");
            foreach (var name in built) OutputOwnership.WriteManifest(Path.Combine(staging, name!), runId);
            // Checked again right before the swap: a person may have put files there while the notebooks ran.
            OutputOwnership.Check(outputDirectory);
            foreach (var name in OutputOwnership.OwnedFolders.Where(built.Contains))
                Swap(Path.Combine(staging, name), Path.Combine(outputDirectory, name), staging);
        }
        finally
        {
            TryDeleteDirectory(staging);
        }
        return runId;
    }

    private static void Swap(string built, string target, string staging)
    {
        var hadOld = Directory.Exists(target);
        // One atomic exchange where the kernel offers it: the old folder ends up under staging (deleted with it) and
        // DIR/site is never missing, not even for the instant between two renames.
        if (hadOld && Execution.Posix.TryExchange(built, target)) return;
        var old = Path.Combine(staging, "old-" + Path.GetFileName(target));
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

    // Only folders named exactly like ours (prefix + 32 hex digits) are removed: never a user's ".staging-notes".
    private static void RemoveLeftovers(string outputDirectory)
    {
        foreach (var dir in Directory.GetDirectories(outputDirectory, StagingPrefix + "*"))
        {
            if (StagingName().IsMatch(Path.GetFileName(dir)) && new DirectoryInfo(dir).LinkTarget is null)
                TryDeleteDirectory(dir);
        }
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

    [GeneratedRegex(@"^\.staging-[0-9a-f]{32}$")]
    private static partial Regex StagingName();
}
