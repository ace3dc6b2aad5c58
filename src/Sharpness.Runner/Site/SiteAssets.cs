using System.Reflection;

namespace Sharpness.Runner.Site;

/// <summary>
/// Files the site needs offline. KaTeX is vendored from npm (katex 0.19.1: katex.min.js/.css, auto-render, woff2
/// fonts) and embedded in this assembly. plotly.js is the copy Plotly.NET 6 bundles as a resource — the exact
/// version (2.28.0) its chart JSON is written for, so nothing plotly-sized is vendored in the repository.
/// </summary>
public static class SiteAssets
{
    private const string ResourcePrefix = "Assets/";
    private static readonly Lazy<string> PlotlyScript = new(LoadPlotly);

    /// <summary>Folder (relative to the site root) where KaTeX goes.</summary>
    public const string KatexFolder = "assets/katex";

    /// <summary>Copies the embedded KaTeX files into <paramref name="siteDirectory"/>/assets/katex.</summary>
    public static void CopyKatex(string siteDirectory)
    {
        var assembly = typeof(SiteAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix + "katex/", StringComparison.Ordinal)))
        {
            var target = Path.Combine(siteDirectory, "assets", name[ResourcePrefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var source = assembly.GetManifestResourceStream(name)!;
            using var file = File.Create(target);
            source.CopyTo(file);
        }
    }

    /// <summary>The plotly.min.js text, made safe to inline inside a &lt;script&gt; element.</summary>
    public static string PlotlyInlineScript => PlotlyScript.Value;

    /// <summary>Plotly.NET's copy of the plotly.js license (MIT), written next to the pages.</summary>
    public static string PlotlyLicense()
    {
        var assembly = PlotlyAssembly();
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".min.js.LICENSE.txt", StringComparison.Ordinal));
        if (name is null) return "plotly.js is released under the MIT license.";
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    private static string LoadPlotly()
    {
        var assembly = PlotlyAssembly();
        var name = assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Plotly.NET no longer embeds plotly.min.js; vendor plotly.js-dist-min instead.");
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        // "</script" inside the library text would end the inline element early.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }

    // Parent process only: touching Plotly.NET here loads it (and FSharp.Core) into the runner, never into a child.
    private static Assembly PlotlyAssembly() => typeof(Plotly.NET.GenericChart).Assembly;
}
