using Sharpness.Runner.Notebooks;
using Sharpness.Notebooks.Tests.Support;
using Sharpness.Runner.Reports;

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

/// <summary>The name a verification cell's test case gets (JUnit, summary.json): what the cell checks.</summary>
public sealed class VerificationTitleTests
{
    [Theory]
    // The author's title wins.
    [InlineData("// verify: x is two\nVerify.That(\"other\", true);", "x is two")]
    // Otherwise the claims, in order, with escapes decoded and interpolation holes kept as written.
    [InlineData("// verify\nVerify.Close(\"λmax: K vs dense\", a, b, relativeTolerance: 1e-11);\nVerify.AtMost(\"‖Hv − λv‖\", r, 1e-11);",
        "λmax: K vs dense; ‖Hv − λv‖")]
    [InlineData("// verify\nVerify.That($\"g = {g}: λ = 3\", ok);", "g = {g}: λ = 3")]
    [InlineData("// verify\nVerify.That($\"{(x ? \"a\" : \"b\")} holds\", ok);", "{(x ? \"a\" : \"b\")} holds")]
    [InlineData("// verify\nVerify.That(@\"a \"\"quoted\"\" claim\", ok);", "a \"quoted\" claim")]
    [InlineData("// verify\nVerify.That(\"say \\\"hi\\\"\", ok);", "say \"hi\"")]
    [InlineData("// verify\nVerify.Throws<ArgumentException>(\"refuses\", () => F());", "refuses")]
    [InlineData("// verify\nVerify . Close ( \"spaced\" , 1, 1);", "spaced")]
    // A commented-out call and a claim that is not a literal are not claims.
    [InlineData("// verify\n// Verify.That(\"old\", false);\nVerify.That(name, ok);\nVerify.That(\"kept\", ok);", "kept")]
    // No claim at all: the first line of code says what the cell is.
    [InlineData("// verify\nif (x != 2) throw new Exception();", "verify: if (x != 2) throw new Exception();")]
    public void A_cell_is_named_by_what_it_checks(string code, string expected) =>
        Assert.Equal(expected, RunTestCases.VerificationTitle(code));

    [Fact]
    public void Many_claims_are_cut_at_whole_claims_with_a_count_of_the_rest()
    {
        var claims = Enumerable.Range(1, 12).Select(i => $"claim number {i} holds for every case").ToArray();
        string code = "// verify\n" + string.Join("\n", claims.Select(c => $"Verify.That(\"{c}\", true);"));
        string title = RunTestCases.VerificationTitle(code);
        Assert.True(title.Length <= RunTestCases.TitleCharacters, title);
        Assert.StartsWith(claims[0] + "; " + claims[1], title);
        int shown = title.Split("; ").Length;
        Assert.EndsWith($" (+{claims.Length - shown} more)", title);
        Assert.DoesNotContain("...", title);
    }

    [Fact]
    public void Every_verification_cell_of_the_tutorial_is_named_by_its_claims()
    {
        // All but cells that call no Verify method (they only compute what the next cell checks) get claim names.
        var unnamed = new List<string>();
        int cells = 0;
        foreach (var path in Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb"))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            int number = 0;
            foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
            {
                number++;
                var source = cell.GetProperty("source");
                string code = source.ValueKind == System.Text.Json.JsonValueKind.Array
                    ? string.Concat(source.EnumerateArray().Select(l => l.GetString()))
                    : source.GetString() ?? "";
                if (cell.GetProperty("cell_type").GetString() != "code" || !VerificationCells.IsVerification(code)) continue;
                cells++;
                var claims = RunTestCases.VerificationClaims(code);
                string title = RunTestCases.VerificationTitle(code);
                if (claims.Count == 0) { unnamed.Add($"{Path.GetFileName(path)} cell {number}"); continue; }
                Assert.StartsWith(claims[0].Length <= RunTestCases.TitleCharacters ? claims[0] : claims[0][..10], title);
            }
        }
        Assert.True(cells > 50, $"only {cells} verification cells found");
        Assert.True(unnamed.Count <= 2, "verification cells without a Verify claim: " + string.Join(", ", unnamed));
    }
}
