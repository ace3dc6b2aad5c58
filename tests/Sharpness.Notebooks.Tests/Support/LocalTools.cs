using System.Diagnostics;

namespace Sharpness.Notebooks.Tests.Support;

/// <summary>The repository's local dotnet tools (.config/dotnet-tools.json: the stock dotnet-interactive host),
/// restored once per test run.</summary>
public static class LocalTools
{
    private static readonly Lazy<bool> Restored = new(() =>
    {
        var start = new ProcessStartInfo("dotnet", "tool restore")
        {
            WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(start)!;
        var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"dotnet tool restore failed:\n{text}");
        return true;
    });

    /// <summary>Runs <c>dotnet tool restore</c> in the repository root (once).</summary>
    public static void Restore() => _ = Restored.Value;
}
