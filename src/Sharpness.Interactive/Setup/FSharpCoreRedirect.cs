using System.Reflection;
using System.Runtime.Loader;

namespace Sharpness.Interactive.Setup;

/// <summary>
/// Hands the FSharp.Core the host already loaded to every later request for FSharp.Core, whatever version it asks for.
/// </summary>
/// <remarks>
/// <para>Why: Plotly.NET 6 (through DynamicObj 8) references FSharp.Core 10.1.0.0, but the stock notebook host
/// (dotnet-interactive 1.0.712001) loads its own FSharp.Core 10.0.0.0 at start-up for its F# kernel. The default
/// load context cannot hold two assemblies with one name, so without this redirect the first Plotly.NET call fails
/// with <c>FileNotFoundException: Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'</c>. The parts of
/// FSharp.Core Plotly.NET uses (options, lists, functions) exist unchanged in 10.0, which the stock-host tests check
/// by drawing every chart of the kit.</para>
/// <para>The handler only runs when the default resolution has already failed, so a host that can load the
/// requested FSharp.Core (our own runner, the tests) is unaffected.</para>
/// </remarks>
internal static class FSharpCoreRedirect
{
    private const string FSharpCore = "FSharp.Core";
    private static int _installed;

    /// <summary>True once <see cref="Install"/> has run in this process.</summary>
    public static bool IsInstalled => Volatile.Read(ref _installed) == 1;

    /// <summary>How many FSharp.Core requests the handler answered (diagnostics for tests and <c>Kit.Describe</c>).</summary>
    public static int RedirectCount => Volatile.Read(ref _redirects);

    private static int _redirects;

    /// <summary>Installs the handler once per process; later calls do nothing and return false.</summary>
    public static bool Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return false;
        AssemblyLoadContext.Default.Resolving += Resolve;
        return true;
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        if (!string.Equals(requested.Name, FSharpCore, StringComparison.Ordinal)) return null;
        var loaded = LoadedFSharpCore();
        if (loaded is null)
        {
            // No FSharp.Core in the process yet: fall back to the copy built next to the kit.
            string beside = Path.Combine(Path.GetDirectoryName(typeof(FSharpCoreRedirect).Assembly.Location) ?? "", FSharpCore + ".dll");
            if (!File.Exists(beside)) return null;
            loaded = context.LoadFromAssemblyPath(beside);
        }
        Interlocked.Increment(ref _redirects);
        return loaded;
    }

    /// <summary>The FSharp.Core already loaded in the process (the highest version when several are), or null.</summary>
    public static Assembly? LoadedFSharpCore() =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => string.Equals(a.GetName().Name, FSharpCore, StringComparison.Ordinal))
            .OrderByDescending(a => a.GetName().Version)
            .FirstOrDefault();
}
