using Sharpness.Runner;
using Sharpness.Runner.Notebooks;

namespace Sharpness.Notebooks.Tests.Runner;

public sealed class NotebookParameterTests
{
    private const string Cell =
        "// Parameters\n" +
        "int steps = 200;   // iterations, = 3 in a comment is not a declaration\n" +
        "double eta = 0.1, rate = 1e-3;\n" +
        "var label = \"a; b, c\";\n" +
        "var n = 3;\n" +
        "var big = 10000000000;\n" +
        "var scale = 1.5;\n" +
        "var flag = false;\n" +
        "bool verbose = false;\n" +
        "int[] widths = { 4, 5, 3 };\n" +
        "long seed = 1L;\n" +
        "float f = 1f;\n" +
        "decimal money = 1m;\n" +
        "string path = @\"C:\\x\";\n" +
        "var items = Enumerable.Range(0, 3).ToArray();\n" +
        "Console.WriteLine(steps);";

    [Fact]
    public void Declarations_are_read_with_their_types()
    {
        var found = ParameterDeclaration.Parse(Cell).ToDictionary(d => d.Name);
        Assert.Equal(
            new[] { "steps", "eta", "rate", "label", "n", "big", "scale", "flag", "verbose", "widths", "seed", "f", "money", "path", "items" },
            ParameterDeclaration.Parse(Cell).Select(d => d.Name));
        Assert.Equal(ParameterKind.Int, found["steps"].Kind);
        Assert.Equal(ParameterKind.Double, found["rate"].Kind);
        Assert.Equal(ParameterKind.String, found["label"].Kind);
        Assert.Equal(ParameterKind.Int, found["n"].Kind);
        Assert.Equal(ParameterKind.Long, found["big"].Kind);
        Assert.Equal(ParameterKind.Double, found["scale"].Kind);
        Assert.Equal(ParameterKind.Bool, found["flag"].Kind);
        Assert.True(found["widths"].IsArray);
        Assert.Equal(ParameterKind.Long, found["seed"].Kind);
        Assert.Equal(ParameterKind.Float, found["f"].Kind);
        Assert.Equal(ParameterKind.Decimal, found["money"].Kind);
        Assert.Equal(ParameterKind.String, found["path"].Kind);
        Assert.Equal(ParameterKind.Unsupported, found["items"].Kind);
    }

    [Theory]
    [InlineData("steps", "200", "200")]
    [InlineData("steps", " -7 ", "-7")]
    [InlineData("eta", "-1.5e-3", "-0.0015d")]
    [InlineData("eta", ".5", "0.5d")]
    [InlineData("eta", "10.", "10d")]
    [InlineData("eta", "10", "10d")]
    [InlineData("eta", "nan", "double.NaN")]
    [InlineData("eta", "-inf", "double.NegativeInfinity")]
    [InlineData("flag", "True", "true")]
    [InlineData("verbose", "false", "false")]
    [InlineData("label", "true", "\"true\"")]
    [InlineData("label", "null", "\"null\"")]
    [InlineData("label", "deep net", "\"deep net\"")]
    [InlineData("label", "C:\\tmp\\\"x\"", "\"C:\\\\tmp\\\\\\\"x\\\"\"")]
    [InlineData("label", "", "\"\"")]
    [InlineData("label", "a=b", "\"a=b\"")]
    [InlineData("widths", "4,5,6", "new int[] { 4, 5, 6 }")]
    [InlineData("widths", "{ 2, 3 }", "new int[] { 2, 3 }")]
    [InlineData("widths", "", "new int[] {  }")]
    [InlineData("seed", "9", "9L")]
    [InlineData("f", "0.25", "0.25f")]
    [InlineData("money", "1.10", "1.10m")]
    public void Values_become_literals_of_the_declared_type(string name, string value, string expected)
    {
        var declaration = ParameterDeclaration.Parse(Cell).Single(d => d.Name == name);
        Assert.Equal(expected, declaration.Literal(value, "nb.ipynb"));
    }

    [Theory]
    [InlineData("steps", "1e3")]
    [InlineData("steps", "0x10")]
    [InlineData("steps", "1_000")]
    [InlineData("eta", "1,5")]
    [InlineData("eta", "1e999")]
    [InlineData("flag", "1")]
    [InlineData("seed", "99999999999999999999")]
    [InlineData("items", "1,2")]
    public void Values_that_do_not_fit_the_type_are_user_errors(string name, string value)
    {
        var declaration = ParameterDeclaration.Parse(Cell).Single(d => d.Name == name);
        var e = Assert.Throws<RunnerUserException>(() => declaration.Literal(value, "nb.ipynb"));
        Assert.StartsWith($"nb.ipynb: parameter '{name}' ", e.Message);
    }

    [Theory]
    [InlineData("=3")]
    [InlineData("3x=1")]
    [InlineData("a-b=1")]
    [InlineData("noequals")]
    public void Malformed_arguments_are_user_errors(string argument) =>
        Assert.Throws<RunnerUserException>(() => NotebookParameter.Parse(argument));
}
