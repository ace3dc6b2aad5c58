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

    /// <summary>
    /// Exchanges two existing paths in one step (Linux renameat2 with RENAME_EXCHANGE), so there is no moment at which
    /// either name is missing. False where the call or the file system does not support it.
    /// </summary>
    public static bool TryExchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            const int atFdCwd = -100, renameExchange = 2;
            return renameat2(atFdCwd, a, atFdCwd, b, renameExchange) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int renameat2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);

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
