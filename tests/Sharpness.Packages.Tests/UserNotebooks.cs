using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sharpness.Packages.Tests;

/// <summary>A user's own notebook that uses the kit only through its package, and what its outputs must show.</summary>
public static class UserNotebooks
{
    /// <summary>The setup cell of a notebook anywhere on disk (README): <c>#i</c> the absolute package folder (when
    /// given; <c>sharpness run --package-source</c> adds it otherwise), then <c>#r</c> the kit. No further call.</summary>
    public static string ReferenceByPackage(string version, string? packageSource) =>
        (packageSource is null ? "" : $"#i \"nuget: {packageSource}\"\n") + $"#r \"nuget: Sharpness.Interactive, {version}\"";

    /// <summary>F = (W1, W2) = (R, L) with L = diag(2, 1), R = [[1, 1], [0, 1]]: λ = ‖L‖₂² + ‖R‖₂² = (11 + √5)/2
    /// (theory §2.4). Uses only the namespaces the kit's extension imports.</summary>
    public const string SharpnessCell = """
        var L = Matrix<double>.Build.DenseOfArray(new double[,] { { 2, 0 }, { 0, 1 } });
        var R = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1 }, { 0, 1 } });
        var f = DeepFactorization.FromLeftRight(L, R);
        ExactSharpness.Of(f)
        """;

    /// <summary>λ along the rescalings (tL, R/t), which keep the product, against the minimal sharpness.</summary>
    public const string ChartCell = """
        var ts = Enumerable.Range(1, 9).Select(i => i / 5.0).ToArray();
        var lambdas = ts.Select(t => ExactSharpness.Of(DeepFactorization.FromLeftRight(t * L, R / t)).Value).ToArray();
        Charts.SharpnessAlongFamily(ts, lambdas, minimalSharpness: Sharpness.Flatness.MinimalSharpness.Of(f))
        """;

    /// <summary>The closed form the sharpness cell must show, to the formatter's 10 digits.</summary>
    public static readonly string ExpectedLambda = ((11 + Math.Sqrt(5)) / 2).ToString("G10", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A Polyglot (.NET Interactive) notebook with the given C# cells.</summary>
    public static string Ipynb(params string[] cells)
    {
        var array = new JsonArray();
        for (int i = 0; i < cells.Length; i++)
        {
            array.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["id"] = $"cell-{i:00}",
                ["metadata"] = new JsonObject
                {
                    ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                    ["vscode"] = new JsonObject { ["languageId"] = "polyglot-notebook" },
                },
                ["source"] = new JsonArray(cells[i].Split('\n').Select(line => (JsonNode)JsonValue.Create(line)!).ToArray()),
                ["execution_count"] = null,
                ["outputs"] = new JsonArray(),
            });
        }
        // Lines need their newlines back except the last.
        foreach (var cell in array)
        {
            var source = (JsonArray)cell!["source"]!;
            for (int k = 0; k < source.Count - 1; k++) source[k] = JsonValue.Create(source[k]!.GetValue<string>() + "\n");
        }
        var notebook = new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
                ["polyglot_notebook"] = new JsonObject
                {
                    ["kernelInfo"] = new JsonObject
                    {
                        ["defaultKernelName"] = "csharp",
                        ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = "csharp", ["name"] = "csharp" }),
                    },
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The kit's HTML card for a SharpnessResult, once, with the closed-form value.</summary>
    public static void AssertSharpnessHtml(string html)
    {
        Assert.Single(Regex.Matches(html, "class=\"sharpness-result\""));
        Assert.Contains(ExpectedLambda, html);
    }

    /// <summary>One kit chart: its figure JSON has the λ line over the nine rescalings and the minimal-sharpness line.</summary>
    public static void AssertChartHtml(string html)
    {
        Assert.Contains("class=\"sharpness-chart\"", html);
        var figures = Regex.Matches(html, "<script type=\"application/json\" class=\"sharpness-figure\"[^>]*>(.*?)</script>", RegexOptions.Singleline);
        var figure = JsonNode.Parse(Assert.Single(figures).Groups[1].Value)!;
        var traces = figure["data"]!.AsArray();
        Assert.All(traces, t => Assert.Equal("scatter", (string?)t!["type"]));
        var lambdaLine = traces.First(t => ((string?)t!["name"] ?? "").StartsWith("λmax", StringComparison.Ordinal))!;
        Assert.Equal(9, lambdaLine["y"]!.AsArray().Count);
        // At t = 1 (the fifth point) the rescaling is the identity: λ is the closed form again.
        Assert.Equal((11 + Math.Sqrt(5)) / 2, lambdaLine["y"]![4]!.GetValue<double>(), 9);
    }

    /// <summary>Every string inside a JSON value (outputs of an executed notebook), concatenated.</summary>
    public static string Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Array => string.Concat(element.EnumerateArray().Select(Strings)),
        JsonValueKind.Object => string.Concat(element.EnumerateObject().Select(p => Strings(p.Value))),
        _ => "",
    };
}
