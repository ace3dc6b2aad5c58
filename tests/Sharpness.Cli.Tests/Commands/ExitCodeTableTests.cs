using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Sharpness.Cli.Hosting;
using Sharpness.IO;
using Sharpness.Runner.CommandLine;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>
/// The CLI README's exit-code tables are exactly what the code maps (issue 11): the same set of codes as
/// <see cref="ExitCodes"/> and <see cref="RunExitCodes"/>, every library exception named in the row of the code
/// <see cref="ExitCodes.For(SharpnessException)"/> gives it, and no row naming an exception the mapping sends elsewhere.
/// </summary>
public partial class ExitCodeTableTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Sharpness.Cli", "README.md"));

    [Fact]
    public void The_analyze_and_escape_table_is_what_ExitCodes_maps() =>
        Assert.Empty(Problems(Table(Readme, "| code | meaning |"), Constants(typeof(ExitCodes)), MappedExceptions()));

    [Fact]
    public void The_run_table_has_the_runner_codes() =>
        Assert.Empty(Problems(Table(Readme, "| `run` code | meaning |"), Constants(typeof(RunExitCodes)), new Dictionary<string, int>()));

    [Fact]
    public void The_comparison_fails_on_a_wrong_table()
    {
        var mapped = MappedExceptions();
        var table = Table(Readme, "| code | meaning |");
        // A code that the code does not have, a missing one, and an exception moved to the wrong row.
        var wrong = new Dictionary<int, string>(table) { [42] = "made up" };
        wrong.Remove(ExitCodes.OutputUnwritable);
        wrong[ExitCodes.NonFinite] = table[ExitCodes.NonFinite].Replace("`NonFiniteEntryException`", "");
        wrong[ExitCodes.ShapeMismatch] += " `NonFiniteEntryException`";
        var problems = Problems(wrong, Constants(typeof(ExitCodes)), mapped);
        Assert.Contains(problems, p => p.Contains("42") && p.Contains("no such code"));
        Assert.Contains(problems, p => p.Contains($"{ExitCodes.OutputUnwritable}") && p.Contains("missing"));
        Assert.Contains(problems, p => p.Contains("NonFiniteEntryException") && p.Contains($"row {ExitCodes.NonFinite}"));
        Assert.Contains(problems, p => p.Contains("NonFiniteEntryException") && p.Contains($"row {ExitCodes.ShapeMismatch}"));
    }

    private static List<string> Problems(IReadOnlyDictionary<int, string> table, IReadOnlySet<int> codes,
        IReadOnlyDictionary<string, int> exceptions)
    {
        var problems = new List<string>();
        foreach (int code in codes.Except(table.Keys)) problems.Add($"code {code} is missing from the README table");
        foreach (int code in table.Keys.Except(codes)) problems.Add($"the README lists {code}, but there is no such code");
        foreach (var (name, code) in exceptions)
        {
            if (table.TryGetValue(code, out string? row) && !row.Contains($"`{name}`"))
                problems.Add($"{name} maps to {code}, but row {code} of the README does not name it");
            foreach (var (other, text) in table)
                if (other != code && text.Contains($"`{name}`"))
                    problems.Add($"row {other} of the README names {name}, which maps to {code}");
        }
        return problems;
    }

    // Every concrete library exception but WeightFileException (its kinds are the file rows 3-10), with its code.
    private static Dictionary<string, int> MappedExceptions() =>
        typeof(SharpnessException).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(SharpnessException)) && !t.IsAbstract && t != typeof(WeightFileException))
            .ToDictionary(t => t.Name, t => ExitCodes.For((SharpnessException)RuntimeHelpers.GetUninitializedObject(t)));

    private static HashSet<int> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Select(f => (int)f.GetRawConstantValue()!).ToHashSet();

    // The rows "| N | text |" of the table whose header line is `header`.
    private static Dictionary<int, string> Table(string markdown, string header)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int at = lines.IndexOf(header);
        Assert.True(at >= 0, $"the CLI README has no table headed {header}");
        var rows = new Dictionary<int, string>();
        foreach (var line in lines.Skip(at + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var m = Row().Match(line);
            Assert.True(m.Success, $"not a code row: {line}");
            rows.Add(int.Parse(m.Groups[1].Value), m.Groups[2].Value);
        }
        return rows;
    }

    [GeneratedRegex(@"^\|\s*(\d+)\s*\|(.*)\|\s*$")]
    private static partial Regex Row();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sharpness.Notebooks.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Sharpness.Notebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
