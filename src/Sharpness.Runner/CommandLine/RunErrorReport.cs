using Spectre.Console;

namespace Sharpness.Runner.CommandLine;

/// <summary>
/// Turns what stopped <c>sharpness run</c> into its exit code and one line, never a stack trace: the same contract as
/// the other verbs (one root for the user's errors, <see cref="RunnerUserException"/>, mapped by type in one place,
/// <see cref="RunExitCodes.For"/>; an interruption; every other exception is a bug, reported as an internal error
/// naming its type). The table itself is <see cref="RunExitCodes"/>.
/// </summary>
internal static class RunErrorReport
{
    /// <summary>The exit code and the Spectre markup line for <paramref name="error"/>; <paramref name="interrupted"/>:
    /// the run's cancellation token was triggered (SIGINT/SIGTERM).</summary>
    public static (int ExitCode, string Line) For(Exception error, bool interrupted) => error switch
    {
        RunnerUserException user => (RunExitCodes.For(user), $"[red]error:[/] {Markup.Escape(user.Message)}"),
        OperationCanceledException when interrupted =>
            (RunExitCodes.Interrupted, "[yellow]interrupted:[/] notebook processes stopped, nothing published."),
        _ => (RunExitCodes.InternalError,
            $"[red]internal error:[/] {Markup.Escape(error.GetType().Name)}: {Markup.Escape(error.Message.Split('\n')[0].Trim())}"),
    };
}
