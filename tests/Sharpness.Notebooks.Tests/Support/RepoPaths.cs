namespace Sharpness.Notebooks.Tests.Support;

/// <summary>Locations in the repository (found from the test binary upwards).</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Sharpness.Notebooks.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The real tutorial notebooks.</summary>
    public static string Notebooks => Path.Combine(Root, "notebooks");

    /// <summary>Small notebooks used only by these tests.</summary>
    public static string TestNotebooks => Path.Combine(Root, "tests", "Sharpness.Notebooks.Tests", "TestNotebooks");

    /// <summary>A test notebook by name.</summary>
    public static string TestNotebook(string name) => Path.Combine(TestNotebooks, name);

    /// <summary>The kit's build output, which the notebooks' setup cell #r's.</summary>
    public static string KitDirectory => Path.Combine(Root, "src", "Sharpness.Interactive", "bin", "kit");

    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> Created = new();

    static RepoPaths() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteCreated();

    /// <summary>A fresh temporary folder, deleted when the test process exits (a user's review found 1461
    /// sharpness-tests-* folders and 95 Chromium profiles of ~2.5 MB left in /tmp). Tests that are done with theirs
    /// earlier may still call <see cref="DeleteQuietly"/>.</summary>
    public static string NewTempDirectory(string purpose)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"sharpness-tests-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        Created.Enqueue(dir);
        return dir;
    }

    /// <summary>Whether <paramref name="directory"/> came from <see cref="NewTempDirectory"/> and will be deleted at exit.</summary>
    public static bool IsDeletedAtExit(string directory) => Created.Contains(directory);

    // At process exit every test is done and every browser closed (Puppeteer's are disposed by their tests).
    private static void DeleteCreated()
    {
        while (Created.TryDequeue(out var dir)) DeleteQuietly(dir);
    }

    /// <summary>Removes a temporary folder; a folder still in use is left for the system to clean.</summary>
    public static void DeleteQuietly(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Artifacts a test keeps for people to look at (screenshots), under the test binary's folder.</summary>
    public static string ArtifactsDirectory
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "test-artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sharpness.Notebooks.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Sharpness.Notebooks.sln not found above {AppContext.BaseDirectory}");
    }
}
