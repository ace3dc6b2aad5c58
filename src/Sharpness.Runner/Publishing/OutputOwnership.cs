using System.Text.Json;

namespace Sharpness.Runner.Publishing;

/// <summary>
/// What in an output folder DIR belongs to the runner: only <see cref="OwnedFolders"/> (DIR/notebooks, DIR/site),
/// and each only when it carries the runner's manifest (<see cref="ManifestName"/>, listing every file the runner
/// wrote there) or is recognizably an earlier version's output (DIR/site with its summary.json, index.html, the pages
/// summary.json lists and assets/; DIR/notebooks with only the executed copies summary.json names). Nothing else in
/// DIR is ever read, moved or deleted.
/// </summary>
public static class OutputOwnership
{
    /// <summary>The folders a run publishes, in swap order. A new output (a JUnit report folder, say) is added here.</summary>
    public static readonly IReadOnlyList<string> OwnedFolders = new[] { "notebooks", "site" };

    /// <summary>The manifest file inside each owned folder.</summary>
    public const string ManifestName = ".sharpness-run.json";

    private const string CreatedBy = "sharpness run";

    /// <summary>Writes the manifest of <paramref name="folder"/> (built in staging) listing every file in it.</summary>
    public static void WriteManifest(string folder, string runId)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Relative(folder, f)).Where(f => f != ManifestName).Order(StringComparer.Ordinal).ToList();
        var manifest = new Manifest(CreatedBy, 1, runId, files);
        File.WriteAllText(Path.Combine(folder, ManifestName), JsonSerializer.Serialize(manifest, ManifestJson));
    }

    /// <summary>The run id recorded in an owned folder's manifest, or null.</summary>
    public static string? RunId(string folder) => ReadManifest(folder)?.RunId;

    /// <summary>
    /// Throws <see cref="OutputFolderRefusedException"/> unless every owned folder of <paramref name="outputDirectory"/>
    /// is missing or the runner's own (so replacing it destroys nothing the runner did not write).
    /// </summary>
    public static void Check(string outputDirectory)
    {
        var site = Path.Combine(outputDirectory, "site");
        var earlierSite = EarlierSitePages(site);
        foreach (var name in OwnedFolders)
        {
            var folder = Path.Combine(outputDirectory, name);
            if (Refusal(folder, name, earlierSite) is { } why)
                throw new OutputFolderRefusedException(
                    $"{folder} was not written by sharpness run ({why}), so it is left as it is. Move it away or choose another --out.");
        }
    }

    private static string? Refusal(string folder, string name, EarlierSite? earlierSite)
    {
        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is not null) return "it is a symbolic link";
        if (File.Exists(folder)) return "it is a file";
        if (!info.Exists) return null;
        if (ReadManifest(folder) is { } manifest)
        {
            var listed = new HashSet<string>(manifest.Files, StringComparer.Ordinal) { ManifestName };
            var folders = new HashSet<string>(manifest.Files.SelectMany(Ancestors), StringComparer.Ordinal);
            return Unlisted(folder, listed, folders) is { } extra ? $"it contains {extra}, which an earlier run did not write" : null;
        }
        if (earlierSite is null)
            return File.Exists(Path.Combine(folder, ManifestName))
                ? "its manifest cannot be read"
                : "it has no sharpness run manifest, and no earlier run's site/summary.json describes it";
        if (name == "site")
        {
            var allowed = new HashSet<string>(earlierSite.Pages, StringComparer.Ordinal) { "index.html", "summary.json" };
            return UnlistedEarlier(folder, rel => allowed.Contains(rel) || rel.StartsWith("assets/", StringComparison.Ordinal), rel => rel == "assets" || rel.StartsWith("assets/", StringComparison.Ordinal)) is { } extra
                ? $"it contains {extra}, which an earlier run did not write" : null;
        }
        if (name == "notebooks")
        {
            var copies = new HashSet<string>(earlierSite.Notebooks.Select(n => n + ".ipynb"), StringComparer.Ordinal);
            return UnlistedEarlier(folder, copies.Contains, _ => false) is { } extra
                ? $"it contains {extra}, which an earlier run did not write" : null;
        }
        return "the runner does not write it";
    }

    private static string? Unlisted(string folder, HashSet<string> files, HashSet<string> folders) =>
        UnlistedEarlier(folder, files.Contains, folders.Contains);

    // The first entry (depth first) that is neither an allowed file nor inside an allowed folder; links never count.
    private static string? UnlistedEarlier(string folder, Func<string, bool> fileAllowed, Func<string, bool> folderAllowed)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions
                 {
                     RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false,
                 }))
        {
            var rel = Relative(folder, entry.FullName);
            if (entry.LinkTarget is not null) return rel;
            if (entry is DirectoryInfo ? !folderAllowed(rel) : !fileAllowed(rel)) return rel;
        }
        return null;
    }

    private static IEnumerable<string> Ancestors(string relativeFile)
    {
        for (var at = relativeFile.LastIndexOf('/'); at > 0; at = relativeFile.LastIndexOf('/', at - 1))
            yield return relativeFile[..at];
    }

    private sealed record EarlierSite(IReadOnlyList<string> Notebooks, IReadOnlyList<string> Pages);

    // An earlier version's site (no manifest): summary.json of the shape it wrote, next to index.html.
    private static EarlierSite? EarlierSitePages(string site)
    {
        var summary = Path.Combine(site, "summary.json");
        if (new DirectoryInfo(site).LinkTarget is not null || !File.Exists(summary) || !File.Exists(Path.Combine(site, "index.html")))
            return null;
        if (ReadManifest(site) is not null) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(summary));
            if (!doc.RootElement.TryGetProperty("notebooks", out var list) || list.ValueKind != JsonValueKind.Array) return null;
            if (!doc.RootElement.TryGetProperty("succeeded", out _)) return null;
            var names = new List<string>();
            var pages = new List<string>();
            foreach (var n in list.EnumerateArray())
            {
                if (n.ValueKind != JsonValueKind.Object
                    || !n.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !n.TryGetProperty("page", out var page) || page.ValueKind != JsonValueKind.String)
                    return null;
                names.Add(name.GetString()!);
                pages.Add(page.GetString()!);
            }
            return new EarlierSite(names, pages);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Manifest? ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ManifestName);
        if (!File.Exists(path)) return null;
        try
        {
            var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path), ManifestJson);
            return manifest is { CreatedBy: CreatedBy, Files: not null } ? manifest : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private sealed record Manifest(string CreatedBy, int Format, string RunId, IReadOnlyList<string> Files);
}
