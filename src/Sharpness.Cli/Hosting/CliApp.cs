using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Sharpness.Cli.Analyze;
using Sharpness.Cli.Escape;

namespace Sharpness.Cli.Hosting;

/// <summary>
/// The <c>sharpness</c> root command and its invocation: parse, report parse errors as one line with exit code
/// <see cref="ExitCodes.Usage"/>, run the verb, and map every exception to a one-line message and an exit code.
/// </summary>
public static class CliApp
{
    /// <summary>The command's name in help and errors, however it is started (installed tool, dotnet run, dll).</summary>
    public const string CommandName = "sharpness";

    /// <summary>The root command with the analyze and escape verbs. More verbs (run) are added by the caller.</summary>
    /// <remarks>A plain <see cref="Command"/> named <see cref="CommandName"/> with help and version options, not a
    /// <see cref="RootCommand"/>: that one is named after the entry assembly (Sharpness.Cli), which the usage lines of
    /// the help would then show.</remarks>
    public static Command CreateRootCommand() => CreateRootCommand(null);

    /// <summary>The verbs of <see cref="CreateRootCommand()"/>, by name: each built only when asked for.</summary>
    public static IReadOnlyDictionary<string, Func<Command>> Verbs { get; } = new Dictionary<string, Func<Command>>(StringComparer.Ordinal)
    {
        ["analyze"] = AnalyzeCommand.Create,
        ["escape"] = EscapeCommand.Create,
        ["train"] = Train.TrainCommand.Create,
    };

    /// <summary>The root command with only the verb <paramref name="verb"/> when it is one of
    /// <paramref name="verbs"/> (default <see cref="Verbs"/>), else with all of them: a command line that names its
    /// verb parses the same either way, and a process that runs one verb need not build (and JIT) the others' options
    /// (≈ 10–20 ms of a cold start). Help, version and a mistyped verb see every verb.</summary>
    public static Command CreateRootCommand(string? verb, IReadOnlyDictionary<string, Func<Command>>? verbs = null)
    {
        verbs ??= Verbs;
        var root = new Command(CommandName,
            "Exact sharpness (largest Hessian eigenvalue of ½‖W_N⋯W_1 − M‖²_F) of a deep linear network, " +
            "and gradient-descent escape runs from it.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        if (verb is not null && verbs.TryGetValue(verb, out var only)) root.Subcommands.Add(only());
        else foreach (var create in verbs.Values) root.Subcommands.Add(create());
        return root;
    }

    /// <summary>Runs the command line <paramref name="args"/> on <paramref name="root"/> with the given output
    /// writers; returns the exit code. No exception escapes.</summary>
    public static int Run(Command root, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            // No response files: a layer file whose name starts with '@' is a file, not a list of arguments.
            var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parsed.Action is ParseErrorAction && parsed.Errors.Count > 0)
            {
                string message = UnknownVerb(root, parsed, args) ??
                    ParseErrors.Readable(string.Join(' ', parsed.Errors[0].Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim())));
                stderr.WriteLine($"sharpness: error: {message} (see 'sharpness {VerbOf(root, parsed)}--help')");
                return ExitCodes.Usage;
            }
            var configuration = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            };
            return parsed.Invoke(configuration);
        }
        catch (Exception e)
        {
            var (code, line) = ErrorReport.For(e);
            stderr.WriteLine(line);
            return code;
        }
    }

    /// <summary>Runs with a fresh root command.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        Run(CreateRootCommand(), args, stdout, stderr);

    // System.CommandLine reports a mistyped verb ('analyse') first as "Required command was not provided.", which hides
    // the typo: name the word and the verbs instead.
    private static string? UnknownVerb(Command root, ParseResult parsed, IReadOnlyList<string> args)
    {
        if (parsed.CommandResult.Command != root || args.Count == 0 || args[0].StartsWith('-') || root.Subcommands.Count == 0) return null;
        if (root.Subcommands.Any(c => c.Name == args[0] || c.Aliases.Contains(args[0]))) return null;
        return $"unknown verb '{args[0]}'; the verbs are {string.Join(", ", root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
    }

    private static string VerbOf(Command root, ParseResult parsed) =>
        parsed.CommandResult.Command == root ? "" : parsed.CommandResult.Command.Name + " ";
}
