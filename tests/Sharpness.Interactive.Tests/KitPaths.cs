namespace Sharpness.Interactive.Tests;

/// <summary>Where the repository, the built kit and the notebook setup cell are.</summary>
internal static class KitPaths
{
    /// <summary>The setup cell every notebook starts with (notebooks/ is one level below the repository root).</summary>
    public const string SetupCell = "#r \"../src/Sharpness.Interactive/bin/kit/Sharpness.Interactive.dll\"\nSharpness.Interactive.Kit.Load();";

    /// <summary>The repository root (the folder holding Sharpness.Notebooks.sln and .config/dotnet-tools.json).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The kit's build output, src/Sharpness.Interactive/bin/kit.</summary>
    public static string KitDirectory => Path.Combine(RepositoryRoot, "src", "Sharpness.Interactive", "bin", "kit");

    /// <summary>Makes a temporary folder laid out like the repository: {temp}/notebooks is the notebooks' folder and
    /// {temp}/src/Sharpness.Interactive/bin/kit links to the built kit, so the setup cell works verbatim there.</summary>
    public static string CreateNotebookFolder()
    {
        string root = Path.Combine(Path.GetTempPath(), "sharpness-host-" + Guid.NewGuid().ToString("N")[..12]);
        string notebooks = Path.Combine(root, "notebooks");
        Directory.CreateDirectory(notebooks);
        string kitParent = Path.Combine(root, "src", "Sharpness.Interactive", "bin");
        Directory.CreateDirectory(kitParent);
        Directory.CreateSymbolicLink(Path.Combine(kitParent, "kit"), KitDirectory);
        return notebooks;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sharpness.Notebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Sharpness.Notebooks.sln above {AppContext.BaseDirectory}.");
    }
}
