using Sharpness.Runner;
using Sharpness.Runner.Notebooks;

namespace Sharpness.Notebooks.Tests.Runner;

public sealed class NotebookParameterTests
{
    [Theory]
    [InlineData("steps=200", "steps = 200;")]
    [InlineData("eta=-1.5e-3", "eta = -1.5e-3;")]
    [InlineData("eta=.5", "eta = .5;")]
    [InlineData("flag=true", "flag = true;")]
    [InlineData("flag=False", "flag = \"False\";")]
    [InlineData("name=deep net", "name = \"deep net\";")]
    [InlineData("path=C:\\tmp\\\"x\"", "path = \"C:\\\\tmp\\\\\\\"x\\\"\";")]
    [InlineData("hex=0x10", "hex = \"0x10\";")]
    [InlineData("nan=NaN", "nan = \"NaN\";")]
    [InlineData("empty=", "empty = \"\";")]
    [InlineData("eq=a=b", "eq = \"a=b\";")]
    public void Values_become_csharp_assignments(string argument, string expected) =>
        Assert.Equal(expected, NotebookParameter.Parse(argument).Assignment);

    [Theory]
    [InlineData("=3")]
    [InlineData("3x=1")]
    [InlineData("a-b=1")]
    [InlineData("noequals")]
    public void Malformed_arguments_are_user_errors(string argument) =>
        Assert.Throws<RunnerUserException>(() => NotebookParameter.Parse(argument));
}
