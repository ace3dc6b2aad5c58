using Sharpness.Runner.Execution;

namespace Sharpness.Notebooks.Tests.Runner;

public sealed class CellResultTests
{
    private static readonly PlannedCell Cell = new(0, 1, "#r \"nuget: X\"", "csharp", false, false);

    private static CellOutput Progress(string text) =>
        new(OutputKind.Display, new Dictionary<string, string> { ["text/plain"] = text }, "install-1");

    [Fact]
    public void Progress_updates_with_the_same_value_id_collapse_into_one_output()
    {
        var result = new CellResult(Cell);
        result.AddOutput(Progress("Installing package X"));
        result.AddOutput(Progress("Installing package X....."), isUpdate: true);
        result.AddOutput(Progress("Installed package X 1.0"), isUpdate: true);
        result.AddOutput(new CellOutput(OutputKind.ReturnValue, new Dictionary<string, string> { ["text/plain"] = "42" }, "rv"));

        Assert.Equal(2, result.Outputs.Count);
        Assert.Equal("Installed package X 1.0", result.Outputs[0].PlainText);
        Assert.Equal(OutputKind.Display, result.Outputs[0].Kind);
        Assert.Equal("42", result.Outputs[1].PlainText);
    }

    [Fact]
    public void Adjacent_stream_text_is_merged_per_stream()
    {
        var result = new CellResult(Cell);
        result.AddOutput(CellOutput.Text(OutputKind.Stdout, "a\n"));
        result.AddOutput(CellOutput.Text(OutputKind.Stdout, "b\n"));
        result.AddOutput(CellOutput.Text(OutputKind.Stderr, "e\n"));
        result.AddOutput(CellOutput.Text(OutputKind.Stdout, "c\n"));

        Assert.Equal(new[] { "a\nb\n", "e\n", "c\n" }, result.Outputs.Select(o => o.PlainText));
        Assert.Equal(new[] { OutputKind.Stdout, OutputKind.Stderr, OutputKind.Stdout }, result.Outputs.Select(o => o.Kind));
    }
}
