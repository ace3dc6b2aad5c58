using Sharpness.TestSupport.Hosting;

namespace Sharpness.Interactive.Tests.StockHost;

/// <summary>One stock host (the pinned dotnet-interactive tool) per test class, started in a notebook-like folder.</summary>
public sealed class StockHostFixture : IAsyncLifetime
{
    private StockHostSession? _session;

    /// <summary>The running session.</summary>
    public StockHostSession Session => _session ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The notebook folder the host runs in.</summary>
    public string NotebookFolder { get; } = KitPaths.CreateNotebookFolder();

    public async Task InitializeAsync()
    {
        RestoreTools();
        _session = await StockHostSession.StartAsync(new StockHostOptions(KitPaths.RepositoryRoot, NotebookFolder));
    }

    public Task DisposeAsync()
    {
        _session?.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(NotebookFolder)!, recursive: true); }
        catch (IOException) { /* a temp folder left behind is harmless */ }
        return Task.CompletedTask;
    }

    /// <summary>Runs <c>dotnet tool restore</c> once per test run (one process at a time on the machine).</summary>
    public static void RestoreTools() => LocalTools.Restore(KitPaths.RepositoryRoot);
}
