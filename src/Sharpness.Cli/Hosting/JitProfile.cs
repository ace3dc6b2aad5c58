using System.Runtime;

namespace Sharpness.Cli.Hosting;

/// <summary>
/// Multicore JIT for the <c>sharpness</c> process (<see cref="ProfileOptimization"/>): each verb keeps a small
/// profile of the methods its last successful run compiled (≈ 25 KB, in <c>$XDG_CACHE_HOME/sharpness/jit</c>, else
/// <c>~/.cache/sharpness/jit</c>), and the next run compiles them on the second core ahead of the main thread.
/// A cold <c>analyze</c> of issue 13's depth-2 network spends most of its time in the JIT, not in the arithmetic
/// (BENCHMARKS.md, "Exact sharpness at scale"); with the profile the two overlap.
/// </summary>
/// <remarks>
/// <para>The runtime writes a profile when recording stops. Two <c>sharpness</c> processes writing one file at once
/// could interleave their bytes, so each run plays back and records a private copy (<c>VERB.PID-RANDOM.jitprofile</c>:
/// PIDs repeat across containers sharing a home folder) and renames it over <c>VERB.jitprofile</c> at the end (a
/// rename replaces the file whole) — only after a successful run of a known verb: <c>--help</c>, a usage error or a
/// missing file would otherwise replace a full profile with a nearly empty one. The runtime checks every
/// record's module identity (MVID) when it plays a profile back, so a profile from another build of the tool
/// compiles nothing wrong: its methods are skipped.</para>
/// <para>Nothing here can fail the command: a cache folder that cannot be written means no profile, and the run is
/// only slower. <c>SHARPNESS_JIT_PROFILE=off</c> (or <c>0</c>, <c>false</c>, <c>no</c>) turns it off; any other
/// non-blank value is the folder to use (relative to the current folder).</para>
/// </remarks>
internal sealed class JitProfile
{
    /// <summary>The environment variable: <c>off</c> (<c>0</c>, <c>false</c>, <c>no</c>), or the profile folder.</summary>
    public const string Variable = "SHARPNESS_JIT_PROFILE";

    private readonly string _folder, _private, _shared;

    private JitProfile(string folder, string verb)
    {
        _folder = folder;
        _private = $"{verb}.{Environment.ProcessId}-{Random.Shared.Next():x8}.jitprofile";
        _shared = Path.Combine(folder, $"{verb}.jitprofile");
    }

    /// <summary>Starts playing back and recording the profile of the verb in <paramref name="args"/> when it is one of
    /// <paramref name="verbs"/> and the command line asks for neither help nor the version; null when off, not a
    /// known verb, or not possible.</summary>
    public static JitProfile? Start(IReadOnlyList<string> args, IEnumerable<string> verbs)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(verbs);
        if (args.Count == 0 || !verbs.Contains(args[0], StringComparer.Ordinal) || args.Any(IsHelpOrVersion)) return null;
        try
        {
            string? folder = Folder();
            if (folder is null || Environment.ProcessorCount < 2) return null;
            string verb = args[0];
            Directory.CreateDirectory(folder);
            var profile = new JitProfile(folder, verb);
            profile.RemoveAbandoned();
            string own = Path.Combine(folder, profile._private);
            if (File.Exists(profile._shared))
            {
                File.Copy(profile._shared, own, overwrite: true);
                File.SetLastWriteTimeUtc(own, DateTime.UtcNow); // a copy keeps the original's time; RemoveAbandoned reads it
            }
            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile(profile._private);
            return profile;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Stops recording (the runtime writes the private profile now); makes it the verb's profile when
    /// <paramref name="exitCode"/> is 0, else deletes it (a failed run compiled only part of what the verb needs).</summary>
    public void Finish(int exitCode)
    {
        try
        {
            ProfileOptimization.StartProfile(null); // null stops the recorder, which writes the file
            string own = Path.Combine(_folder, _private);
            if (!File.Exists(own)) return;
            if (exitCode == 0) File.Move(own, _shared, overwrite: true);
            else File.Delete(own);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another run's profile stays; this run's is lost, which only makes the next run a little slower.
        }
    }

    // SHARPNESS_JIT_PROFILE, else $XDG_CACHE_HOME/sharpness/jit, else ~/.cache/sharpness/jit; null when off or there
    // is no home folder.
    private static string? Folder()
    {
        string? setting = Environment.GetEnvironmentVariable(Variable)?.Trim();
        if (setting?.ToLowerInvariant() is "0" or "off" or "false" or "no") return null;
        if (!string.IsNullOrEmpty(setting)) return Path.GetFullPath(setting);
        string? cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache) || !Path.IsPathRooted(cache))
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home)) return null;
            cache = Path.Combine(home, ".cache");
        }
        return Path.Combine(cache, "sharpness", "jit");
    }

    private static bool IsHelpOrVersion(string arg) => arg is "-h" or "-?" or "--help" or "/?" or "/h" or "--version";

    // A run that was killed leaves its private copy behind: remove those older than a day (a running process's own
    // copy was written when it started: Start sets its time).
    private void RemoveAbandoned()
    {
        var cutoff = DateTime.UtcNow.AddDays(-1);
        foreach (var file in Directory.EnumerateFiles(_folder, "*.*.jitprofile"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff) File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's file, or gone already.
            }
        }
    }
}
