using System.Text.Json.Nodes;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner.Reliability;

/// <summary>
/// Issue 16 item 6: a file that is not an nbformat-4 notebook is a usage error (2), raw cells are not executed, and
/// -p values are checked against the declared parameter's type before anything runs.
/// </summary>
public sealed class InputValidationTests
{
    [Theory]
    [InlineData("{}", "no \"nbformat\"")]
    [InlineData("{\"nbformat\": 3, \"nbformat_minor\": 0, \"cells\": []}", "nbformat 3")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": 5}", "\"cells\" must be an array")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"source\": 42, \"outputs\": []}]}", "cell 1: \"source\" must be text")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"source\": [\"a\", 1], \"outputs\": []}]}", "cell 1: \"source\" must be text")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": \"picture\", \"metadata\": {}, \"source\": \"\"}]}", "cell 1: unknown cell_type \"picture\"")]
    [InlineData("[1, 2]", "not a JSON object")]
    public async Task A_file_that_is_not_an_nbformat_4_notebook_is_a_usage_error(string json, string expected)
    {
        var root = RepoPaths.NewTempDirectory("not-nb");
        var folder = Directory.CreateDirectory(Path.Combine(root, "notebooks")).FullName;
        var path = Path.Combine(folder, "odd.ipynb");
        File.WriteAllText(path, json);
        var output = Path.Combine(root, "out");
        var run = await CommandRun.InvokeAsync(path, "--out", output);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("odd.ipynb", run.Output);
        Assert.Contains(expected, run.Output);
        Assert.False(Directory.Exists(Path.Combine(output, "site")), "nothing ran, nothing was published");
    }

    [Theory]
    [InlineData("steps=abc", "parameter 'steps' is an int: 'abc' is not an integer")]
    [InlineData("steps=10.", "parameter 'steps' is an int: '10.' is not an integer")]
    [InlineData("steps=99999999999", "parameter 'steps' is an int: '99999999999' is outside its range")]
    [InlineData("verbose=yes", "parameter 'verbose' is a bool: 'yes' is not true or false")]
    [InlineData("eta=fast", "parameter 'eta' is a double: 'fast' is not a number")]
    [InlineData("eta=1e400", "parameter 'eta' is a double: '1e400' is outside its range")]
    [InlineData("sizes=1,x", "parameter 'sizes' is an int[]: 'x' is not an integer")]
    [InlineData("model=x", "parameter 'model' has type Model, which -p cannot set")]
    public async Task Parameter_values_are_checked_against_the_declared_type(string parameter, string expected)
    {
        var root = RepoPaths.NewTempDirectory("ptype");
        var folder = Path.Combine(root, "notebooks");
        var notebook = NotebookWriter.Write(Path.Combine(folder, "p.ipynb"), Declarations, "throw new Exception(\"must not run\");");
        var run = await CommandRun.InvokeAsync(notebook, "-p", parameter, "--out", Path.Combine(root, "out"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("p.ipynb: " + expected, run.Output);
    }

    [Fact]
    public async Task Typed_values_reach_the_notebook_and_raw_cells_do_not_run()
    {
        var root = RepoPaths.NewTempDirectory("ptype");
        var folder = Path.Combine(root, "notebooks");
        var cells = new JsonArray
        {
            NotebookWriter.Code(Declarations, "parameters"),
            NotebookWriter.Raw("throw new Exception(\"a raw cell ran\");"),
            NotebookWriter.Code(
                "Console.WriteLine($\"{steps}|{eta:R}|{label}|{label.GetType().Name}|{verbose}|{rate}|{string.Join(\",\", sizes)}|{word}\");"),
        };
        var notebook = Path.Combine(folder, "p.ipynb");
        NotebookWriter.WriteNotebook(notebook, cells);
        var output = Path.Combine(root, "out");

        var run = await CommandRun.InvokeAsync(notebook, "--out", output,
            "-p", "steps=12", "-p", "eta=10.", "-p", "label=true", "-p", "verbose=True", "-p", "rate=-2.5e-3",
            "-p", "sizes=4,5,6", "-p", "word=class");

        Assert.Equal(0, run.ExitCode);
        var executed = new ExecutedIpynb(Path.Combine(output, "notebooks", "p.ipynb"));
        Assert.Equal("12|10|true|String|True|-0.0025|4,5,6|class\n",
            ExecutedIpynb.StreamText(executed.CellStartingWith("Console.WriteLine($\"{steps}"), "stdout"));
        var raw = executed.Cells.Single(c => c.GetProperty("cell_type").GetString() == "raw");
        Assert.False(raw.TryGetProperty("outputs", out _), "a raw cell has no outputs");
    }

    private const string Declarations =
        "int steps = 100;            // iterations\n" +
        "double eta = 0.1, rate = 1e-3;\n" +
        "var label = \"default\";\n" +
        "bool verbose = false;\n" +
        "int[] sizes = { 1, 2 };\n" +
        "string word = \"w\";\n" +
        "record Model(int A);\n" +
        "Model model = new(1);";
}
