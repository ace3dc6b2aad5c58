using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>
/// <c>--jobs 2</c> (the main run fixture: two notebook processes at once) and <c>--jobs 1</c> (a serial run of the same
/// notebooks here) publish the same executed notebooks, site and reports once timings and random element ids are
/// normalized.
/// </summary>
[Collection(MainRunCollection.Name)]
public sealed partial class JobsTests(MainRunFixture fixture)
{
    [Fact]
    public async Task Two_jobs_and_one_job_publish_identical_outputs_site_and_reports()
    {
        var serialOut = Path.Combine(fixture.Root, "serial");
        var serialJUnit = Path.Combine(serialOut, "junit.xml");
        var serial = await CommandRun.InvokeAsync(new[] { fixture.NotebooksDirectory, "--out", serialOut, "--timeout", MainRunFixture.CellTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--jobs", "1", "--junit", serialJUnit }
            .Concat(MainRunFixture.ParameterArguments).ToArray());
        Assert.Equal(fixture.Run.ExitCode, serial.ExitCode);

        var parallelFiles = Files(fixture.OutputDirectory);
        var serialFiles = Files(serialOut);
        Assert.Equal(parallelFiles, serialFiles);
        Assert.Contains("site/summary.json", serialFiles);
        Assert.Contains("notebooks/kit.ipynb", serialFiles);
        var compared = 0;
        foreach (var file in serialFiles)
        {
            var expected = Normalize(file, await File.ReadAllTextAsync(Path.Combine(serialOut, file)));
            var actual = Normalize(file, await File.ReadAllTextAsync(Path.Combine(fixture.OutputDirectory, file)));
            if (expected != actual)
                Assert.Fail($"{file} differs between --jobs 1 and --jobs 2 at character {FirstDifference(expected, actual)}:\n"
                            + $"serial:   {Excerpt(expected, FirstDifference(expected, actual))}\nparallel: {Excerpt(actual, FirstDifference(expected, actual))}");
            compared++;
        }
        Assert.True(compared >= 10, $"only {compared} files compared");
    }

    [Fact]
    public void The_normalization_keeps_what_a_run_decides()
    {
        // Timings and ids go; outcomes, outputs and counts stay (so the comparison above can fail).
        Assert.Equal(Normalize("site/x.html", "in 1.2 s, id 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"), Normalize("site/x.html", "in 27.0 s, id 11111111-2222-3333-4444-555555555555"));
        Assert.NotEqual(Normalize("site/x.html", "9/9 cells passed"), Normalize("site/x.html", "8/9 cells passed"));
        Assert.NotEqual(Normalize("site/summary.json", """{"seconds": 1.5, "cellsRun": 3}"""), Normalize("site/summary.json", """{"seconds": 1.5, "cellsRun": 4}"""));
        Assert.Equal(Normalize("site/summary.json", """{"seconds": 1.5, "startupSeconds": 0.2}"""), Normalize("site/summary.json", """{"seconds": 9, "startupSeconds": 3}"""));
        Assert.NotEqual(Normalize("junit.xml", "<testcase name=\"a\" time=\"0.100\"><failure/></testcase>"), Normalize("junit.xml", "<testcase name=\"a\" time=\"0.200\"></testcase>"));
    }

    private static List<string> Files(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
        .Where(f => !f.StartsWith(".sharpness-run.lock", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).ToList();

    private static string Normalize(string file, string text)
    {
        text = Guid().Replace(text, "<id>");
        text = Hex32().Replace(text, "<id>");
        if (file.EndsWith(".json", StringComparison.Ordinal) && !file.EndsWith(".sharpness-run.json", StringComparison.Ordinal))
        {
            var node = JsonNode.Parse(text)!;
            RemoveTimings(node);
            return node.ToJsonString();
        }
        if (file.EndsWith(".xml", StringComparison.Ordinal))
            return XmlTiming().Replace(text, "$1=\"<t>\"");
        return Seconds().Replace(text, "<t> s");
    }

    private static void RemoveTimings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in new[] { "seconds", "startupSeconds" }) o.Remove(key);
                foreach (var (_, child) in o) RemoveTimings(child);
                break;
            case JsonArray a:
                foreach (var child in a) RemoveTimings(child);
                break;
        }
    }

    private static int FirstDifference(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return n;
    }

    private static string Excerpt(string s, int at) => s.Substring(Math.Max(0, at - 60), Math.Min(160, s.Length - Math.Max(0, at - 60)));

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex("(?<![0-9a-fA-F])[0-9a-f]{32}(?![0-9a-fA-F])")]
    private static partial Regex Hex32();

    [GeneratedRegex(@"\b(time|timestamp)=""[^""]*""")]
    private static partial Regex XmlTiming();

    [GeneratedRegex(@"\d+(\.\d+)? s\b")]
    private static partial Regex Seconds();
}
