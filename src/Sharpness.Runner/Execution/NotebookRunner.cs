using System.Diagnostics;
using Sharpness.Runner.Notebooks;
using Sharpness.Runner.Publishing;
using Sharpness.Runner.Site;
using Microsoft.DotNet.Interactive.Documents;

namespace Sharpness.Runner.Execution;

/// <summary>
/// Runs notebooks one after another in a host, then publishes the executed copies and the static site atomically.
/// </summary>
public sealed class NotebookRunner(INotebookHost host)
{
    /// <summary>A runner with our own child-process host.</summary>
    public NotebookRunner() : this(new ChildProcessNotebookHost()) { }

    /// <summary>Observer for run-level progress (notebook started/finished), besides the host's cell callbacks.</summary>
    public IRunProgress Progress { get; init; } = NullRunProgress.Instance;

    /// <summary>
    /// Validates every input first (missing files, bad -p, malformed notebooks, a bad or unsafe --out are user errors
    /// before anything runs), takes the output folder's lock (a second run on the same folder waits), checks that
    /// DIR/notebooks and DIR/site are the runner's own, executes each notebook, then writes DIR/notebooks and DIR/site.
    /// A failing notebook does not stop the others.
    /// </summary>
    public async Task<RunReport> RunAsync(RunOptions options, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var files = NotebookDiscovery.Find(options.Inputs);
        if (files.Count == 0)
            throw new RunnerUserException($"No notebooks found in {string.Join(", ", options.Inputs)}.");
        var output = OutputPath.Validate(options.OutputDirectory, files);

        var prepared = files.Select(path => Prepare(path, options)).ToList();
        foreach (var p in options.Parameters)
        {
            if (!prepared.Any(n => n.Parameters.Contains(p)))
                throw new RunnerUserException(files.Count == 1
                    ? $"{Path.GetFileName(files[0])}: parameter '{p.Name}' is not declared in its parameters cell (it declares: {DeclaredNames(prepared[0].Document)})."
                    : $"Parameter '{p.Name}' is not declared in the parameters cell of any notebook.");
        }
        // Every plan is made up front (parameters injected and checked against their declared types), so bad values
        // are usage errors before anything runs and the next notebook's process can start early.
        var plans = prepared.Select(n =>
        {
            var injectedAt = ParametersCell.Inject(n.Document, n.Parameters, System.IO.Path.GetFileName(n.Path));
            return NotebookPlanner.Plan(n.Path, n.Document, injectedAt, options.CellTimeout) with { PackageSources = options.PackageSources };
        }).ToList();

        // Refusals change nothing, not even a lock file; the check is repeated under the lock (another run may have
        // published meanwhile) and once more right before the swap.
        OutputOwnership.Check(output);
        using var outputLock = await OutputLock.AcquireAsync(output, Progress.Notice, cancellationToken);
        OutputOwnership.Check(output);
        var executed = await ExecuteAllAsync(plans, prepared, options.PrestartNextNotebook, cancellationToken);

        var report = new RunReport(executed, clock.Elapsed, output);
        AtomicOutput.Publish(report.OutputDirectory, staging =>
        {
            var notebooksDir = Directory.CreateDirectory(Path.Combine(staging, "notebooks")).FullName;
            foreach (var n in executed)
                File.WriteAllText(Path.Combine(notebooksDir, n.Name + ".ipynb"), NotebookFile.ToJson(n.Document));
            SiteBuilder.Build(Path.Combine(staging, "site"), report with { Elapsed = clock.Elapsed }, options.Title);
        });
        return report with { Elapsed = clock.Elapsed };
    }

    // One notebook after another. A scheduler running several at once (--jobs) replaces only this loop: each
    // notebook's result is independent, and the report keeps the input order.
    private async Task<List<ExecutedNotebook>> ExecuteAllAsync(
        IReadOnlyList<NotebookExecutionPlan> plans, IReadOnlyList<PreparedNotebook> prepared, bool prestart, CancellationToken cancellationToken)
    {
        var prestarting = prestart ? host as IPrestartingNotebookHost : null;
        var executed = new List<ExecutedNotebook>();
        try
        {
            for (var i = 0; i < plans.Count; i++)
            {
                // The next notebook's process starts once this one's kernel is up and running its first cell: two
                // cold starts at once would only compete for the same cores.
                var next = i + 1 < plans.Count ? plans[i + 1] : null;
                var observer = prestarting is null || next is null
                    ? (INotebookRunObserver)Progress
                    : new PrestartOnFirstCell(Progress, () => prestarting.Prestart(next));
                Progress.NotebookStarted(plans[i], i, plans.Count);
                var result = await host.ExecuteAsync(plans[i], observer, cancellationToken);
                var done = ExecutedNotebook.Create(prepared[i].Path, prepared[i].Document, result);
                Progress.NotebookFinished(done);
                executed.Add(done);
            }
        }
        finally
        {
            prestarting?.CancelPrestart();
        }
        return executed;
    }

    private static string DeclaredNames(InteractiveDocument document)
    {
        var names = ParametersCell.Declarations(document).Select(d => d.Name).Distinct().ToList();
        return names.Count == 0 ? "nothing" : string.Join(", ", names);
    }

    private static PreparedNotebook Prepare(string path, RunOptions options)
    {
        var document = NotebookFile.Load(path);
        var applicable = options.Parameters.Where(p => ParametersCell.Declares(document, p.Name)).ToList();
        return new PreparedNotebook(path, document, applicable);
    }

    private sealed record PreparedNotebook(
        string Path,
        InteractiveDocument Document,
        IReadOnlyList<NotebookParameter> Parameters);
}

/// <summary>Forwards progress and triggers the next notebook's prestart when the first cell starts.</summary>
internal sealed class PrestartOnFirstCell(INotebookRunObserver inner, Action prestart) : INotebookRunObserver
{
    private int _started;

    public void CellStarted(NotebookExecutionPlan plan, PlannedCell cell, int ordinal)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) prestart();
        inner.CellStarted(plan, cell, ordinal);
    }

    public void CellFinished(NotebookExecutionPlan plan, CellResult result) => inner.CellFinished(plan, result);
}

/// <summary>Run-level progress: the host's cell callbacks plus notebook start/finish.</summary>
public interface IRunProgress : INotebookRunObserver
{
    /// <summary>A message for the user that is not about a notebook (e.g. waiting for another run's lock).</summary>
    void Notice(string message) { }

    /// <summary>A notebook is about to run.</summary>
    void NotebookStarted(NotebookExecutionPlan plan, int index, int count);

    /// <summary>A notebook finished.</summary>
    void NotebookFinished(ExecutedNotebook notebook);
}

/// <summary>Ignores progress.</summary>
public sealed class NullRunProgress : IRunProgress
{
    /// <summary>The shared instance.</summary>
    public static readonly NullRunProgress Instance = new();

    /// <inheritdoc />
    public void NotebookStarted(NotebookExecutionPlan plan, int index, int count) { }

    /// <inheritdoc />
    public void NotebookFinished(ExecutedNotebook notebook) { }

    /// <inheritdoc />
    public void CellStarted(NotebookExecutionPlan plan, PlannedCell cell, int ordinal) { }

    /// <inheritdoc />
    public void CellFinished(NotebookExecutionPlan plan, CellResult result) { }
}
