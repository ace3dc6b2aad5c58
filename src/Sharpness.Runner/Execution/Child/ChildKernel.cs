using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Sharpness.Runner.Execution.Child;

/// <summary>
/// The kernel inside the child process: a CompositeKernel with the C# kernel, <c>#r "nuget:"</c>, the kernel
/// helpers (display, HTML, ...), #!who, value sharing and #!import — the set notebook-host.md measured headlessly —
/// plus the stock host's loading of package kernel extensions (<see cref="PackageExtensionLoader"/>).
/// </summary>
internal sealed class ChildKernel : IDisposable
{
    private readonly CompositeKernel _kernel;

    private ChildKernel(CompositeKernel kernel) => _kernel = kernel;

    /// <summary>Creates the kernel (≈1 s, mostly Roslyn start-up).</summary>
    public static ChildKernel Create()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, references) =>
            {
                kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            }, false)
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        composite.UseImportMagicCommand();
        composite.UsePackageExtensions();
        return new ChildKernel(composite);
    }

    /// <summary>
    /// Submits one cell and streams its outputs to <paramref name="onOutput"/> as they arrive (so a cell that later
    /// hangs still shows what it printed). Returns null on success, else the error text.
    /// </summary>
    public async Task<string?> SubmitAsync(string code, string kernelName, Action<CellOutput, bool> onOutput)
    {
        using var subscription = _kernel.KernelEvents.Subscribe(new EventObserver(e => Forward(e, onOutput)));
        var result = await _kernel.SendAsync(new SubmitCode(code, kernelName));
        var failure = result.Events.OfType<CommandFailed>().FirstOrDefault();
        if (failure is null) return null;
        return failure.Exception is { } ex && string.IsNullOrWhiteSpace(failure.Message)
            ? ex.ToString()
            : failure.Message;
    }

    private static void Forward(KernelEvent e, Action<CellOutput, bool> onOutput)
    {
        switch (e)
        {
            case StandardOutputValueProduced so:
                onOutput(CellOutput.Text(OutputKind.Stdout, PlainText(so)), false);
                break;
            case StandardErrorValueProduced se:
                onOutput(CellOutput.Text(OutputKind.Stderr, PlainText(se)), false);
                break;
            case ReturnValueProduced rv:
                onOutput(new CellOutput(OutputKind.ReturnValue, Formatted(rv), rv.ValueId), false);
                break;
            case DisplayedValueUpdated du:
                onOutput(new CellOutput(OutputKind.Display, Formatted(du), du.ValueId), true);
                break;
            case DisplayedValueProduced dv:
                onOutput(new CellOutput(OutputKind.Display, Formatted(dv), dv.ValueId), false);
                break;
        }
    }

    private static string PlainText(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value
        ?? e.FormattedValues.FirstOrDefault()?.Value
        ?? e.Value?.ToString()
        ?? "";

    private static Dictionary<string, string> Formatted(DisplayEvent e)
    {
        var data = new Dictionary<string, string>();
        foreach (var v in e.FormattedValues)
        {
            if (!v.SuppressDisplay) data[v.MimeType] = v.Value;
        }
        if (data.Count == 0 && e.Value is not null) data["text/plain"] = e.Value.ToString() ?? "";
        return data;
    }

    public void Dispose() => _kernel.Dispose();

    private sealed class EventObserver(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) => Debug.WriteLine(error);
        public void OnNext(KernelEvent value) => onNext(value);
    }
}
