using System.Text.RegularExpressions;

namespace Sharpness.Packages.Tests;

/// <summary>The README's one pack command: four packages, no warnings, and what a package user needs in each.</summary>
public sealed class PackTests
{
    private static readonly string[] Ids = ["Sharpness", "Sharpness.Views", "Sharpness.Interactive", "Sharpness.Cli"];

    [Fact]
    public async Task TheSolutionPacksWithNoWarnings()
    {
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        var warnings = Regex.Matches(kit.Pack.StandardOutput + kit.Pack.StandardError, @"^.*\bwarning [A-Z]+\d+.*$", RegexOptions.Multiline)
            .Select(m => m.Value.Trim()).Distinct().ToList();
        Assert.True(warnings.Count == 0, "pack warnings:\n" + string.Join('\n', warnings));
        var packed = Directory.GetFiles(kit.PackagesDirectory, "*.nupkg").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Ids.Order().Select(id => $"{id}.{kit.Version}.nupkg"), packed);
    }

    [Fact]
    public async Task TheVersionIsAPrereleaseLikeTheNotebookDependencies()
    {
        // A stable package may not depend on Microsoft.DotNet.Interactive 1.0.0-beta (NU5104).
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        Assert.Matches(@"^\d+\.\d+\.\d+-[0-9A-Za-z.]+$", kit.Version);
        Assert.Contains("<dependency id=\"Microsoft.DotNet.Interactive\" version=\"1.0.0-beta", kit.Nuspec("Sharpness.Interactive"));
    }

    [Theory]
    [InlineData("Sharpness")]
    [InlineData("Sharpness.Views")]
    [InlineData("Sharpness.Interactive")]
    [InlineData("Sharpness.Cli")]
    public async Task EveryPackageHasReadmeLicenseDescriptionAndSymbols(string id)
    {
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        string nuspec = kit.Nuspec(id);
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
        Assert.Contains("<readme>README.md</readme>", nuspec);
        Assert.Matches("<description>[^<]{40,}</description>", nuspec);
        var entries = kit.Entries(id);
        Assert.Contains("README.md", entries);
        Assert.True(File.Exists(Path.ChangeExtension(kit.Package(id), ".snupkg")), $"no symbols package for {id}");
    }

    [Theory]
    [InlineData("Sharpness")]
    [InlineData("Sharpness.Views")]
    [InlineData("Sharpness.Interactive")]
    public async Task LibraryPackagesCarryXmlDocs(string id)
    {
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        var entries = kit.Entries(id);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
    }

    [Fact]
    public async Task TheInteractivePackageCarriesItsKernelExtension()
    {
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        var entries = kit.Entries("Sharpness.Interactive");
        Assert.Contains("interactive-extensions/dotnet/Sharpness.Interactive.dll", entries);
        // The views layer is its own package, not copied into the notebook glue.
        Assert.DoesNotContain(entries, e => e.EndsWith("Sharpness.Views.dll", StringComparison.Ordinal));
        Assert.Contains("<dependency id=\"Sharpness.Views\"", kit.Nuspec("Sharpness.Interactive"));
        Assert.DoesNotContain("Microsoft.DotNet.Interactive", kit.Nuspec("Sharpness.Views"));
        Assert.DoesNotContain("Microsoft.DotNet.Interactive", kit.Nuspec("Sharpness"));
    }

    [Fact]
    public async Task TheCliPackageIsADotnetToolNamedSharpness()
    {
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        Assert.Contains("<packageType name=\"DotnetTool\" />", kit.Nuspec("Sharpness.Cli"));
        Assert.Contains(kit.Entries("Sharpness.Cli"), e => e.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
    }
}
