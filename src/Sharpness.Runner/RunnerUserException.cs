namespace Sharpness.Runner;

/// <summary>
/// A problem with the user's input (missing notebook, malformed <c>-p</c>, no parameters cell). The command line
/// prints its message without a stack trace and exits with code 2.
/// </summary>
public sealed class RunnerUserException(string message) : Exception(message);
