using System.Runtime;

namespace Sharpness.Cli.Hosting;

/// <summary>
/// Multicore JIT for the <c>sharpness</c> process (<see cref="ProfileOptimization"/>): each verb keeps a small
/// profile of the methods its last run compiled (≈ 25 KB, in <c>$XDG_CACHE_HOME/sharpness/jit</c>, else
/// <c>~/.cache/sharpness/jit</c>), and the next run compiles them on the second core ahead of the main thread.
/// A cold <c>analyze</c> of issue 13's depth-2 network spends most of its time in the JIT, not in the arithmetic
/// (BENCHMARKS.md, "Exact sharpness at scale"); with the profile the two overlap.
/// </summary>
/// <remarks>
/// <para>The runtime writes a profile when recording stops. Two <c>sharpness</c> processes writing one file at once
/// could interleave their bytes, so each run plays back and records a private copy (<c>VERB.PID.jitprofile</c>) and
/// renames it over <c>VERB.jitprofile</c> at the end (a rename replaces the file whole). The runtime checks every
/// record's module identity (MVID) when it plays a profile back, so a profile from another build of the tool
/// compiles nothing wrong: its methods are skipped.</para>
/// <para>Nothing here can fail the command: a cache folder that cannot be written means no profile, and the run is
/// only slower. <c>SHARPNESS_JIT_PROFILE=off</c> turns it off; any other value is the folder to use.</para>
/// </remarks>
internal sealed class JitProfile
{
    /// <summary>The environment variable: <c>off</c>, or the profile folder.</summary>
    public const string Variable = "SHARPNESS_JIT_PROFILE";

    private readonly string _folder, _private, _shared;

    private JitProfile(string folder, string verb)
    {
        _folder = folder;
        _private = $"{verb}.{Environment.ProcessId}.jitprofile";
        _shared = Path.Combine(folder, $"{verb}.jitprofile");
    }

    /// <summary>Starts playing back and recording the profile of the verb in <paramref name="args"/> (the first
    /// argument when it is a plain word, else "sharpness"); null when off or not possible.</summary>
    public static JitProfile? Start(IReadOnlyList<string> args)
    {
        try
        {
            string? folder = Folder();
            if (folder is null || Environment.ProcessorCount < 2) return null;
            string verb = args.Count > 0 && args[0].Length is > 0 and <= 32 && args[0].All(char.IsAsciiLetterLower) ? args[0] : "sharpness";
            Directory.CreateDirectory(folder);
            var profile = new JitProfile(folder, verb);
            profile.RemoveAbandoned();
            string own = Path.Combine(folder, profile._private);
            if (File.Exists(profile._shared)) File.Copy(profile._shared, own, overwrite: true);
            ProfileOptimization.SetProfileRoot(folder);
            ProfileOptimization.StartProfile(profile._private);
            return profile;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Stops recording (the runtime writes the private profile now) and makes it the verb's profile.</summary>
    public void Finish()
    {
        try
        {
            ProfileOptimization.StartProfile(null); // null stops the recorder, which writes the file
            string own = Path.Combine(_folder, _private);
            if (File.Exists(own)) File.Move(own, _shared, overwrite: true);
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
        string? setting = Environment.GetEnvironmentVariable(Variable);
        if (string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase) || setting == "0") return null;
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

    // A run that was killed leaves its private copy behind: remove those older than a day (a running process's own
    // copy is minutes old at most).
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
