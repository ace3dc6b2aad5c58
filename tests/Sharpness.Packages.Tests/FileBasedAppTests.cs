using System.Text.RegularExpressions;

namespace Sharpness.Packages.Tests;

/// <summary>
/// notebooks/sharpness-app.cs, the .NET 10 file-based app, run as the README says (<c>dotnet run FILE.cs</c>) but
/// against this run's packages (global property RestoreAdditionalProjectSources) and an empty NuGet folder: it must
/// print the closed-form λ and write a chart page.
/// </summary>
public sealed class FileBasedAppTests
{
    private static string App => Path.Combine(PackedKit.RepositoryRoot, "notebooks", "sharpness-app.cs");

    [Fact]
    public async Task TheAppPrintsTheMinimalSharpnessAndWritesAChartPage()
    {
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        var folder = kit.NewFolder("app");
        string page = Path.Combine(folder, "chart.html");
        using var nuget = kit.IsolatedNuGet("app");
        var run = await ProcessRun.RunAsync("dotnet",
            ["run", $"--property:RestoreAdditionalProjectSources={kit.PackagesDirectory}", App, "--", page],
            folder, nuget.Environment, TimeSpan.FromMinutes(10));
        Assert.True(run.ExitCode == 0, run.Output);
        // Balanced W_i = diag(2, 1) at depth 3: λ = N‖M‖₂^(2−2/N) = 3·8^(4/3) = 48 (theory §2.7).
        var m = Regex.Match(run.StandardOutput, @"^lambda = (\S+)$", RegexOptions.Multiline);
        Assert.True(m.Success, run.Output);
        double lambda = double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(lambda - 48) <= 1e-12 * 48, $"λ = {lambda:R}\n{run.Output}");
        string html = File.ReadAllText(page);
        Assert.Contains("class=\"sharpness-chart\"", html);
        Assert.True(html.Length > 1_000_000, "the page must inline plotly.js (no network)");
    }

    [Fact]
    public void TheAppPinsThePackedVersion()
    {
        // The #:package directives name a version; it must be the one the solution packs.
        string source = File.ReadAllText(App);
        string props = File.ReadAllText(Path.Combine(PackedKit.RepositoryRoot, "Directory.Build.props"));
        string prefix = Regex.Match(props, "<VersionPrefix>(.*?)</VersionPrefix>").Groups[1].Value;
        string suffix = Regex.Match(props, "<VersionSuffix>(.*?)</VersionSuffix>").Groups[1].Value;
        var pinned = Regex.Matches(source, @"^#:package Sharpness[.\w]*@(\S+)$", RegexOptions.Multiline).Select(x => x.Groups[1].Value).ToList();
        Assert.NotEmpty(pinned);
        Assert.All(pinned, v => Assert.Equal($"{prefix}-{suffix}", v));
    }
}
