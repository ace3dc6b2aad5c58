using System.Text.RegularExpressions;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Checks;
using Sharpness.Dynamics;
using Sharpness.Flatness;
using Sharpness.Model;
using static Sharpness.Tests.Dynamics.DynamicsFixtures;

namespace Sharpness.Tests.Architecture;

/// <summary>The library, views and notebook layer run in the user's host (the stock .NET Interactive kernel), whose
/// culture may be de-DE: every number they put in text is written in the invariant culture.</summary>
public sealed class CultureTests
{
    private static readonly string[] HostLoaded = ["Sharpness", "Sharpness.Views", "Sharpness.Interactive"];

    [Fact]
    public void Library_text_has_no_decimal_comma_under_a_comma_culture()
    {
        var run = F4Setting.Run(1.1, new GdOptions { MaxIterations = 200, RecordLayerNorms = false, SampleStride = 50 });
        var point = DeepFactorization.FromLeftRight(Matrix<double>.Build.DenseOfArray(new[,] { { 1.5, 0 }, { 0, 0.25 } }),
            Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, 0 }, { 0, 2.5 } }));
        using var comma = new CommaDecimalCulture();
        Assert.Equal("0,5", 0.5.ToString()); // the culture is in force
        string[] texts =
        [
            StepSize.Relative(1.05).ToString(),
            StepSize.Absolute(0.125).ToString(),
            run.ToString(),
            run.Reason,
            new EscapeProgress(10, 100, 0.0625, null, false).ToString(),
            F4Setting.ToString(),
            Verify.Close("x", 1.5, 1.5000001, relativeTolerance: 1e-3).Detail,
            SpectralBalance.Of(point).ToString(),
            FrobeniusBalance.Of(point).ToString(),
            Sharpness.Exact.ExactSharpness.Of(point).ToString(),
        ];
        foreach (string text in texts)
            Assert.False(CommaDecimalCulture.HasDecimalComma(text), $"decimal comma in: {text}");
    }

    // An interpolation hole with a numeric format ({x:G3}, {k:N0}, {t:0.0}) outside string.Create(provider, …) or
    // FormattableString.Invariant(…) formats with the current culture. The CA1305 analyzer does not see
    // interpolated strings, so this scan does.
    private static readonly Regex NumericHole = new(@"\{[^{}""]*:(G|F|E|R|N|P|0|#)[0-9#.,]*\}", RegexOptions.Compiled);
    private static readonly Regex InvariantBefore = new(@"(string\.Create\(\s*[\w.]+\s*,|Invariant\()\s*$", RegexOptions.Compiled);

    internal static IEnumerable<string> CultureSensitiveInterpolations(string source, string file)
    {
        var lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            foreach (Match m in Regex.Matches(line, @"\$@?"""))
            {
                string before = (i > 0 ? lines[i - 1].Trim() + " " : "") + line[..m.Index];
                if (InvariantBefore.IsMatch(before.TrimEnd())) continue;
                if (NumericHole.IsMatch(Literal(line, m.Index))) yield return $"{file}:{i + 1}: {line.Trim()}";
            }
        }
    }

    // The interpolated literal starting at `start` ($"…"), holes and nested literals included.
    private static string Literal(string line, int start)
    {
        int j = line.IndexOf('"', start) + 1, depth = 0;
        while (j < line.Length)
        {
            char c = line[j];
            if (depth == 0)
            {
                if (c == '"') return line[start..(j + 1)];
                if (c == '\\') { j += 2; continue; }
                if (c == '{' && j + 1 < line.Length && line[j + 1] == '{') { j += 2; continue; }
                if (c == '{') depth = 1;
            }
            else if (c == '"')
            {
                int k = j + 1;
                while (k < line.Length && line[k] != '"') k += line[k] == '\\' ? 2 : 1;
                j = k + 1;
                continue;
            }
            else if (c == '{') depth++;
            else if (c == '}') depth--;
            j++;
        }
        return line[start..];
    }

    [Fact]
    public void The_scan_flags_a_culture_sensitive_interpolation_and_passes_invariant_ones()
    {
        Assert.Single(CultureSensitiveInterpolations("var s = $\"loss {x:G3}\";", "a.cs"));
        Assert.Single(CultureSensitiveInterpolations("var s = ok ? $\"{(ok ? \"≤\" : \">\")} {t:0.0} s\" : \"\";", "a.cs"));
        Assert.Empty(CultureSensitiveInterpolations("var s = string.Create(CultureInfo.InvariantCulture, $\"loss {x:G3}\");", "a.cs"));
        Assert.Empty(CultureSensitiveInterpolations("var s = string.Create(inv,\n    $\"loss {x:G3}\");", "a.cs"));
        Assert.Empty(CultureSensitiveInterpolations("var s = FormattableString.Invariant($\"{x:F1}\");", "a.cs"));
        Assert.Empty(CultureSensitiveInterpolations("var s = $\"{k} of {n} runs\";", "a.cs"));
    }

    [Fact]
    public void Host_loaded_projects_format_numbers_only_in_the_invariant_culture()
    {
        string root = RepositoryRoot();
        var hits = HostLoaded
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(root, "src", p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => CultureSensitiveInterpolations(File.ReadAllText(f), Path.GetRelativePath(root, f)))
            .ToList();
        Assert.True(hits.Count == 0, "wrap in string.Create(CultureInfo.InvariantCulture, …):\n" + string.Join("\n", hits));
    }

    [Fact]
    public void The_analyzer_checks_calls_in_the_host_loaded_projects()
    {
        // CA1305 (ToString/Parse/Format without IFormatProvider) is an error for src/, and the analyzer skips projects
        // built with InvariantGlobalization — so the host-loaded libraries turn it off (it only affects executables).
        string root = RepositoryRoot();
        string editorconfig = File.ReadAllText(Path.Combine(root, ".editorconfig"));
        Assert.Contains("dotnet_diagnostic.CA1305.severity = error", editorconfig);
        foreach (string p in HostLoaded)
            Assert.Contains("<InvariantGlobalization>false</InvariantGlobalization>", File.ReadAllText(Path.Combine(root, "src", p, p + ".csproj")));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sharpness.Notebooks.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Sharpness.Notebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
