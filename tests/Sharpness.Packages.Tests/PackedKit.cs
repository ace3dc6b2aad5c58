using System.IO.Compression;

namespace Sharpness.Packages.Tests;

/// <summary>
/// The kit packed once per test run with the README's command, into a temporary folder:
/// <c>dotnet pack Sharpness.Notebooks.sln -c Release -o TEMP/packages</c>. Shared by every test class (each class
/// awaits the same pack), so they can run side by side once it is done.
/// </summary>
public sealed class PackedKit
{
    private static readonly Lazy<Task<PackedKit>> Shared = new(PackAsync);

    private PackedKit(string root, ProcessRun pack)
    {
        Root = root;
        Pack = pack;
    }

    /// <summary>The one pack of this test run.</summary>
    public static Task<PackedKit> GetAsync() => Shared.Value;

    /// <summary>The temporary folder holding everything of this run (deleted when the test process exits).</summary>
    public string Root { get; }

    /// <summary>The pack command as it ran.</summary>
    public ProcessRun Pack { get; }

    /// <summary>The folder the packages were written to.</summary>
    public string PackagesDirectory => Path.Combine(Root, "packages");

    /// <summary>The repository root (holding Sharpness.Notebooks.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The version the packages got (read from the Sharpness.Interactive package's file name).</summary>
    public string Version
    {
        get
        {
            const string prefix = "Sharpness.Interactive.";
            var file = Path.GetFileNameWithoutExtension(Package("Sharpness.Interactive"));
            return file[prefix.Length..];
        }
    }

    /// <summary>The .nupkg of a package id (exactly one must exist).</summary>
    public string Package(string id)
    {
        var matches = Directory.GetFiles(PackagesDirectory, id + ".*.nupkg")
            .Where(f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f), $@"^{System.Text.RegularExpressions.Regex.Escape(id)}\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\.nupkg$"))
            .ToList();
        Assert.True(matches.Count == 1, $"expected one {id} package in {PackagesDirectory}, found: {string.Join(", ", matches)}");
        return matches[0];
    }

    /// <summary>The text of the first entry of a package that <paramref name="match"/> accepts.</summary>
    public string EntryText(string id, Func<string, bool> match)
    {
        using var zip = ZipFile.OpenRead(Package(id));
        var entry = zip.Entries.First(e => match(e.FullName));
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Whether an assembly in a package carries ReadyToRun code (a managed native header in its CLI header).</summary>
    public bool IsReadyToRun(string id, string entryName)
    {
        using var zip = ZipFile.OpenRead(Package(id));
        var entry = zip.GetEntry(entryName);
        Assert.True(entry is not null, $"{id} has no {entryName}");
        using var copy = new MemoryStream();
        using (var stream = entry!.Open()) stream.CopyTo(copy);
        copy.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(copy);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    /// <summary>The entry names of a package.</summary>
    public IReadOnlyList<string> Entries(string id)
    {
        using var zip = ZipFile.OpenRead(Package(id));
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    /// <summary>The .nuspec text of a package.</summary>
    public string Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(Package(id));
        var entry = zip.Entries.Single(e => e.FullName == id + ".nuspec");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    /// <summary>A new, empty NuGet global packages folder for one consumer: whatever an earlier run (or another
    /// engineer) left in ~/.nuget/packages under the same version cannot be used. Disposing deletes it (hundreds of
    /// MB once a consumer restored the kit's dependencies into it).</summary>
    public IsolatedFolder IsolatedNuGet(string purpose) => new(Path.Combine(Root, "nuget-" + purpose + "-" + Guid.NewGuid().ToString("N")[..8]));

    /// <summary>A copy of the packed feed for one consumer. The .NET Interactive hosts cache a <c>#r "nuget:"</c>
    /// resolution in <c>~/.packagemanagement/nuget/Cache</c>, keyed by the references and sources but not by
    /// NUGET_PACKAGES: consumers of one feed shared one resolution, and a later one loaded assemblies from an earlier
    /// one's isolated NuGet folder, deleted when that test ended (seen once in CI: the Jupyter test's chart cell could
    /// not load Plotly.NET.CSharp from a stock-host test's folder). A feed of its own gives each its own key.</summary>
    public string OwnFeed(string purpose)
    {
        var feed = NewFolder("feed-" + purpose);
        foreach (var file in Directory.GetFiles(PackagesDirectory)) File.Copy(file, Path.Combine(feed, Path.GetFileName(file)));
        return feed;
    }

    /// <summary>A new temporary folder outside the repository for one consumer.</summary>
    public string NewFolder(string purpose)
    {
        var folder = Path.Combine(Root, purpose + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private const string Prefix = "sharpness-packages-";
    private const string OwnerFile = "owner.txt";

    private static async Task<PackedKit> PackAsync()
    {
        DeleteAbandonedRuns();
        var root = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        using (var self = System.Diagnostics.Process.GetCurrentProcess())
            File.WriteAllText(Path.Combine(root, OwnerFile), $"{self.Id} {self.StartTime.Ticks}");
        // Best effort at the end of this run; a test host that is killed instead leaves the folder to the next run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(root);
        var pack = await ProcessRun.RunAsync("dotnet",
            ["pack", "Sharpness.Notebooks.sln", "-c", "Release", "-o", Path.Combine(root, "packages")],
            RepositoryRoot, timeout: TimeSpan.FromMinutes(15));
        return new PackedKit(root, pack);
    }

    // Folders of earlier runs whose test process is gone (never one of a run still going, e.g. another worktree's).
    private static void DeleteAbandonedRuns()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            string owner = Path.Combine(dir, OwnerFile);
            bool alive = false;
            try
            {
                var parts = File.ReadAllText(owner).Split(' ');
                using var process = System.Diagnostics.Process.GetProcessById(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
                alive = process.StartTime.Ticks == long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or ArgumentException or FormatException or IndexOutOfRangeException
                                          or InvalidOperationException or UnauthorizedAccessException or OverflowException)
            {
                // No owner file yet (a run being created right now) counts as alive for a day.
                alive = !File.Exists(owner) && Directory.GetCreationTimeUtc(dir) > DateTime.UtcNow.AddDays(-1);
            }
            if (!alive) DeleteQuietly(dir);
        }
    }

    internal static void DeleteQuietly(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Fails the calling test with the pack output when the pack failed.</summary>
    public void RequirePacked() => Assert.True(Pack.ExitCode == 0, "dotnet pack failed:\n" + Pack.Output);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sharpness.Notebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Sharpness.Notebooks.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A temporary folder handed to a child process as NUGET_PACKAGES, deleted on dispose.</summary>
public sealed class IsolatedFolder : IDisposable
{
    internal IsolatedFolder(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The environment that points NuGet at it.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path };

    public void Dispose() => PackedKit.DeleteQuietly(Path);
}
