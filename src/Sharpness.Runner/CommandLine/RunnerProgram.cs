using System.CommandLine;

namespace Sharpness.Runner.CommandLine;

/// <summary>Entry point of the runner executable: the hidden child verb, plus <c>run</c> for standalone use.</summary>
public static class RunnerProgram
{
    /// <summary>Parses and invokes.</summary>
    public static Task<int> MainAsync(string[] args)
    {
        var root = new RootCommand("Sharpness notebook runner")
        {
            RunCommandFactory.Create(),
            RunCommandFactory.CreateChildCommand(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
