using System.Runtime.CompilerServices;
using Sharpness.Interactive.Formatting;
using Sharpness.Interactive.Setup;

namespace Sharpness.Interactive;

/// <summary>
/// The one entry point of the notebook kit. Every notebook's setup cell is exactly
/// <code>
/// #r "../src/Sharpness.Interactive/bin/kit/Sharpness.Interactive.dll"
/// Sharpness.Interactive.Kit.Load();
/// </code>
/// (build <c>src/Sharpness.Interactive</c> first; after rebuilding it, restart the kernel: a loaded assembly cannot
/// be replaced in a running host).
/// </summary>
/// <remarks>
/// <para><see cref="Load()"/> installs the FSharp.Core redirect (see <c>FSharpCoreRedirect</c>) before any Plotly.NET
/// type is touched, then registers the kit's formatters. Its own body names no Plotly.NET type, and the registration
/// runs in a separate non-inlined method, because the JIT resolves (and loads) the assemblies of every type a method
/// body mentions when it compiles that method — before the first line of it runs.</para>
/// <para>Host assemblies (measured in the stock host, dotnet-interactive 1.0.712001): its Microsoft.DotNet.Interactive
/// and .Formatting are 1.0.0-beta.26120.1, byte-identical to the package copies the kit compiles against (as are
/// Microsoft.CodeAnalysis and Newtonsoft.Json 13), so the kit's formatters register with the host's own
/// <c>Formatter</c>; <see cref="Describe"/> reports what is loaded and the stock-host tests assert the match. The host
/// resolves the #r'd kit's other dependencies (MathNet, Plotly.NET, DynamicObj, Giraffe.ViewEngine) from bin/kit, and
/// its already-loaded copies win for shared names (System.Reactive 6.0.0 vs the kit's 6.0.1: harmless). The C#
/// kernel's own references need no care.</para>
/// <para>FSharp.Core is the one real mismatch: the host loads its own 10.0.0.0; Plotly.NET 6 needs 10.1.0.0. Without
/// the redirect the host also loads the 10.1 copy from bin/kit, Giraffe.ViewEngine binds to one and Plotly.NET to the
/// other, and the first chart fails with <c>TypeInitializationException</c> in Plotly.NET's <c>Defaults</c>
/// (<c>MissingMethodException … FSharpFunc … Giraffe.ViewEngine.Attributes.get__id()</c>); without the copy in bin/kit
/// it is <c>FileNotFoundException: FSharp.Core, Version=10.1.0.0</c>. Either failure poisons the kernel (a type
/// initializer does not run twice): run the setup cell first, and restart the kernel after such a failure. With the
/// redirect only FSharp.Core 10.0.0.0 is ever loaded and every chart of the kit draws (tested).</para>
/// <para>From a package (<c>#r "nuget: Sharpness.Interactive, …"</c>) no call is needed: the host runs
/// <see cref="KitKernelExtension"/>, which calls <see cref="Load(Microsoft.DotNet.Interactive.Kernel)"/>. Calling
/// <see cref="Load()"/> again after that is harmless. Nothing notebook-specific lives in the core library.</para>
/// </remarks>
public static class Kit
{
    private static readonly Lock Gate = new();

    /// <summary>Installs the FSharp.Core redirect and registers every formatter. Idempotent: safe to call again
    /// (it re-registers only when a host has reset the formatters).</summary>
    public static void Load() => Load(null);

    /// <summary>As <see cref="Load()"/>, importing the prelude into the C# kernel of <paramref name="kernel"/> (a
    /// host's root kernel, as the kernel extension receives it) instead of the kernel running the current cell.</summary>
    public static void Load(Microsoft.DotNet.Interactive.Kernel? kernel)
    {
        FSharpCoreRedirect.Install();
        lock (Gate)
        {
            RegisterFormattersIfNeeded();
        }
        NotebookPrelude.Install(kernel);
    }

    /// <summary>What the kit sees in this process: assembly versions and whether the redirect is active.</summary>
    public static KitEnvironment Describe() => KitEnvironment.Capture();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterFormattersIfNeeded()
    {
        if (!KitFormatters.AreRegistered()) KitFormatters.RegisterAll();
    }
}
