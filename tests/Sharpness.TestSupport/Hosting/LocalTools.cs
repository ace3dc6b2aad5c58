using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sharpness.TestSupport.Hosting;

/// <summary>
/// <c>dotnet tool restore</c> of a repository's local tools (<c>.config/dotnet-tools.json</c>: the pinned stock host),
/// once per test process and never two at once on the machine: <c>dotnet test</c> runs the test projects in parallel,
/// and three of them restore the same tool into the same user-wide folders (~/.nuget/packages, the SDK's tool resolver
/// cache ~/.dotnet/toolResolverCache). On a fresh machine (a CI clone) all three can find the tool missing and restore
/// it at once; each then rewrites the resolver cache file (not atomically), and a host started meanwhile that reads a
/// half-written file takes it for empty and fails with "run dotnet tool restore". Serialized, only the first restore
/// writes; the others find the tool in place, and every host starts after its own process's restore.
/// </summary>
public static class LocalTools
{
    private static readonly ConcurrentDictionary<string, Lazy<bool>> Restored = new();

    /// <summary>How long to wait for another process's restore (a first restore downloads the tool: minutes at most).</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Runs <c>dotnet tool restore</c> in <paramref name="repositoryRoot"/> (once per process).</summary>
    /// <exception cref="InvalidOperationException">The restore failed (the message carries its output).</exception>
    public static void Restore(string repositoryRoot) =>
        _ = Restored.GetOrAdd(Path.GetFullPath(repositoryRoot), root => new Lazy<bool>(() => RunRestore(root))).Value;

    private static bool RunRestore(string root)
    {
        using var machineWide = AcquireLock();
        var start = new ProcessStartInfo("dotnet", "tool restore")
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var p = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet tool restore.");
        // Both streams at once: reading one to its end first can block on the other's full pipe.
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"dotnet tool restore failed in {root}:\n{stdout.Result}{stderr.Result}");
        return true;
    }

    // An exclusive lock on a per-user file in the temp folder (.NET takes flock(LOCK_EX) for FileShare.None on Unix,
    // released by the kernel when the holder exits, even by kill -9), retried while another process holds it.
    private static FileStream AcquireLock()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sharpness-dotnet-tool-restore-{Environment.UserName}.lock");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < LockTimeout)
            {
                Thread.Sleep(250);
            }
        }
    }
}
