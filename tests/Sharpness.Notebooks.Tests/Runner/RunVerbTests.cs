using System.Text.Json;
using Sharpness.Notebooks.Tests.Support;
using static Sharpness.Notebooks.Tests.Support.ExecutedIpynb;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>What the `run` verb does with real notebooks in real child processes.</summary>
[Collection(MainRunCollection.Name)]
public sealed class RunVerbTests(MainRunFixture fixture)
{
    [Fact]
    public void A_failing_cell_makes_the_run_exit_non_zero_naming_notebook_and_cell()
    {
        Assert.Equal(3, fixture.Run.ExitCode); // RunExitCodes.NotebookFailed
        var output = fixture.Run.Output;
        Assert.Contains("kit passed", output);
        Assert.Contains("failing.ipynb, cell 4 (throw new InvalidOperationException(\"deliberate failure\");)", output);
        Assert.Contains("deliberate failure", output);
        // User-facing output: no stack traces.
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void Cells_after_the_failure_do_not_run()
    {
        var executed = new ExecutedIpynb(fixture.ExecutedNotebook("failing"));
        var failed = executed.CellStartingWith("throw new InvalidOperationException");
        var error = Outputs(failed).Single(o => o.GetProperty("output_type").GetString() == "error");
        Assert.Equal("System.InvalidOperationException", error.GetProperty("ename").GetString());
        Assert.Equal("deliberate failure", error.GetProperty("evalue").GetString());
        var after = executed.CellStartingWith("Console.WriteLine(\"not executed\")");
        Assert.Empty(Outputs(after));
        Assert.Equal(JsonValueKind.Null, after.GetProperty("execution_count").ValueKind);
        var summary = fixture.Summary("failing");
        Assert.Equal(4, summary.GetProperty("failedCell").GetInt32());
        Assert.Equal(3, summary.GetProperty("cellsRun").GetInt32());
    }

    [Fact]
    public void Parameter_overrides_are_injected_right_after_the_parameters_cell()
    {
        var executed = new ExecutedIpynb(fixture.ExecutedNotebook("basics"));
        var cells = executed.Cells.ToList();
        var at = cells.FindIndex(c => Tags(c).Contains("parameters"));
        Assert.True(at >= 0);
        var injected = cells[at + 1];
        Assert.Contains("injected-parameters", Tags(injected));
        Assert.Contains("n = 5;", Source(injected));
        // The defaults cell itself is unchanged; the notebook saw the overrides (strings quoted, numbers verbatim).
        Assert.Contains("var n = 3;", Source(cells[at]));
        var printed = StreamText(executed.CellStartingWith("Console.WriteLine($\"n={n}"), "stdout");
        Assert.Equal($"n=5 label={MainRunFixture.LabelValue} scale=1.5 verbose=False\n", printed);
    }

    [Fact]
    public void Outputs_keep_their_mime_types_and_streams()
    {
        var executed = new ExecutedIpynb(fixture.ExecutedNotebook("basics"));
        var printing = executed.CellStartingWith("Console.WriteLine($\"n={n}");
        Assert.Equal("to stderr\n", StreamText(printing, "stderr"));

        var displaying = executed.CellStartingWith("display(\"displayed text\")");
        var outputs = Outputs(displaying).ToList();
        Assert.Equal("display_data", outputs[0].GetProperty("output_type").GetString());
        Assert.Equal("displayed text", Join(outputs[0].GetProperty("data").GetProperty("text/plain")));
        Assert.Equal("execute_result", outputs[1].GetProperty("output_type").GetString());
        Assert.Contains("10", Join(outputs[1].GetProperty("data").GetProperty("text/html")));

        var chart = executed.Cells.First(c => Source(c).StartsWith("// A chart that follows", StringComparison.Ordinal));
        var html = Join(Outputs(chart).Single().GetProperty("data").GetProperty("text/html"));
        Assert.Contains("class=\"sharpness-chart\"", html);
    }

    [Fact]
    public void Executed_cells_are_numbered_in_order()
    {
        var executed = new ExecutedIpynb(fixture.ExecutedNotebook("basics"));
        var counts = executed.Cells.Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => c.GetProperty("execution_count").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, counts.Count), counts);
    }

    [Fact]
    public void The_kit_loads_through_the_verbatim_setup_cell_and_draws_a_chart()
    {
        var kit = fixture.Summary("kit");
        Assert.True(kit.GetProperty("succeeded").GetBoolean(), kit.GetProperty("status").GetString());
        // Both checks in the notebook ran: nothing of ours preloaded in the child, FSharp.Core 10.1, kit from bin/kit.
        Assert.Equal(2, kit.GetProperty("verificationsPassed").GetInt32());
        Assert.Equal(1, kit.GetProperty("charts").GetInt32());
    }

    [Fact]
    public void Verification_cells_are_counted()
    {
        var basics = fixture.Summary("basics");
        Assert.Equal(2, basics.GetProperty("verificationsPassed").GetInt32());
        Assert.Equal(2, basics.GetProperty("verificationsTotal").GetInt32());
        var failing = fixture.Summary("failing");
        Assert.Equal(1, failing.GetProperty("verificationsPassed").GetInt32());
        Assert.Contains("Verified", fixture.Run.Output);
    }

    [Fact]
    public void Executed_notebooks_are_valid_nbformat_with_polyglot_metadata()
    {
        foreach (var name in MainRunFixture.NotebookNames)
        {
            var path = fixture.ExecutedNotebook(name);
            Assert.Empty(NbformatCheck.Problems(path));
            var byNbformat = NbformatCheck.ValidateWithNbformat(path);
            if (byNbformat is not null) Assert.Equal("", byNbformat);
        }
    }

    [Fact]
    public void Summary_table_reports_time_per_notebook()
    {
        foreach (var name in MainRunFixture.NotebookNames)
        {
            var summary = fixture.Summary(name);
            var seconds = summary.GetProperty("seconds").GetDouble();
            var startup = summary.GetProperty("startupSeconds").GetDouble();
            Assert.InRange(startup, 0.01, seconds);
        }
        Assert.Matches(@"basics\W+9/9\W+\d+\.\d s\W+passed\W+2/2", fixture.Run.Output);
    }
}
