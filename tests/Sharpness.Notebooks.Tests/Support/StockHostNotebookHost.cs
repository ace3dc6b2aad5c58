using System.Diagnostics;
using System.Text.Json.Nodes;
using Sharpness.TestSupport.Hosting;
using Sharpness.Runner.Execution;

namespace Sharpness.Notebooks.Tests.Support;

/// <summary>
/// The runner's host seam (<see cref="INotebookHost"/>) implemented over the stock host VS Code uses
/// (dotnet-interactive 1.0.712001 over stdio), through Sharpness.Interactive's <see cref="StockHostSession"/>: the
/// same plan, the same results, so one notebook can be compared across both hosts. It lives with the tests because
/// the runner itself must not reference Sharpness.Interactive (that would load the kit into every notebook child).
/// </summary>
public sealed class StockHostNotebookHost(string toolDirectory) : INotebookHost
{
    private static readonly string[] ValueEvents =
        { "ReturnValueProduced", "DisplayedValueProduced", "DisplayedValueUpdated", "StandardOutputValueProduced", "StandardErrorValueProduced" };

    public string Name => "stock";

    public async Task<NotebookRunResult> ExecuteAsync(NotebookExecutionPlan plan, INotebookRunObserver observer, CancellationToken cancellationToken)
    {
        var results = plan.Cells.Select(c => new CellResult(c)).ToList();
        var run = new NotebookRunResult(plan, results);
        var clock = Stopwatch.StartNew();
        StockHostSession session;
        try
        {
            session = await StockHostSession.StartAsync(
                new StockHostOptions(toolDirectory, plan.WorkingDirectory) { CommandTimeout = plan.CellTimeout }, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            run.HostError = e.Message;
            run.Elapsed = clock.Elapsed;
            return run;
        }
        using (session)
        {
            run.Startup = clock.Elapsed;
            for (var i = 0; i < results.Count; i++)
            {
                var cell = results[i];
                observer.CellStarted(plan, cell.Cell, i);
                var reply = await session.SubmitCodeAsync(cell.Cell.Code, plan.CellTimeout, cell.Cell.KernelName, cancellationToken);
                foreach (var e in reply.Events.Where(e => ValueEvents.Contains(e.EventType)))
                    cell.AddOutput(ToOutput(e), e.EventType == "DisplayedValueUpdated");
                cell.Elapsed = reply.Elapsed;
                cell.Status = reply.Outcome switch
                {
                    HostCommandOutcome.Succeeded => CellStatus.Succeeded,
                    HostCommandOutcome.TimedOut => CellStatus.TimedOut,
                    _ => CellStatus.Failed,
                };
                if (!reply.Succeeded)
                {
                    cell.Error = reply.Outcome == HostCommandOutcome.TimedOut
                        ? $"Timed out after {plan.CellTimeout.TotalSeconds:0.#} s (the cell was stopped)."
                        : reply.Message ?? "The cell failed.";
                    cell.AddOutput(CellOutput.Text(OutputKind.Error, cell.Error));
                }
                observer.CellFinished(plan, cell);
                if (!reply.Succeeded) break;
            }
        }
        run.Elapsed = clock.Elapsed;
        return run;
    }

    private static CellOutput ToOutput(HostEvent e)
    {
        var data = new Dictionary<string, string>();
        foreach (var value in (e.Event["formattedValues"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
        {
            if ((bool?)value["suppressDisplay"] == true) continue;
            data[(string?)value["mimeType"] ?? "text/plain"] = (string?)value["value"] ?? "";
        }
        var kind = e.EventType switch
        {
            "StandardOutputValueProduced" => OutputKind.Stdout,
            "StandardErrorValueProduced" => OutputKind.Stderr,
            "ReturnValueProduced" => OutputKind.ReturnValue,
            _ => OutputKind.Display,
        };
        var valueId = (e.Event["valueId"] as JsonValue)?.GetValue<string>();
        return new CellOutput(kind, data, kind is OutputKind.Stdout or OutputKind.Stderr ? null : valueId);
    }
}
