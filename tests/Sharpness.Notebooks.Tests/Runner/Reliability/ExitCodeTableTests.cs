using System.Reflection;
using System.Text.RegularExpressions;
using Sharpness.Notebooks.Tests.Support;
using Sharpness.Runner.CommandLine;

namespace Sharpness.Notebooks.Tests.Runner.Reliability;

/// <summary>Issue 16 item 7: the runner README's and the CLI README's `run` exit-code tables list exactly the codes of <see cref="RunExitCodes"/>.</summary>
public sealed class ExitCodeTableTests
{
    private static readonly int[] Codes = typeof(RunExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (int)f.GetRawConstantValue()!).Order().ToArray();

    [Theory]
    [InlineData("src/Sharpness.Runner/README.md", "| exit code | meaning |")]
    [InlineData("src/Sharpness.Cli/README.md", "| `run` code | meaning |")]
    [InlineData("README.md", "| `sharpness run` exit code | meaning |")]
    public void The_documented_codes_are_the_codes_in_the_code(string readme, string header)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, readme));
        var at = Array.IndexOf(lines, header);
        Assert.True(at >= 0, $"{readme} has no table headed {header}");
        var documented = lines.Skip(at + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => int.Parse(Regex.Match(l, @"^\|\s*(\d+)\s*\|").Groups[1].Value)).ToArray();
        Assert.Equal(Codes, documented);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 130 }, Codes);
    }
}
