namespace Sharpness.Runner.CommandLine;

/// <summary>
/// Turns what stopped <c>sharpness run</c> into its exit code and one line for stderr, never a stack trace: the same
/// contract and format as the other verbs (<c>sharpness: error: …</c>; one root for the user's errors,
/// <see cref="RunnerUserException"/>, mapped by type in one place, <see cref="RunExitCodes.For"/>; an interruption;
/// every other exception is a bug, reported as an internal error naming its type). The table itself is
/// <see cref="RunExitCodes"/>. Issue 16: one line on stderr — plain text (no markup, no console wrapping), so the
/// progress and the results table on stdout never carry error text.
/// </summary>
internal static class RunErrorReport
{
    /// <summary>The exit code and the one plain-text line (prefixed <c>sharpness: </c>, no line break inside) for
    /// <paramref name="error"/>; <paramref name="interrupted"/>: the run's cancellation token was triggered (SIGINT/SIGTERM).</summary>
    public static (int ExitCode, string Line) For(Exception error, bool interrupted) => error switch
    {
        RunnerUserException user => (RunExitCodes.For(user), OneLine($"error: {user.Message}")),
        OperationCanceledException when interrupted =>
            (RunExitCodes.Interrupted, OneLine("interrupted: notebook processes stopped, nothing published.")),
        _ => (RunExitCodes.InternalError,
            OneLine($"internal error: {error.GetType().Name}: {error.Message.Split('\n')[0].Trim()}")),
    };

    private static string OneLine(string text) =>
        "sharpness: " + string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
}
