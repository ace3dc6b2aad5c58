using System.Text.RegularExpressions;

namespace Sharpness.Packages.Tests;

/// <summary>The README's one pack command: four packages (the tool as a pointer package and its linux-x64 and any
/// packages), no warnings, and what a package user needs in each.</summary>
public sealed class PackTests
{
    private static readonly string[] Ids = ["Sharpness", "Sharpness.Views", "Sharpness.Interactive", "Sharpness.Cli"];

    // The tool's RID-specific packages (Sharpness.Cli itself only points at them): linux-x64 with ReadyToRun code,
    // and a framework-dependent one for every other platform.
    private static readonly string[] ToolRidIds = ["Sharpness.Cli.linux-x64", "Sharpness.Cli.any"];

    [Fact]
    public async Task TheSolutionPacksWithNoWarnings()
    {
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        var warnings = Regex.Matches(kit.Pack.StandardOutput + kit.Pack.StandardError, @"^.*\bwarning [A-Z]+\d+.*$", RegexOptions.Multiline)
            .Select(m => m.Value.Trim()).Distinct().ToList();
        Assert.True(warnings.Count == 0, "pack warnings:\n" + string.Join('\n', warnings));
        var packed = Directory.GetFiles(kit.PackagesDirectory, "*.nupkg").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Ids.Concat(ToolRidIds).Order(StringComparer.Ordinal).Select(id => $"{id}.{kit.Version}.nupkg"), packed.Order(StringComparer.Ordinal));
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
    [InlineData("Sharpness.Cli.linux-x64")]
    [InlineData("Sharpness.Cli.any")]
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

    [Fact]
    public async Task TheToolPointsAtItsRidPackagesAndTheLinuxOneCarriesReadyToRunCode()
    {
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        // The pointer package has a readme and license but no code, hence no symbols package.
        string pointer = kit.Nuspec("Sharpness.Cli");
        Assert.Contains("<license type=\"expression\">MIT</license>", pointer);
        Assert.Contains("<readme>README.md</readme>", pointer);
        string settings = kit.EntryText("Sharpness.Cli", e => e.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        foreach (var rid in new[] { "linux-x64", "any" })
            Assert.Contains($"RuntimeIdentifier=\"{rid}\" Id=\"Sharpness.Cli.{rid}\"", settings);
        // What `analyze` runs is precompiled for linux-x64 (the depth-2 report of issue 13 starts ≈ 25 % faster);
        // the rest (the notebook runner's Roslyn and F# compilers) stays IL, so the package stays small.
        foreach (var dll in new[] { "Sharpness.dll", "Sharpness.Cli.dll", "MathNet.Numerics.dll", "System.CommandLine.dll" })
        {
            Assert.True(kit.IsReadyToRun("Sharpness.Cli.linux-x64", $"tools/net10.0/linux-x64/{dll}"), $"{dll} is not ReadyToRun in the linux-x64 package");
            Assert.False(kit.IsReadyToRun("Sharpness.Cli.any", $"tools/net10.0/any/{dll}"), $"{dll} is ReadyToRun in the any package");
        }
        Assert.False(kit.IsReadyToRun("Sharpness.Cli.linux-x64", "tools/net10.0/linux-x64/FSharp.Compiler.Service.dll"));
    }
}
