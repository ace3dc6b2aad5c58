namespace Sharpness.Cli.Hosting;

/// <summary>A failure the command reports as one line on stderr with a chosen exit code (see <see cref="ExitCodes"/>).</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A bad option value (exit code <see cref="ExitCodes.Usage"/>).</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
