using System.CommandLine;
using Sharpness.Runner.CommandLine;
using Spectre.Console;

namespace Sharpness.Notebooks.Tests.Support;

/// <summary>Invokes the `run` verb as a user would, capturing the exit code and everything it printed.</summary>
public sealed record CommandRun(int ExitCode, string Output, TimeSpan Elapsed)
{
    public static async Task<CommandRun> InvokeAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        var root = new RootCommand { RunCommandFactory.Create(console) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var config = new InvocationConfiguration { Output = writer, Error = writer };
        var exit = await root.Parse(new[] { "run" }.Concat(args).ToArray()).InvokeAsync(config);
        return new CommandRun(exit, writer.ToString(), clock.Elapsed);
    }
}
