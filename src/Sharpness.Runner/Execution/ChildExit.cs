namespace Sharpness.Runner.Execution;

/// <summary>Why a notebook process ended without finishing its cells, in one first line plus its stderr tail.</summary>
internal static class ChildExit
{
    /// <summary>
    /// The report for a child that exited with <paramref name="exitCode"/> (128 + n for signal n, as .NET reports
    /// it on Unix) after writing <paramref name="stderr"/>. The first line names the cause: a stack overflow,
    /// Environment.FailFast (with its message), an unhandled exception on another thread, a signal (SIGKILL: for
    /// example the out-of-memory killer), or a plain exit code (Environment.Exit).
    /// </summary>
    public static string Describe(int? exitCode, string stderr, bool duringCell)
    {
        var lines = stderr.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var code = exitCode is { } c ? $"exit code {c}{SignalSuffix(c)}" : "exit code unknown";
        string reason;
        if (lines.Any(l => l.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase)))
            reason = $"a stack overflow (unbounded recursion?) ({code})";
        else if (lines.FirstOrDefault(l => l.StartsWith("Process terminated.", StringComparison.Ordinal)) is { } terminated)
            reason = $"Environment.FailFast: {terminated["Process terminated.".Length..].Trim()} ({code})";
        else if (lines.FirstOrDefault(l => l.StartsWith("Unhandled exception.", StringComparison.Ordinal)) is { } unhandled)
            reason = $"an unhandled exception on another thread: {unhandled["Unhandled exception.".Length..].Trim()} ({code})";
        else if (exitCode is { } k && Signal(k) is { } signal)
            reason = signal == 9
                ? $"it was killed by signal 9 (SIGKILL), for example by the out-of-memory killer ({code})"
                : $"it was stopped by signal {signal}{SignalName(signal)} ({code})";
        else
            reason = $"it exited with {code} (Environment.Exit?)";
        var where = duringCell ? "during this cell" : "outside any cell";
        var tail = lines.Length == 0 ? "" : "\n" + string.Join("\n", lines.TakeLast(20));
        return $"The notebook process ended {where}: {reason}.{tail}";
    }

    private static int? Signal(int exitCode) =>
        !OperatingSystem.IsWindows() && exitCode is > 128 and < 160 ? exitCode - 128 : null;

    private static string SignalSuffix(int exitCode) => Signal(exitCode) is { } s ? $", signal {s}{SignalName(s)}" : "";

    private static string SignalName(int signal) => signal switch
    {
        6 => " SIGABRT",
        9 => " SIGKILL",
        11 => " SIGSEGV",
        15 => " SIGTERM",
        _ => "",
    };
}
