namespace Sharpness.Runner.CommandLine;

/// <summary>
/// The exit codes of <c>sharpness run</c> (and of the runner executable's <c>run</c>). 1 means an internal error, as
/// in the other verbs of the <c>sharpness</c> command; a failing notebook has its own code so CI can tell "the
/// notebooks are wrong" from "the tool is broken". Documented in src/Sharpness.Runner/README.md and the CLI README.
/// </summary>
public static class RunExitCodes
{
    /// <summary>Every cell of every notebook ran without error; the site and the executed copies are published.</summary>
    public const int Success = 0;

    /// <summary>An internal error (a bug in the runner): one line naming the exception type, no stack trace.</summary>
    public const int InternalError = 1;

    /// <summary>Usage error found before anything runs: the command line, a notebook file, a -p value, --out, --timeout.</summary>
    public const int UsageError = 2;

    /// <summary>A notebook failed (a cell threw or timed out, or the notebook's process died); the site is still published.</summary>
    public const int NotebookFailed = 3;

    /// <summary>The output folder was refused to protect files the runner did not write; nothing was run or changed.</summary>
    public const int OutputRefused = 4;

    /// <summary>Interrupted by SIGINT (Ctrl-C) or SIGTERM: notebook processes were stopped, nothing was published.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code of a user error: the one mapping from the kinds of <see cref="RunnerUserException"/> to
    /// this table (a refused output folder, otherwise a usage error).</summary>
    public static int For(RunnerUserException error) => error switch
    {
        null => throw new ArgumentNullException(nameof(error)),
        OutputFolderRefusedException => OutputRefused,
        _ => UsageError,
    };
}
