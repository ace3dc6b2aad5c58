using Sharpness.Runner.Notebooks;

namespace Sharpness.Notebooks.Tests.Runner;

public sealed class VerificationCellTests
{
    [Theory]
    [InlineData("// verify: λmax matches\nCheck(x);", true)]
    [InlineData("var a = 1;\n  // verify\nCheck(a);", true)]
    [InlineData("var s = \"// verify\";", false)]
    [InlineData("// verified elsewhere", false)]
    [InlineData("// verify\r\nCheck();", true)]
    [InlineData("Console.WriteLine(1); // verify", false)]
    public void The_marker_is_a_line_starting_with_slash_slash_verify(string source, bool expected) =>
        Assert.Equal(expected, VerificationCells.IsVerification(source));
}
