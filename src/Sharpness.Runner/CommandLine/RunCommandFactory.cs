using System.CommandLine;
using Sharpness.Runner.Execution;
using Sharpness.Runner.Execution.Child;
using Sharpness.Runner.Notebooks;
using Spectre.Console;

namespace Sharpness.Runner.CommandLine;

/// <summary>
/// Builds the <c>run</c> verb: <c>sharpness run [NOTEBOOK.ipynb | FOLDER …] [--out DIR] [--timeout SECONDS]
/// [-p NAME=VALUE …] [--package-source DIR …] [--jobs N] [--junit FILE]</c>. Exit codes: <see cref="RunExitCodes"/> (0 passed, 1 internal error, 2 usage error,
/// 3 a notebook failed, 4 output folder refused, 130 interrupted); errors are one <c>sharpness: </c> line on stderr, never a stack trace.
/// </summary>
public static class RunCommandFactory
{
    /// <summary>The largest --timeout accepted (one week): beyond it a "limit" is no limit, and timers overflow.</summary>
    public const double MaxTimeoutSeconds = 7 * 24 * 3600;

    /// <summary>The <c>run</c> command. <paramref name="console"/> defaults to the terminal.</summary>
    public static Command Create(IAnsiConsole? console = null)
    {
        var inputs = new Argument<string[]>("notebooks")
        {
            Description = $"Notebook files or folders of notebooks (default: {RunOptions.DefaultInput}/).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Output folder: executed copies in DIR/notebooks, the site in DIR/site (entry DIR/site/index.html).",
            HelpName = "DIR",
            DefaultValueFactory = _ => RunOptions.DefaultOutput,
        };
        var timeout = new Option<double>("--timeout", "-t")
        {
            Description = "Per-cell time limit in seconds (at most 604800, one week); a cell running longer is stopped and reported.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => RunOptions.DefaultCellTimeout.TotalSeconds,
        };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "Override a variable declared in the cell tagged 'parameters' (repeatable); the value is read as the variable's declared type (int, long, double, float, decimal, bool, string, or a comma-separated array of them).",
            HelpName = "NAME=VALUE",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var title = new Option<string>("--title")
        {
            Description = "Title of the site's index page.",
            HelpName = "TEXT",
            DefaultValueFactory = _ => new RunOptions().Title,
        };
        var packageSources = new Option<string[]>("--package-source")
        {
            Description = "A local package folder (or feed URL) every notebook restores #r \"nuget: …\" packages from, as if it began with #i \"nuget: DIR\" (repeatable); e.g. the folder `dotnet pack` wrote the kit to.",
            HelpName = "DIR",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var jobs = new Option<int?>("--jobs", "-j")
        {
            Description = $"Notebooks run at once, each in its own process (default: the number of cores, here {Environment.ProcessorCount}; at most the number of notebooks). Outputs are the same as one at a time.",
            HelpName = "N",
        };
        var junit = new Option<string?>("--junit")
        {
            Description = "Also write a JUnit XML report for CI dashboards: one test case per notebook and per verification cell (failures with cell, first line, error and captured output; skipped after a failure).",
            HelpName = "FILE",
        };
        var noPrestart = new Option<bool>("--no-prestart")
        {
            Description = "Do not start the next notebook's process early (for timing comparisons)",
            Hidden = true,
        };
        var command = new Command("run", "Execute notebooks headlessly (one process per notebook) and build the static site.")
        {
            inputs, output, timeout, parameters, title, packageSources, jobs, junit, noPrestart,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var terminal = console ?? RunConsole.Create();
            try
            {
                var seconds = parse.GetValue(timeout);
                if (!(seconds > 0) || double.IsInfinity(seconds))
                    throw new RunnerUserException($"--timeout must be a positive number of seconds, got {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
                if (seconds > MaxTimeoutSeconds)
                    throw new RunnerUserException($"--timeout must be at most {MaxTimeoutSeconds:0} seconds (one week), got {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
                var jobCount = parse.GetValue(jobs) ?? DefaultJobs;
                if (jobCount < 1)
                    throw new RunnerUserException($"--jobs must be at least 1, got {jobCount}.");
                var given = parse.GetValue(inputs) ?? Array.Empty<string>();
                var options = new RunOptions
                {
                    Inputs = given.Length == 0 ? new[] { RunOptions.DefaultInput } : given,
                    OutputDirectory = parse.GetValue(output) ?? RunOptions.DefaultOutput,
                    CellTimeout = TimeSpan.FromSeconds(seconds),
                    Parameters = (parse.GetValue(parameters) ?? Array.Empty<string>()).Select(NotebookParameter.Parse).ToList(),
                    Title = parse.GetValue(title) ?? new RunOptions().Title,
                    PackageSources = (parse.GetValue(packageSources) ?? Array.Empty<string>()).Select(PackageSource).ToList(),
                    PrestartNextNotebook = !parse.GetValue(noPrestart),
                    Jobs = jobCount,
                    JUnitPath = parse.GetResult(junit) is null ? null : parse.GetValue(junit) ?? "",
                };
                return await RunAsync(options, terminal, cancellationToken);
            }
            catch (Exception e)
            {
                // Issue 16: one line on stderr, plain (Spectre would wrap it and send it to stdout).
                var (code, line) = RunErrorReport.For(e, cancellationToken.IsCancellationRequested);
                var stderr = parse.InvocationConfiguration.Error;
                stderr.WriteLine(line);
                stderr.Flush();
                return code;
            }
        });
        return command;
    }

    /// <summary>The default of --jobs: one notebook per core (the runner caps it at the number of notebooks).</summary>
    public static int DefaultJobs => Math.Max(1, Environment.ProcessorCount);

    /// <summary>A --package-source value as the kernel needs it: an existing folder becomes absolute (#i refuses
    /// relative paths), a URL passes through; anything else is a usage error.</summary>
    internal static string PackageSource(string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return value;
        if (value.Contains('"'))
            throw new RunnerUserException($"--package-source {value}: a package folder path may not contain '\"'.");
        var full = Path.GetFullPath(value);
        if (!Directory.Exists(full))
            throw new RunnerUserException($"--package-source {value}: no such folder ({full}).");
        return full;
    }

    /// <summary>The hidden verb that turns the executable into a notebook child (one process per notebook).</summary>
    public static Command CreateChildCommand()
    {
        var plan = new Argument<string>("plan") { Description = "Plan file written by the parent" };
        var command = new Command(ChildProtocol.Verb, "Internal: execute one notebook's cells for `run`") { plan };
        command.Hidden = true;
        command.SetAction((parse, _) => NotebookChild.RunAsync(parse.GetValue(plan)!));
        return command;
    }

    /// <summary>Runs with progress on <paramref name="console"/> and prints the summary table; returns the exit code.</summary>
    public static async Task<int> RunAsync(RunOptions options, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var progress = new ConsoleRunProgress(console);
        var runner = new NotebookRunner { Progress = progress };
        var report = await progress.ShowAsync(() => runner.RunAsync(options, cancellationToken));
        SummaryTable.Write(console, report);
        return report.Succeeded ? RunExitCodes.Success : RunExitCodes.NotebookFailed;
    }
}
