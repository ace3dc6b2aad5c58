using Sharpness.IO;

namespace Sharpness.Cli.Hosting;

/// <summary>Turns any exception into one line for stderr and an exit code; never a stack trace.</summary>
public static class ErrorReport
{
    /// <summary>The exit code and the one-line message for <paramref name="error"/>.</summary>
    public static (int ExitCode, string Line) For(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            WeightFileException w => (ExitCodes.For(w.Kind), OneLine($"error: {w.Message}")),
            CliException c => (c.ExitCode, OneLine($"error: {c.Message}")),
            // The library signals a point outside a formula's domain with these (house rule: bad input gets an
            // exception naming the problem), so they are input errors, not crashes.
            ArgumentException or InvalidOperationException or ArithmeticException =>
                (ExitCodes.NotComputable, OneLine($"error: cannot compute this for the given point: {error.Message}")),
            _ => (ExitCodes.InternalError, OneLine($"internal error ({error.GetType().Name}): {error.Message}")),
        };
    }

    private static string OneLine(string text) =>
        "sharpness: " + string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
}
