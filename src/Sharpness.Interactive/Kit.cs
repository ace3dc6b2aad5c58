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
/// <para><see cref="Load"/> installs the FSharp.Core redirect (see <c>FSharpCoreRedirect</c>) before any Plotly.NET
/// type is touched, then registers the kit's formatters. Its own body names no Plotly.NET type, and the registration
/// runs in a separate non-inlined method, because the JIT resolves (and loads) the assemblies of every type a method
/// body mentions when it compiles that method — before the first line of it runs.</para>
/// <para>Host assemblies: the stock host (dotnet-interactive 1.0.712001) ships Microsoft.DotNet.Interactive,
/// .Formatting and .CSharp 1.0.0-beta.26120.1 (file version 1.0.26.12001), the same build the kit compiles against, so
/// the kit's formatters register with the host's own <c>Formatter</c>; <see cref="Describe"/> reports the versions
/// actually loaded and the stock-host tests assert they match. FSharp.Core is the one mismatch (host 10.0.0.0, Plotly.NET
/// needs 10.1.0.0), handled by the redirect. The C# kernel's own references need no care: the #r'd kit resolves its
/// other dependencies (MathNet, Plotly.NET, DynamicObj, Giraffe.ViewEngine, Newtonsoft.Json) from bin/kit.</para>
/// <para>A kernel extension would call the same <see cref="Load"/>; nothing notebook-specific lives in the core library.</para>
/// </remarks>
public static class Kit
{
    private static readonly Lock Gate = new();

    /// <summary>Installs the FSharp.Core redirect and registers every formatter. Idempotent: safe to call again
    /// (it re-registers only when a host has reset the formatters).</summary>
    public static void Load()
    {
        FSharpCoreRedirect.Install();
        lock (Gate)
        {
            RegisterFormattersIfNeeded();
        }
    }

    /// <summary>What the kit sees in this process: assembly versions and whether the redirect is active.</summary>
    public static KitEnvironment Describe() => KitEnvironment.Capture();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterFormattersIfNeeded()
    {
        if (!KitFormatters.AreRegistered()) KitFormatters.RegisterAll();
    }
}
