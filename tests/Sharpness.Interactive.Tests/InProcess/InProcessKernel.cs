using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace Sharpness.Interactive.Tests.InProcess;

/// <summary>What one submission produced in the in-process kernel.</summary>
public sealed record CellOutput(bool Succeeded, string? Error, IReadOnlyList<(string MimeType, string Value)> Values)
{
    /// <summary>All text/html output joined.</summary>
    public string Html => string.Concat(Values.Where(v => v.MimeType == "text/html").Select(v => v.Value));

    /// <summary>All text/plain output joined.</summary>
    public string Plain => string.Concat(Values.Where(v => v.MimeType == "text/plain").Select(v => v.Value));
}

/// <summary>An in-process notebook host: a CompositeKernel with a CSharpKernel, run from a notebook-like folder so
/// the setup cell's relative #r resolves as in a notebook; the setup cell runs once. One kernel for all in-process
/// tests (kernel creation ≈ 1 s).</summary>
public sealed class InProcessKernel : IAsyncLifetime
{
    private CompositeKernel? _kernel;

    public string NotebookFolder { get; } = KitPaths.CreateNotebookFolder();

    /// <summary>The setup cell's outcome (run once, followed by the samples' usings and fixtures).</summary>
    public CellOutput? Setup { get; private set; }

    public async Task InitializeAsync()
    {
        _kernel = new CompositeKernel { new CSharpKernel().UseKernelHelpers() };
        _kernel.DefaultKernelName = "csharp";
        Setup = await RunAsync(KitPaths.SetupCell);
        if (Setup.Succeeded) Setup = await RunAsync(NotebookSamples.Usings);
    }

    /// <summary>Submits code with the notebook folder as the current directory (relative #r paths resolve there).</summary>
    public async Task<CellOutput> RunAsync(string code) => (await RunWithEventsAsync(code)).Output;

    /// <summary>As <see cref="RunAsync"/>, also returning every kernel event of the submission in order.</summary>
    public async Task<(CellOutput Output, IReadOnlyList<KernelEvent> Events)> RunWithEventsAsync(string code)
    {
        var kernel = _kernel ?? throw new InvalidOperationException("Kernel not initialized.");
        string previous = Directory.GetCurrentDirectory();
        KernelCommandResult result;
        lock (CurrentDirectoryGate) Directory.SetCurrentDirectory(NotebookFolder);
        try { result = await kernel.SendAsync(new SubmitCode(code)); }
        finally { Directory.SetCurrentDirectory(previous); }
        var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
        var values = result.Events.OfType<DisplayEvent>()
            .SelectMany(e => e.FormattedValues.Select(v => (v.MimeType, v.Value))).ToList();
        return (new CellOutput(failed is null, failed?.Message, values), result.Events);
    }

    /// <summary>Runs code and fails the test when the cell fails.</summary>
    public async Task<CellOutput> RunOkAsync(string code)
    {
        Assert.True(Setup is { Succeeded: true }, $"setup: {Setup?.Error}");
        var output = await RunAsync(code);
        Assert.True(output.Succeeded, $"Cell failed: {output.Error}\ncode:\n{code}");
        return output;
    }

    public Task DisposeAsync()
    {
        _kernel?.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(NotebookFolder)!, recursive: true); }
        catch (IOException) { }
        return Task.CompletedTask;
    }

    private static readonly Lock CurrentDirectoryGate = new();
}
