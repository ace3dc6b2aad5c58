using System.Diagnostics;
using Sharpness.Runner.Notebooks;
using Sharpness.Runner.Publishing;
using Sharpness.Runner.Reports;
using Sharpness.Runner.Site;
using Microsoft.DotNet.Interactive.Documents;

namespace Sharpness.Runner.Execution;

/// <summary>
/// Runs notebooks in a host — one after another, or <see cref="RunOptions.Jobs"/> at once — then publishes the
/// executed copies and the static site atomically, and writes the JUnit report when asked.
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
        var started = DateTimeOffset.UtcNow;
        if (options.Jobs < 1)
            throw new RunnerUserException($"--jobs must be at least 1, got {options.Jobs}.");
        var files = NotebookDiscovery.Find(options.Inputs);
        if (files.Count == 0)
            throw new RunnerUserException($"No notebooks found in {string.Join(", ", options.Inputs)}.");
        var output = OutputPath.Validate(options.OutputDirectory, files);
        var junit = options.JUnitPath is null ? null : ReportPath.Validate(options.JUnitPath, output, files);

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
        var jobs = Math.Min(options.Jobs, plans.Count);
        var executed = jobs == 1
            ? await ExecuteAllAsync(plans, prepared, options.PrestartNextNotebook, cancellationToken)
            : await ExecuteConcurrentlyAsync(plans, prepared, jobs, cancellationToken);

        var report = new RunReport(executed, clock.Elapsed, output) { Started = started };
        AtomicOutput.Publish(report.OutputDirectory, staging =>
        {
            var notebooksDir = Directory.CreateDirectory(Path.Combine(staging, "notebooks")).FullName;
            foreach (var n in executed)
                File.WriteAllText(Path.Combine(notebooksDir, n.Name + ".ipynb"), NotebookFile.ToJson(n.Document));
            SiteBuilder.Build(Path.Combine(staging, "site"), report with { Elapsed = clock.Elapsed }, options.Title);
        });
        report = report with { Elapsed = clock.Elapsed };
        // After publishing (still under the lock): the report describes what is in DIR/site.
        if (junit is not null) JUnitReport.Write(junit, report);
        return report;
    }

    // One notebook after another (--jobs 1); ExecuteConcurrentlyAsync is the --jobs N version. Each notebook's result
    // is independent of the others', and the report keeps the input order.
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
                var startedAt = DateTimeOffset.UtcNow;
                var result = await host.ExecuteAsync(plans[i], observer, cancellationToken);
                result.Started = startedAt;
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

    // --jobs N: N workers take the next notebook in input order as soon as they are free, each notebook in its own
    // host process (the child-process host starts one per ExecuteAsync). Results land at their input index, so the
    // report, the site and the executed copies are those of a serial run. No prestart: with every core running a
    // notebook, an early start would only compete with them. A worker that fails (a bug, or cancellation) stops the
    // others, whose hosts kill their children on cancellation.
    private async Task<List<ExecutedNotebook>> ExecuteConcurrentlyAsync(
        IReadOnlyList<NotebookExecutionPlan> plans, IReadOnlyList<PreparedNotebook> prepared, int jobs, CancellationToken cancellationToken)
    {
        var executed = new ExecutedNotebook?[plans.Count];
        var next = -1;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        async Task Worker()
        {
            try
            {
                for (var i = Interlocked.Increment(ref next); i < plans.Count; i = Interlocked.Increment(ref next))
                {
                    stop.Token.ThrowIfCancellationRequested();
                    Progress.NotebookStarted(plans[i], i, plans.Count);
                    var startedAt = DateTimeOffset.UtcNow;
                    var result = await host.ExecuteAsync(plans[i], Progress, stop.Token);
                    result.Started = startedAt;
                    var done = ExecutedNotebook.Create(prepared[i].Path, prepared[i].Document, result);
                    Progress.NotebookFinished(done);
                    executed[i] = done;
                }
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }
        var workers = Enumerable.Range(0, jobs).Select(_ => Task.Run(Worker, CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch when (workers.FirstOrDefault(w => w.IsFaulted && w.Exception!.InnerException is not OperationCanceledException) is { } faulted)
        {
            // The first real error, not the cancellations it caused in the other workers.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(faulted.Exception!.InnerException!).Throw();
        }
        return executed.Select(e => e!).ToList();
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
