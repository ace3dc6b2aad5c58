using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner.Reports;

/// <summary>
/// One real run (two notebooks at once) over three small notebooks: one passes, one fails in a verification cell
/// after printing to both streams, one times out in a verification cell. The JUnit report and summary.json must carry
/// each field a CI dashboard shows.
/// </summary>
public sealed class JUnitRunFixture : IAsyncLifetime
{
    public const int TimeoutSeconds = 20;

    public string Root { get; } = RepoPaths.NewTempDirectory("junit");

    public string ReportPath => Path.Combine(Root, "artifacts", "junit.xml");

    public CommandRun Run { get; private set; } = null!;

    public string Xml { get; private set; } = "";

    public XElement Report { get; private set; } = null!;

    public JsonElement Summary { get; private set; }

    public async Task InitializeAsync()
    {
        var notebooks = Directory.CreateDirectory(Path.Combine(Root, "notebooks")).FullName;
        NotebookWriter.Write(Path.Combine(notebooks, "a-pass.ipynb"),
            "var x = 2;\npublic static class Verify { public static void That(string claim, bool holds) { if (!holds) throw new Exception(claim); } }",
            "// verify\nVerify.That(\"x = 2\", x == 2);\n// Verify.That(\"a commented-out check\", false);\nVerify.That($\"x + {1} = {x + 1}\", true);");
        NotebookWriter.Write(Path.Combine(notebooks, "b-fail.ipynb"),
            "// verify: λ matches the closed form\nConsole.WriteLine(\"λ = 1.5\");\nConsole.Error.WriteLine(\"a warning\");\nthrow new InvalidOperationException(\"λ mismatch: 1.5 vs 2\");",
            "// verify\nVerify.That(\"never runs\", false);");
        NotebookWriter.Write(Path.Combine(notebooks, "c-slow.ipynb"),
            "// verify: ends in time\nConsole.WriteLine(\"started\");\nwhile (true) System.Threading.Thread.Sleep(50);",
            "// verify\nVerify.Close($\"after the hang: {n} of {m}\", 1, 2);\nVerify.That(@\"a \"\"quoted\"\" claim\", false);");
        Run = await CommandRun.InvokeAsync(notebooks, "--out", Path.Combine(Root, "artifacts"),
            "--timeout", TimeoutSeconds.ToString(CultureInfo.InvariantCulture), "--jobs", "2", "--junit", ReportPath);
        Xml = File.Exists(ReportPath) ? await File.ReadAllTextAsync(ReportPath) : "";
        if (Xml.Length > 0) Report = XDocument.Parse(Xml).Root!;
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Root, "artifacts", "site", "summary.json")));
        Summary = summary.RootElement.Clone();
    }

    public Task DisposeAsync()
    {
        RepoPaths.DeleteQuietly(Root);
        return Task.CompletedTask;
    }
}

public sealed class JUnitReportTests(JUnitRunFixture fixture) : IClassFixture<JUnitRunFixture>
{
    private XElement Suite(string name) => fixture.Report.Elements("testsuite").Single(s => (string?)s.Attribute("name") == name);

    private static XElement Case(XElement suite, string name) =>
        suite.Elements("testcase").Single(c => (string?)c.Attribute("name") == name);

    private static double Seconds(XElement e) => double.Parse((string)e.Attribute("time")!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private JsonElement NotebookSummary(string name) =>
        fixture.Summary.GetProperty("notebooks").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);

    [Fact]
    public void The_report_follows_the_junit_conventions_and_counts_every_case()
    {
        Assert.Equal(3, fixture.Run.ExitCode); // RunExitCodes.NotebookFailed: the report is still written
        Assert.Empty(JUnitConventions.Problems(fixture.Xml));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", fixture.Xml);
        var root = fixture.Report;
        Assert.Equal("testsuites", root.Name.LocalName);
        // 3 notebook cases + 1 + 2 + 2 verification cases.
        Assert.Equal("8", (string?)root.Attribute("tests"));
        Assert.Equal("4", (string?)root.Attribute("failures")); // b: notebook + cell 2; c: notebook + cell 2 (timeout)
        Assert.Equal("0", (string?)root.Attribute("errors"));
        Assert.Equal("2", (string?)root.Attribute("skipped"));
        Assert.Equal(new[] { "a-pass", "b-fail", "c-slow" }, root.Elements("testsuite").Select(s => (string?)s.Attribute("name")));
        Assert.Equal(new[] { "0", "1", "2" }, root.Elements("testsuite").Select(s => (string?)s.Attribute("id")));
        // Times are seconds: the timed-out notebook ran at least its time limit, and the run at least as long.
        Assert.True(Seconds(Suite("c-slow")) >= JUnitRunFixture.TimeoutSeconds, fixture.Xml);
        Assert.True(Seconds(root) >= Seconds(Suite("c-slow")));
        Assert.True(Seconds(root) < fixture.Run.Elapsed.TotalSeconds + 1);
    }

    [Fact]
    public void A_passing_notebook_has_a_passing_case_and_one_per_verification_cell()
    {
        var suite = Suite("a-pass");
        Assert.Equal("2", (string?)suite.Attribute("tests"));
        Assert.Equal("0", (string?)suite.Attribute("failures"));
        var notebook = Case(suite, "a-pass.ipynb");
        Assert.Empty(notebook.Elements());
        Assert.Equal("a-pass", (string?)notebook.Attribute("classname"));
        Assert.EndsWith("a-pass.ipynb", (string?)notebook.Attribute("file"));
        // Named by the claims of its Verify calls (the commented-out one is not a claim; holes kept as written).
        var verify = Case(suite, "cell 3: x = 2; x + {1} = {x + 1}");
        Assert.Empty(verify.Elements());
        Assert.True(Seconds(verify) > 0 && Seconds(verify) <= Seconds(notebook));
    }

    [Fact]
    public void A_failing_verification_cell_carries_cell_first_line_error_and_captured_output()
    {
        var suite = Suite("b-fail");
        Assert.Equal("1", (string?)suite.Attribute("skipped"));
        foreach (var name in new[] { "b-fail.ipynb", "cell 2: λ matches the closed form" })
        {
            var c = Case(suite, name);
            var failure = c.Element("failure")!;
            Assert.NotNull(failure);
            Assert.Equal("System.InvalidOperationException", (string?)failure.Attribute("type"));
            Assert.Equal("cell 2 (// verify: λ matches the closed form): System.InvalidOperationException: λ mismatch: 1.5 vs 2",
                (string?)failure.Attribute("message"));
            var text = failure.Value;
            Assert.StartsWith("cell 2: // verify: λ matches the closed form\n", text);
            Assert.Contains("λ mismatch: 1.5 vs 2", text);
            Assert.Contains("--- captured stdout ---\nλ = 1.5\n", text);
            Assert.Contains("--- captured stderr ---\na warning\n", text);
            Assert.Equal("λ = 1.5\n", c.Element("system-out")!.Value);
            Assert.Equal("a warning\n", c.Element("system-err")!.Value);
        }
        var skipped = Case(suite, "cell 3: never runs"); // named from the source: it never ran
        Assert.Equal("not run: cell 2 (// verify: λ matches the closed form) failed", (string?)skipped.Element("skipped")!.Attribute("message"));
        Assert.Equal(0, Seconds(skipped));
        Assert.Null(skipped.Element("failure"));
    }

    [Fact]
    public void A_timed_out_cell_is_a_failure_of_type_timeout_keeping_what_it_printed()
    {
        var suite = Suite("c-slow");
        var failure = Case(suite, "cell 2: ends in time").Element("failure")!;
        Assert.Equal("Timeout", (string?)failure.Attribute("type"));
        Assert.Equal($"cell 2 (// verify: ends in time): Timed out after {JUnitRunFixture.TimeoutSeconds} s (the cell was stopped).",
            (string?)failure.Attribute("message"));
        Assert.Contains("--- captured stdout ---\nstarted\n", failure.Value);
        var notebook = Case(suite, "c-slow.ipynb");
        Assert.Equal("Timeout", (string?)notebook.Element("failure")!.Attribute("type"));
        Assert.Equal("started\n", notebook.Element("system-out")!.Value);
        Assert.Equal("not run: cell 2 (// verify: ends in time) timed out",
            (string?)Case(suite, "cell 3: after the hang: {n} of {m}; a \"quoted\" claim").Element("skipped")!.Attribute("message"));
    }

    [Fact]
    public void Summary_json_carries_the_same_cases()
    {
        var tests = fixture.Summary.GetProperty("tests");
        Assert.Equal(8, tests.GetProperty("total").GetInt32());
        Assert.Equal(2, tests.GetProperty("passed").GetInt32());
        Assert.Equal(4, tests.GetProperty("failures").GetInt32());
        Assert.Equal(0, tests.GetProperty("errors").GetInt32());
        Assert.Equal(2, tests.GetProperty("skipped").GetInt32());

        var pass = NotebookSummary("a-pass");
        Assert.Equal(JsonValueKind.Null, pass.GetProperty("failure").ValueKind);
        var passed = Assert.Single(pass.GetProperty("verifications").EnumerateArray());
        Assert.Equal(3, passed.GetProperty("cell").GetInt32());
        Assert.Equal("x = 2; x + {1} = {x + 1}", passed.GetProperty("name").GetString());
        Assert.Equal("passed", passed.GetProperty("status").GetString());

        var fail = NotebookSummary("b-fail").GetProperty("failure");
        Assert.Equal("failed", fail.GetProperty("status").GetString());
        Assert.Equal(2, fail.GetProperty("cell").GetInt32());
        Assert.Equal("// verify: λ matches the closed form", fail.GetProperty("firstLine").GetString());
        Assert.Equal("System.InvalidOperationException", fail.GetProperty("type").GetString());
        Assert.Contains("λ mismatch: 1.5 vs 2", fail.GetProperty("error").GetString());
        Assert.Equal("λ = 1.5\n", fail.GetProperty("stdout").GetString());
        Assert.Equal("a warning\n", fail.GetProperty("stderr").GetString());
        var failVerifications = NotebookSummary("b-fail").GetProperty("verifications").EnumerateArray().ToList();
        Assert.Equal(new[] { "failed", "skipped" }, failVerifications.Select(v => v.GetProperty("status").GetString()));
        Assert.Equal("not run: cell 2 (// verify: λ matches the closed form) failed", failVerifications[1].GetProperty("skipReason").GetString());

        var slow = NotebookSummary("c-slow").GetProperty("failure");
        Assert.Equal("timedOut", slow.GetProperty("status").GetString());
        Assert.Equal("Timeout", slow.GetProperty("type").GetString());
        Assert.Equal("started\n", slow.GetProperty("stdout").GetString());
    }

    [Fact]
    public void The_convention_check_rejects_reports_that_break_it()
    {
        Assert.Empty(JUnitConventions.Problems(fixture.Xml));
        // A comma decimal, a missing test name, a count that does not match, an unknown child: each is caught.
        Assert.NotEmpty(JUnitConventions.Problems(fixture.Xml.Replace("time=\"0.", "time=\"0,")));
        Assert.NotEmpty(JUnitConventions.Problems(fixture.Xml.Replace("name=\"a-pass.ipynb\"", "")));
        Assert.NotEmpty(JUnitConventions.Problems(fixture.Xml.Replace("tests=\"8\"", "tests=\"7\"")));
        Assert.NotEmpty(JUnitConventions.Problems(fixture.Xml.Replace("<skipped ", "<ignored ")));
        Assert.NotEmpty(JUnitConventions.Problems(fixture.Xml.Replace("timestamp=\"", "timestamp=\"x")));
    }
}
