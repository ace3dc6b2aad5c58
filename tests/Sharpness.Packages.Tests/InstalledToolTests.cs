using System.Text.Json;

namespace Sharpness.Packages.Tests;

/// <summary>
/// <c>dotnet tool install --tool-path DIR --add-source PACKAGES Sharpness.Cli --prerelease</c>, then the installed
/// <c>sharpness</c> from a folder outside the repository: analyze prints the closed-form λ, help and errors say
/// <c>sharpness</c>, and <c>run --package-source</c> executes a notebook that references the kit by package.
/// </summary>
public sealed class InstalledToolTests
{
    private static readonly Lazy<Task<(PackedKit Kit, string Sharpness, ProcessRun Install)>> Installed = new(InstallAsync);

    private static async Task<(PackedKit, string, ProcessRun)> InstallAsync()
    {
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        var tools = kit.NewFolder("tools");
        using var nuget = kit.IsolatedNuGet("tool");
        var install = await ProcessRun.RunAsync("dotnet",
            ["tool", "install", "--tool-path", tools, "--add-source", kit.PackagesDirectory, "Sharpness.Cli", "--prerelease"],
            kit.Root, nuget.Environment, TimeSpan.FromMinutes(10));
        return (kit, Path.Combine(tools, "sharpness"), install);
    }

    private static async Task<(PackedKit Kit, string Sharpness)> ToolAsync()
    {
        var (kit, sharpness, install) = await Installed.Value;
        Assert.True(install.ExitCode == 0 && File.Exists(sharpness), "tool install failed:\n" + install.Output);
        return (kit, sharpness);
    }

    [Fact]
    public async Task AnalyzePrintsTheDepthTwoClosedForm()
    {
        var (kit, sharpness) = await ToolAsync();
        var folder = kit.NewFolder("analyze");
        // W = W2·W1 with W1 = R = [[1, 1], [0, 1]], W2 = L = diag(2, 1): λ = ‖L‖₂² + ‖R‖₂² (theory §2.4), with
        // ‖L‖₂² = 4 and ‖R‖₂² = λmax(RᵀR = [[1, 1], [1, 2]]) = (3 + √5)/2, so λ = (11 + √5)/2.
        File.WriteAllText(Path.Combine(folder, "W1.csv"), "1,1\n0,1\n");
        File.WriteAllText(Path.Combine(folder, "W2.csv"), "2,0\n0,1\n");
        var run = await ProcessRun.RunAsync(sharpness, ["analyze", "W1.csv", "W2.csv", "--json"], folder, timeout: TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.Output);
        using var json = JsonDocument.Parse(run.StandardOutput);
        double lambda = json.RootElement.GetProperty("sharpness").GetDouble();
        double closedForm = (11 + Math.Sqrt(5)) / 2;
        Assert.True(Math.Abs(lambda - closedForm) <= 1e-12 * closedForm, $"λ = {lambda:R}, closed form {closedForm:R}");
    }

    [Fact]
    public async Task HelpAndErrorsSaySharpness()
    {
        var (kit, sharpness) = await ToolAsync();
        var folder = kit.NewFolder("help");
        var help = await ProcessRun.RunAsync(sharpness, ["--help"], folder, timeout: TimeSpan.FromMinutes(2));
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("sharpness [command] [options]", help.StandardOutput);
        Assert.DoesNotContain("Sharpness.Cli", help.StandardOutput);
        var runHelp = await ProcessRun.RunAsync(sharpness, ["run", "--help"], folder, timeout: TimeSpan.FromMinutes(2));
        Assert.Contains("sharpness run", runHelp.StandardOutput);
        Assert.Contains("--package-source", runHelp.StandardOutput);
        var missing = await ProcessRun.RunAsync(sharpness, ["analyze", "nope.npy"], folder, timeout: TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.StartsWith("sharpness: ", missing.StandardError.Trim());
        Assert.Contains("nope.npy", missing.StandardError);
        var version = await ProcessRun.RunAsync(sharpness, ["--version"], folder, timeout: TimeSpan.FromMinutes(2));
        Assert.StartsWith(kit.Version, version.StandardOutput.Trim());
    }

    [Fact]
    public async Task RunExecutesANotebookThatReferencesTheKitByPackage()
    {
        var (kit, sharpness) = await ToolAsync();
        var folder = kit.NewFolder("run");
        var notebooks = Path.Combine(folder, "my-notebooks");
        Directory.CreateDirectory(notebooks);
        // No #i and no path: the package source comes from --package-source, the kit's setup from its kernel extension.
        File.WriteAllText(Path.Combine(notebooks, "mine.ipynb"), UserNotebooks.Ipynb(
            UserNotebooks.ReferenceByPackage(kit.Version, packageSource: null),
            UserNotebooks.SharpnessCell,
            UserNotebooks.ChartCell));
        var output = Path.Combine(folder, "out");
        using var nuget = kit.IsolatedNuGet("run");
        var run = await ProcessRun.RunAsync(sharpness,
            ["run", notebooks, "--out", output, "--package-source", kit.OwnFeed("run"), "--timeout", "600", "--junit", "out/junit.xml"],
            folder, nuget.Environment, TimeSpan.FromMinutes(15));
        Assert.True(run.ExitCode == 0, run.Output);
        // The README's CI recipe: the report lands where --junit says (relative to the current folder).
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(folder, "out", "junit.xml")).Root!;
        Assert.Equal(("1", "0", "0"), ((string?)junit.Attribute("tests"), (string?)junit.Attribute("failures"), (string?)junit.Attribute("errors")));
        Assert.Equal("mine.ipynb", (string?)junit.Element("testsuite")!.Element("testcase")!.Attribute("name"));
        string executed = File.ReadAllText(Path.Combine(output, "notebooks", "mine.ipynb"));
        using var doc = JsonDocument.Parse(executed);
        var outputs = doc.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => UserNotebooks.Strings(c.GetProperty("outputs"))).ToList();
        UserNotebooks.AssertSharpnessHtml(outputs[1]);
        UserNotebooks.AssertChartHtml(outputs[2]);
    }

    [Fact]
    public async Task RunRefusesAMissingPackageSourceInOneLine()
    {
        var (kit, sharpness) = await ToolAsync();
        var folder = kit.NewFolder("run-bad");
        File.WriteAllText(Path.Combine(folder, "a.ipynb"), UserNotebooks.Ipynb("1 + 1"));
        var run = await ProcessRun.RunAsync(sharpness,
            ["run", "a.ipynb", "--out", Path.Combine(folder, "out"), "--package-source", "no-such-folder"],
            folder, timeout: TimeSpan.FromMinutes(3));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--package-source no-such-folder: no such folder", run.StandardOutput + run.StandardError);
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError);
    }
}
