using System.Text.Json;
using System.Text.Json.Nodes;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Tutorial;

/// <summary>
/// The tutorial's figures and outputs as a referee reads them, from the executed notebooks of the main job: every chart
/// has a title and axis titles and joins no more than a few thousand points into one line, and no output is the host's
/// default object tree (a kit type without a formatter, an anonymous object, or an array printed as its type name).
/// </summary>
[Collection(TutorialRunCollection.Name)]
public sealed class TutorialFigureTests(TutorialRunFixture fixture)
{
    /// <summary>Most points one line trace may join (a figure that needs more should thin its data or use markers).</summary>
    public const int MaxJoinedLinePoints = 3000;

    [Theory]
    [MemberData(nameof(TutorialRunFixture.NameData), MemberType = typeof(TutorialRunFixture))]
    public void Every_chart_is_titled_and_no_line_joins_thousands_of_points(string name)
    {
        var figures = Figures(name).ToList();
        Assert.True(figures.Count > 0, $"{name}: no chart in the executed notebook");
        foreach (var (cell, figure) in figures)
        {
            var layout = figure["layout"] as JsonObject ?? new JsonObject();
            string where = $"{name}, cell {cell}";
            string? title = Title(layout["title"]);
            Assert.False(string.IsNullOrWhiteSpace(title), $"{where}: a chart without a title");
            foreach (var axis in new[] { "xaxis", "yaxis" }.Concat(layout.Select(p => p.Key).Where(k => k.StartsWith("xaxis", StringComparison.Ordinal) || k.StartsWith("yaxis", StringComparison.Ordinal))).Distinct())
                Assert.False(string.IsNullOrWhiteSpace(Title(layout[axis]?["title"])), $"{where} (\"{title}\"): {axis} has no title");
            foreach (var trace in (figure["data"] as JsonArray ?? []).OfType<JsonObject>())
            {
                string mode = trace["mode"]?.GetValue<string>() ?? "lines";
                string type = trace["type"]?.GetValue<string>() ?? "scatter";
                int points = (trace["x"] as JsonArray)?.Count ?? 0;
                if (type == "scatter" && mode.Contains("lines", StringComparison.Ordinal))
                    Assert.True(points <= MaxJoinedLinePoints, $"{where} (\"{title}\"): trace \"{trace["name"]}\" joins {points} points");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TutorialRunFixture.NameData), MemberType = typeof(TutorialRunFixture))]
    public void No_output_is_the_hosts_default_object_tree(string name)
    {
        var notebook = new ExecutedIpynb(Path.Combine(fixture.OutputDirectory, "notebooks", name + ".ipynb"));
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            foreach (var output in ExecutedIpynb.Outputs(cell))
            {
                if (!output.TryGetProperty("data", out var data)) continue;
                foreach (var mime in data.EnumerateObject())
                {
                    string text = ExecutedIpynb.Join(mime.Value);
                    Assert.False(text.Contains("dni-treeview", StringComparison.Ordinal) || text.Contains("dni-code-hint", StringComparison.Ordinal),
                        $"{name}, cell {i}: an output rendered by the host's default object formatter ({Head(text)})");
                    Assert.False(text.Contains("System.Double[]", StringComparison.Ordinal) || text.Contains("System.Collections", StringComparison.Ordinal),
                        $"{name}, cell {i}: an output prints a collection as its type name ({Head(text)})");
                }
            }
        }
    }

    private IEnumerable<(int Cell, JsonObject Figure)> Figures(string name)
    {
        var notebook = new ExecutedIpynb(Path.Combine(fixture.OutputDirectory, "notebooks", name + ".ipynb"));
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            foreach (var output in ExecutedIpynb.Outputs(cell))
            {
                if (!output.TryGetProperty("data", out var data) || !data.TryGetProperty("text/html", out var html)) continue;
                foreach (var json in FigureJsons(ExecutedIpynb.Join(html)))
                    yield return (i, (JsonObject)JsonNode.Parse(json)!);
            }
        }
    }

    /// <summary>The figure JSON of every kit chart in an HTML output (the kit writes it in a script element of class
    /// sharpness-figure).</summary>
    internal static IEnumerable<string> FigureJsons(string html)
    {
        const string open = "class=\"sharpness-figure\"";
        int at = 0;
        while ((at = html.IndexOf(open, at, StringComparison.Ordinal)) >= 0)
        {
            int start = html.IndexOf('>', at) + 1;
            int end = html.IndexOf("</script>", start, StringComparison.Ordinal);
            if (start <= 0 || end < 0) yield break;
            yield return html[start..end].Replace("<\\/", "</", StringComparison.Ordinal);
            at = end;
        }
    }

    private static string? Title(JsonNode? title) => title switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o => o["text"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null,
        _ => null,
    };

    private static string Head(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
