using System.Reflection;
using System.Text.RegularExpressions;
using Sharpness.Cli.Hosting;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Issue 16 "Done when": the CLI README's exit-code table for analyze/escape lists exactly the codes of
/// <see cref="ExitCodes"/>, each once, in order (the run verb's table is checked against RunExitCodes in the notebook
/// tests).</summary>
public class ExitCodeReadmeTests
{
    [Fact]
    public void The_documented_codes_are_the_codes_in_the_code()
    {
        var codes = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (int)f.GetRawConstantValue()!).Order().ToArray();
        var readme = Path.Combine(RepositoryRoot(), "src", "Sharpness.Cli", "README.md");
        var lines = File.ReadAllLines(readme);
        int at = Array.IndexOf(lines, "| code | meaning |");
        Assert.True(at >= 0, "src/Sharpness.Cli/README.md has no table headed | code | meaning |");
        var documented = lines.Skip(at + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => int.Parse(Regex.Match(l, @"^\|\s*(\d+)\s*\|").Groups[1].Value)).ToArray();
        Assert.Equal(codes, documented);
        Assert.Equal(Enumerable.Range(0, 14), codes);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sharpness.Notebooks.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
