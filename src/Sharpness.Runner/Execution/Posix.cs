using System.Runtime.InteropServices;

namespace Sharpness.Runner.Execution;

/// <summary>
/// The few POSIX calls the runner needs to stop a notebook with everything it started: each notebook child leads its
/// own process group (started through <c>setsid</c>), so one <c>kill(-pgid, SIGKILL)</c> reaches the grandchildren a
/// cell left behind, even after the child itself has exited and they were re-parented.
/// </summary>
internal static class Posix
{
    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    /// <summary>True on Linux and macOS, where the calls below exist.</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>Sends <paramref name="signal"/> to every process in group <paramref name="processGroup"/>; false if none.</summary>
    public static bool KillGroup(int processGroup, int signal) => IsAvailable && processGroup > 1 && kill(-processGroup, signal) == 0;

    /// <summary>The parent process id.</summary>
    public static int ParentProcessId() => IsAvailable ? getppid() : -1;

    /// <summary>This process's group id.</summary>
    public static int ProcessGroup() => IsAvailable ? getpgrp() : -1;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern int getppid();

    [DllImport("libc")]
    private static extern int getpgrp();

    /// <summary>The setsid program (util-linux), or null where it is missing (then only the process tree is killed).</summary>
    public static string? SetsidProgram { get; } = IsAvailable
        ? new[] { "/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid" }.FirstOrDefault(File.Exists)
        : null;
}
