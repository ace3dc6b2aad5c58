using Sharpness.IO;

namespace Sharpness.Cli.Hosting;

/// <summary>
/// Turns any exception into one line for stderr and an exit code; never a stack trace. The library's error
/// contract (<see cref="SharpnessException"/> and its subtypes) and the command's own <see cref="CliException"/> map
/// to the exit codes of <see cref="ExitCodes"/>; every other exception is a bug and reported as an internal error
/// with its type.
/// </summary>
public static class ErrorReport
{
    /// <summary>The exit code and the one-line message for <paramref name="error"/>.</summary>
    public static (int ExitCode, string Line) For(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            CliException c => (c.ExitCode, OneLine($"error: {c.Message}")),
            SharpnessException s => (ExitCodes.For(s), OneLine(s is OutsideDomainException or NotRepresentableException
                ? $"error: cannot compute this for the given point: {s.Message}"
                : $"error: {s.Message}")),
            _ => (ExitCodes.InternalError, OneLine($"internal error ({error.GetType().Name}): {error.Message}")),
        };
    }

    private static string OneLine(string text) =>
        "sharpness: " + string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
}
