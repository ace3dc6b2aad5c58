using System.CommandLine;
using Sharpness.Runner.CommandLine;

namespace Sharpness.Cli;

/// <summary>
/// <c>sharpness run [NOTEBOOK.ipynb | FOLDER …] [--out DIR] [--timeout SECONDS] [-p NAME=VALUE …]</c>: executes
/// notebooks headlessly (one child process per notebook, started from the Sharpness.Runner assembly next to this
/// one) and writes DIR/notebooks (executed copies) and DIR/site (static HTML). Wire it in with
/// <c>root.Add(RunVerb.Create());</c>. Exit codes: 0 passed, 1 a cell failed or timed out, 2 usage error.
/// </summary>
public static class RunVerb
{
    /// <summary>The <c>run</c> command with its options and action.</summary>
    public static Command Create() => RunCommandFactory.Create();
}
