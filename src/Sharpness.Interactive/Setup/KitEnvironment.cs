using System.Reflection;

namespace Sharpness.Interactive.Setup;

/// <summary>The assemblies the kit runs against in this process (for the setup diagnostics and the host tests).</summary>
/// <param name="InteractiveLoaded">Microsoft.DotNet.Interactive as loaded (name, version, informational version).</param>
/// <param name="InteractiveCompiledAgainst">The Microsoft.DotNet.Interactive the kit was compiled against (the copy in bin/kit).</param>
/// <param name="FormattingLoaded">Microsoft.DotNet.Interactive.Formatting as loaded.</param>
/// <param name="FSharpCoreLoaded">The FSharp.Core loaded in the process (the highest version if several), or null.</param>
/// <param name="FSharpCoreCompiledAgainst">The FSharp.Core version Plotly.NET and the kit were compiled against.</param>
/// <param name="RedirectInstalled">True once Kit.Load installed the FSharp.Core redirect.</param>
/// <param name="Redirects">How many FSharp.Core load requests the redirect answered.</param>
public sealed record KitEnvironment(string InteractiveLoaded, string InteractiveCompiledAgainst, string FormattingLoaded,
    string? FSharpCoreLoaded, string FSharpCoreCompiledAgainst, bool RedirectInstalled, int Redirects)
{
    /// <summary>True when the loaded Microsoft.DotNet.Interactive has the version the kit compiled against.</summary>
    public bool InteractiveMatches => InteractiveLoaded == InteractiveCompiledAgainst;

    /// <summary>The dense kernels the exact routes run on: OpenBLAS (library, version, core type, threads) or the
    /// managed fallback with the reason (<see cref="Sharpness.LinearAlgebra.Kernels.DenseKernels.Status"/>).</summary>
    public string LinearAlgebra { get; init; } = Sharpness.LinearAlgebra.Kernels.DenseKernels.Status;

    /// <summary><see cref="LinearAlgebra"/> as short (item, value) pairs for a table (<see
    /// cref="Sharpness.LinearAlgebra.Kernels.DenseKernels.StatusItems"/>): notebook 00 shows them so, since one line
    /// of OpenBLAS's build string does not fit a page.</summary>
    public IReadOnlyList<(string Item, string Value)> LinearAlgebraItems { get; init; } = Sharpness.LinearAlgebra.Kernels.DenseKernels.StatusItems;

    internal static KitEnvironment Capture()
    {
        return new KitEnvironment(
            InteractiveLoaded: Describe(typeof(Microsoft.DotNet.Interactive.Kernel).Assembly),
            InteractiveCompiledAgainst: DescribeBesideKit("Microsoft.DotNet.Interactive.dll"),
            FormattingLoaded: Describe(typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly),
            FSharpCoreLoaded: FSharpCoreRedirect.LoadedFSharpCore()?.GetName().Version?.ToString(),
            FSharpCoreCompiledAgainst: FSharpCoreReferencedByPlotly(),
            RedirectInstalled: FSharpCoreRedirect.IsInstalled,
            Redirects: FSharpCoreRedirect.RedirectCount);
    }

    private static string KitFolder => Path.GetDirectoryName(typeof(KitEnvironment).Assembly.Location) ?? "";

    // The copy beside the kit is the one it was compiled against (CopyLocalLockFileAssemblies); read its version
    // without loading it.
    private static string DescribeBesideKit(string file)
    {
        string path = Path.Combine(KitFolder, file);
        if (!File.Exists(path)) return $"({file} not beside the kit)";
        var name = AssemblyName.GetAssemblyName(path);
        string informational = System.Diagnostics.FileVersionInfo.GetVersionInfo(path).ProductVersion?.Split('+')[0] ?? "?";
        return Describe(name, informational);
    }

    private static string Describe(Assembly assembly) =>
        Describe(assembly.GetName(), assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "?");

    private static string Describe(AssemblyName name, string informational) => $"{name.Version} ({informational})";

    private static string FSharpCoreReferencedByPlotly()
    {
        // Read from metadata without loading Plotly.NET (this runs before or after the redirect alike).
        string path = Path.Combine(KitFolder, "Plotly.NET.dll");
        if (!File.Exists(path)) return "(Plotly.NET.dll not beside the kit)";
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
            var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            foreach (var handle in md.AssemblyReferences)
            {
                var reference = md.GetAssemblyReference(handle);
                if (md.GetString(reference.Name) == "FSharp.Core") return reference.Version.ToString();
            }
            return "(none)";
        }
        catch (Exception e) when (e is IOException or BadImageFormatException)
        {
            return $"(unreadable: {e.Message})";
        }
    }
}
