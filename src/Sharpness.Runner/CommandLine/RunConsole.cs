using Spectre.Console;

namespace Sharpness.Runner.CommandLine;

/// <summary>
/// The console the run verb writes to. On a terminal, Spectre.Console's own detection (colors, the live status line).
/// When standard output is not a terminal — a CI log, a pipe, a file — plain text: no ANSI escape sequences at all,
/// neither colors nor cursor movement, so every progress line reads as written; the width is <c>COLUMNS</c> when set,
/// else 120 (Spectre would otherwise wrap the summary table at 80).
/// </summary>
public static class RunConsole
{
    /// <summary>The console for the current process's standard output.</summary>
    public static IAnsiConsole Create() => Console.IsOutputRedirected ? Plain(Console.Out) : AnsiConsole.Console;

    /// <summary>A console that writes plain text (no escape sequences, not interactive) to <paramref name="output"/>.</summary>
    public static IAnsiConsole Plain(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40 ? columns : 120;
        return console;
    }
}
