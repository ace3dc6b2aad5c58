using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Sharpness.Checks;

namespace Sharpness.Interactive.Setup;

/// <summary>
/// What a notebook needs besides formatters: the kit's namespaces imported in the C# kernel (so every notebook starts
/// from the same vocabulary without a block of usings), and passing <see cref="Verify"/> checks shown as they happen.
/// </summary>
internal static class NotebookPrelude
{
    /// <summary>The namespaces a notebook sees after the setup cell.</summary>
    public const string Usings =
        "using MathNet.Numerics.LinearAlgebra; using Sharpness; using Sharpness.Model; using Sharpness.Exact; using Sharpness.Checks; using Sharpness.Verification; " +
        "using Sharpness.Flatness; using Sharpness.Minimizers; using Sharpness.Measures; using Sharpness.Dynamics; " +
        "using Sharpness.Dynamics.Landscape; using Sharpness.LinearAlgebra; using Sharpness.Training; using Sharpness.Certified; using Sharpness.Interactive; " +
        "using Sharpness.Views; using Sharpness.Views.Charts; using Sharpness.Views.Formatting;";

    /// <summary>Imports <see cref="Usings"/> into the kernel running the setup cell (they take effect from the next
    /// cell: a command cannot be submitted to a kernel while it runs one, so it is deferred) and hooks
    /// <see cref="Verify.Reporter"/> to the notebook's output. Idempotent. <paramref name="root"/>: a host's root
    /// kernel when called from the kernel extension (null: the kernel running the current cell).</summary>
    public static void Install(Kernel? root = null)
    {
        Verify.Reporter = Show;
        if ((CSharpKernelOf(root) ?? KernelInvocationContext.Current?.HandlingKernel) is { } kernel)
            kernel.DeferCommand(new SubmitCode(Usings));
    }

    // The C# kernel below a host's root kernel (the extension receives the root; the usings must reach C#).
    private static Kernel? CSharpKernelOf(Kernel? root) => root switch
    {
        null => null,
        CompositeKernel composite => composite.ChildKernels.FirstOrDefault(k => k.KernelInfo.LanguageName == "C#"),
        _ when root.KernelInfo.LanguageName == "C#" => root,
        _ => null,
    };

    private static void Show(CheckResult result) => KernelInvocationContext.Current?.Display(result);
}
