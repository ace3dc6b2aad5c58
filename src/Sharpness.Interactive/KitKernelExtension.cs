using Microsoft.DotNet.Interactive;

namespace Sharpness.Interactive;

/// <summary>
/// The kit's kernel extension: what makes <c>#r "nuget: Sharpness.Interactive, …"</c> enough in a notebook.
/// </summary>
/// <remarks>
/// The package carries this assembly a second time under <c>interactive-extensions/dotnet</c>. After every
/// <c>#r "nuget:"</c> restore the notebook host (dotnet-interactive, so VS Code's Polyglot Notebooks and Jupyter's
/// .NET kernel; and <c>sharpness run</c>, which does the same) loads each assembly of that folder and calls
/// <see cref="OnLoadAsync"/> on every exported <see cref="IKernelExtension"/>, which runs <see cref="Kit.Load(Kernel)"/>:
/// the FSharp.Core redirect, the formatters and the namespace prelude. Nothing here names a Plotly.NET type, so the
/// redirect is in place before any is loaded.
/// </remarks>
public sealed class KitKernelExtension : IKernelExtension
{
    /// <summary>Loads the kit into <paramref name="kernel"/> (the host's root kernel).</summary>
    public Task OnLoadAsync(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Kit.Load(kernel);
        return Task.CompletedTask;
    }
}
