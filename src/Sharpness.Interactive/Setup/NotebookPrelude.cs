using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Sharpness.Checks;

namespace Sharpness.Interactive.Setup;

/// <summary>
/// What a notebook needs besides formatters: the kit's namespaces imported in the C# kernel (so every notebook starts
/// from the same vocabulary without a block of usings), and passing <see cref="Verify"/> checks shown in the output
/// of the cell that ran them.
/// </summary>
internal static class NotebookPrelude
{
    /// <summary>The namespaces a notebook sees after the setup cell.</summary>
    public const string Usings =
        "using MathNet.Numerics.LinearAlgebra; using Sharpness; using Sharpness.Model; using Sharpness.Exact; using Sharpness.Checks; using Sharpness.Verification; " +
        "using Sharpness.Flatness; using Sharpness.Minimizers; using Sharpness.Measures; using Sharpness.Dynamics; " +
        "using Sharpness.Dynamics.Landscape; using Sharpness.LinearAlgebra; using Sharpness.Training; using Sharpness.Certified; using Sharpness.Data; using Sharpness.Interactive; " +
        "using Sharpness.Views; using Sharpness.Views.Charts; using Sharpness.Views.Formatting;";

    // The C# kernels that already show checks (weak: a disposed kernel is not kept alive).
    private static readonly ConditionalWeakTable<Kernel, object> Observed = new();

    /// <summary>Imports <see cref="Usings"/> into the C# kernel (they take effect from the next cell: a command cannot
    /// be submitted to a kernel while it runs one, so it is deferred) and makes that kernel show passed checks: a
    /// middleware wraps every command it handles in a <see cref="Verify.Observe"/> scope that displays each passed
    /// check in that command's output. Idempotent. <paramref name="root"/>: a host's root kernel when called from the
    /// kernel extension (null: the kernel running the current cell).</summary>
    public static void Install(Kernel? root = null)
    {
        if ((CSharpKernelOf(root) ?? KernelInvocationContext.Current?.HandlingKernel) is not { } kernel) return;
        // On the C# kernel and on the host's root kernel, whichever a host's commands pass through (the scopes nest,
        // so a cell that passes both still shows each check once: the innermost observer receives).
        lock (Observed)
        {
            foreach (var k in new[] { kernel, kernel.RootKernel }.Distinct())
            {
                if (Observed.TryGetValue(k, out _)) continue;
                k.AddMiddleware(ShowChecksAsync);
                Observed.Add(k, new object());
            }
        }
        kernel.DeferCommand(new SubmitCode(Usings));
    }

    // The cell's code runs inside next(…), in this flow, so the observer sees exactly its checks (also those of tasks
    // it starts); the invocation context is that cell's, so the check lands in its output.
    private static async Task ShowChecksAsync(KernelCommand command, KernelInvocationContext context, KernelPipelineContinuation next)
    {
        using (Verify.Observe(check => (KernelInvocationContext.Current ?? context).Display(check)))
            await next(command, context);
    }

    // The C# kernel below a host's root kernel (the extension receives the root; the usings must reach C#).
    private static Kernel? CSharpKernelOf(Kernel? root) => root switch
    {
        null => null,
        CompositeKernel composite => composite.ChildKernels.FirstOrDefault(k => k.KernelInfo.LanguageName == "C#"),
        _ when root.KernelInfo.LanguageName == "C#" => root,
        _ => null,
    };
}
