using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Sharpness.Runner.Execution.Child;

/// <summary>
/// What the stock notebook host (dotnet-interactive) does after a <c>#r "nuget: …"</c> restore and an in-process
/// kernel does not: load the kernel extensions a package carries under <c>interactive-extensions/dotnet</c>.
/// </summary>
/// <remarks>
/// <para>Same contract as the host (dotnet/interactive's <c>KernelExtensionLoader</c>, read from its sources): after
/// the command that added a package finishes, every top-level <c>*.dll</c> of that folder is loaded into the default
/// load context (once per assembly name) and <see cref="IKernelExtension.OnLoadAsync"/> runs for each exported,
/// instantiable <see cref="IKernelExtension"/> with the root kernel; then an <c>extension.dib</c> there, if any, runs
/// in the kernel. A failing extension fails the command that added the package, naming the extension.</para>
/// <para>So <c>#r "nuget: Sharpness.Interactive, …"</c> loads the kit's formatters, charts and namespaces under
/// <c>sharpness run</c> exactly as in VS Code or Jupyter.</para>
/// </remarks>
internal static class PackageExtensionLoader
{
    /// <summary>The folder of a package that holds its .NET kernel extensions.</summary>
    public static readonly string ExtensionFolder = Path.Combine("interactive-extensions", "dotnet");

    private const string ExtensionScript = "extension.dib";

    /// <summary>Installs the loader on <paramref name="kernel"/> (the root kernel the extensions receive).</summary>
    public static CompositeKernel UsePackageExtensions(this CompositeKernel kernel)
    {
        var added = new ConcurrentQueue<string>();
        var seenRoots = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var loadedAssemblies = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var subscription = kernel.KernelEvents.Subscribe(new Observer(e =>
        {
            if (e is PackageAdded { PackageReference.PackageRoot: { Length: > 0 } root } && seenRoots.TryAdd(root, true))
                added.Enqueue(root);
        }));
        kernel.RegisterForDisposal(subscription);
        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            while (added.TryDequeue(out var root))
            {
                var folder = new DirectoryInfo(Path.Combine(root, ExtensionFolder));
                if (folder.Exists) await LoadFolderAsync(folder, kernel, context, loadedAssemblies);
            }
        });
        return kernel;
    }

    private static async Task LoadFolderAsync(DirectoryInfo folder, CompositeKernel kernel, KernelInvocationContext context,
        ConcurrentDictionary<string, bool> loadedAssemblies)
    {
        foreach (var dll in folder.GetFiles("*.dll", SearchOption.TopDirectoryOnly).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            string name = AssemblyName.GetAssemblyName(dll.FullName).FullName;
            if (!loadedAssemblies.TryAdd(name, true)) continue;
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(dll.FullName);
            var extensions = assembly.ExportedTypes
                .Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false } && typeof(IKernelExtension).IsAssignableFrom(t));
            foreach (var type in extensions)
            {
                try
                {
                    var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                    await extension.OnLoadAsync(kernel);
                    context.Publish(new KernelExtensionLoaded(extension, context.Command));
                }
                catch (Exception e)
                {
                    var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                    context.Fail(context.Command, cause,
                        $"Failed to load kernel extension {type.Name} from {dll.FullName}: {cause.GetType().Name}: {cause.Message}");
                    return;
                }
            }
        }
        var script = new FileInfo(Path.Combine(folder.FullName, ExtensionScript));
        if (script.Exists) await kernel.LoadAndRunInteractiveDocument(script);
    }

    private sealed class Observer(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(KernelEvent value) => onNext(value);
    }
}
