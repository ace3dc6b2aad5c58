using System.CommandLine;
using Sharpness.Runner.CommandLine;

namespace Sharpness.Cli;

/// <summary>
/// <c>sharpness run [NOTEBOOK.ipynb | FOLDER …] [--out DIR] [--timeout SECONDS] [-p NAME=VALUE …]</c>: executes
/// notebooks headlessly (one child process per notebook, started from the Sharpness.Runner assembly next to this
/// one) and writes DIR/notebooks (executed copies) and DIR/site (static HTML). Wire it in with
/// <c>root.Add(RunVerb.Create());</c>. Exit codes: <see cref="RunExitCodes"/> (0 passed, 1 internal error, 2 usage
/// error, 3 a notebook failed, 4 output folder refused, 130 interrupted).
/// </summary>
public static class RunVerb
{
    /// <summary>The <c>run</c> command with its options and action.</summary>
    public static Command Create() => RunCommandFactory.Create();
}
