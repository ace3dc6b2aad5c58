using Sharpness.Runner.CommandLine;

namespace Sharpness.Runner;

/// <summary>
/// A problem with the user's input (missing notebook, malformed <c>-p</c>, no parameters cell, a bad --out or
/// --timeout), found before any notebook runs: the root of the runner's error contract. The command line prints its
/// message without a stack trace and exits with <see cref="ExitCode"/> (mapped by type in
/// <see cref="RunExitCodes.For"/>: <see cref="RunExitCodes.UsageError"/> unless a subtype maps elsewhere).
/// </summary>
public class RunnerUserException(string message) : Exception(message)
{
    /// <summary>The runner's exit code for this error (<see cref="RunExitCodes.For"/>).</summary>
    public int ExitCode => RunExitCodes.For(this);
}

/// <summary>
/// The output folder is refused to protect files the runner did not write: --out is the file-system root, equals or
/// contains or lies inside the notebooks being run, or DIR/notebooks or DIR/site is not the runner's own output.
/// Exit code <see cref="RunExitCodes.OutputRefused"/>.
/// </summary>
public sealed class OutputFolderRefusedException(string message) : RunnerUserException(message);
