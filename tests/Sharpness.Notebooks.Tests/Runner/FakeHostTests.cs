using Sharpness.Notebooks.Tests.Support;
using Sharpness.Runner.Execution;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>
/// The host seam (<see cref="INotebookHost"/>): the runner publishes whatever a host reports — the stock-host
/// adapter plugs in here. A scripted host keeps these tests fast and independent of kernels.
/// </summary>
public sealed class FakeHostTests
{
    private sealed class ScriptedHost(Action<NotebookRunResult> script) : INotebookHost
    {
        public List<NotebookExecutionPlan> Plans { get; } = new();

        public string Name => "scripted";

        public Task<NotebookRunResult> ExecuteAsync(NotebookExecutionPlan plan, INotebookRunObserver observer, CancellationToken cancellationToken)
        {
            Plans.Add(plan);
            var result = new NotebookRunResult(plan, plan.Cells.Select(c => new CellResult(c)).ToList());
            script(result);
            return Task.FromResult(result);
        }
    }

    [Fact]
    public async Task Plans_name_cells_by_their_number_in_the_source_notebook_and_use_its_folder()
    {
        var host = new ScriptedHost(r => { foreach (var c in r.Cells) c.Status = CellStatus.Succeeded; });
        var output = RepoPaths.NewTempDirectory("fake");
        await new NotebookRunner(host).RunAsync(new RunOptions
        {
            Inputs = new[] { RepoPaths.TestNotebook("basics.ipynb") },
            OutputDirectory = output,
            Parameters = new[] { Sharpness.Runner.Notebooks.NotebookParameter.Parse("n=7") },
        });
        var plan = Assert.Single(host.Plans);
        Assert.Equal(RepoPaths.TestNotebooks, plan.WorkingDirectory);
        // Source cells: 1 markdown, 2 parameters, 3 print, ...; the injected cell sits between 2 and 3.
        Assert.Equal(new[] { 2, 2, 3, 4, 5, 6, 7, 9, 10 }, plan.Cells.Select(c => c.Number));
        Assert.True(plan.Cells[1].IsInjected);
        Assert.Equal("n = 7;", plan.Cells[1].Code.Split('\n')[^1]);
        Assert.Equal(2, plan.Cells.Count(c => c.IsVerification));
    }

    private sealed class PrestartRecordingHost : INotebookHost, IPrestartingNotebookHost
    {
        public List<string> Log { get; } = new();

        public string Name => "recording";

        public void Prestart(NotebookExecutionPlan plan) => Log.Add("prestart " + Path.GetFileName(plan.NotebookPath));

        public void CancelPrestart() => Log.Add("cancel");

        public Task<NotebookRunResult> ExecuteAsync(NotebookExecutionPlan plan, INotebookRunObserver observer, CancellationToken cancellationToken)
        {
            var name = Path.GetFileName(plan.NotebookPath);
            Log.Add("execute " + name);
            var result = new NotebookRunResult(plan, plan.Cells.Select(c => new CellResult(c)).ToList());
            for (var i = 0; i < plan.Cells.Count; i++)
            {
                observer.CellStarted(plan, plan.Cells[i], i);
                Log.Add($"cell {i + 1} of {name}");
                result.Cells[i].Status = CellStatus.Succeeded;
                observer.CellFinished(plan, result.Cells[i]);
            }
            return Task.FromResult(result);
        }
    }

    [Fact]
    public async Task The_next_notebook_is_prestarted_once_the_current_one_runs_its_first_cell()
    {
        var host = new PrestartRecordingHost();
        await new NotebookRunner(host).RunAsync(new RunOptions
        {
            Inputs = new[] { RepoPaths.TestNotebook("failing.ipynb"), RepoPaths.TestNotebook("hanging.ipynb") },
            OutputDirectory = RepoPaths.NewTempDirectory("fake"),
        });
        Assert.Equal(new[]
        {
            "execute failing.ipynb", "prestart hanging.ipynb", "cell 1 of failing.ipynb", "cell 2 of failing.ipynb",
            "cell 3 of failing.ipynb", "cell 4 of failing.ipynb",
            "execute hanging.ipynb", "cell 1 of hanging.ipynb", "cell 2 of hanging.ipynb", "cell 3 of hanging.ipynb",
            "cell 4 of hanging.ipynb", "cancel",
        }, host.Log);
    }

    [Fact]
    public async Task Executed_copies_get_the_polyglot_metadata_even_when_the_source_lacks_it()
    {
        var folder = Directory.CreateDirectory(Path.Combine(RepoPaths.NewTempDirectory("bare"), "notebooks")).FullName;
        var bare = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoPaths.TestNotebook("failing.ipynb")))!;
        bare["metadata"] = new System.Text.Json.Nodes.JsonObject();
        File.WriteAllText(Path.Combine(folder, "bare.ipynb"), bare.ToJsonString());
        var host = new ScriptedHost(r => { foreach (var c in r.Cells) c.Status = CellStatus.Succeeded; });
        var report = await new NotebookRunner(host).RunAsync(new RunOptions
        {
            Inputs = new[] { folder },
            OutputDirectory = Path.Combine(Path.GetDirectoryName(folder)!, "artifacts"),
        });
        var executed = Path.Combine(report.NotebooksDirectory, "bare.ipynb");
        Assert.Empty(NbformatCheck.Problems(executed));
        var byNbformat = NbformatCheck.ValidateWithNbformat(executed);
        if (byNbformat is not null) Assert.Equal("", byNbformat);
    }

    [Fact]
    public async Task A_host_that_dies_is_reported_as_a_failed_notebook_on_the_index()
    {
        var host = new ScriptedHost(r =>
        {
            r.Cells[0].Status = CellStatus.Succeeded;
            r.Cells[0].AddOutput(CellOutput.Text(OutputKind.Stdout, "first\n"));
            r.Cells[1].Status = CellStatus.Failed;
            r.Cells[1].Error = "The notebook process exited unexpectedly (exit code 134).";
            r.Cells[1].AddOutput(CellOutput.Text(OutputKind.Error, r.Cells[1].Error!));
        });
        var output = RepoPaths.NewTempDirectory("fake");
        var report = await new NotebookRunner(host).RunAsync(new RunOptions
        {
            Inputs = new[] { RepoPaths.TestNotebook("failing.ipynb") },
            OutputDirectory = output,
        });

        Assert.False(report.Succeeded);
        var index = File.ReadAllText(report.IndexPage);
        Assert.Contains("1 of 1 notebooks failed", index);
        Assert.Contains("failed: cell 3 (// verify: passes): The notebook process exited unexpectedly (exit code 134).", index);
        var page = File.ReadAllText(Path.Combine(report.SiteDirectory, "failing.html"));
        Assert.Contains("This notebook did not run to the end.", page);
        Assert.Empty(NbformatCheck.Problems(Path.Combine(report.NotebooksDirectory, "failing.ipynb")));
    }
}
