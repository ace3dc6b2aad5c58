using Sharpness.Model;

namespace Sharpness.Tests.Architecture;

/// <summary>
/// The namespaces of the core form one chain (issue 11): each may use only namespaces before it. A use of a later
/// namespace — a back-edge, which with the forward edges makes a cycle — fails here with the type that makes it.
/// </summary>
public class NamespaceLayeringTests
{
    /// <summary>The chain, first to last: errors, linear algebra, the model, readers and brute-force references, the
    /// exact routes, what is built on them, and the dynamics on top.</summary>
    public static readonly string[] Chain =
    [
        "Sharpness",                   // the error contract
        "Sharpness.Checks",            // notebook and script assertions (Verify, CheckResult)
        "Sharpness.LinearAlgebra.Kernels", // BLAS-like routines: managed and native GEMM/GEMV, dot, axpy, Krylov basis
        "Sharpness.LinearAlgebra",     // operators, Lanczos, SVD, norms, power-of-two scaling, random matrices
        "Sharpness.Model",             // DeepFactorization, the loss, ZeroLossPoint, UnitScaling
        "Sharpness.IO",                // weight files
        "Sharpness.Verification",      // brute-force references (dense Hessian, HVP-Lanczos)
        "Sharpness.Exact",             // the exact sharpness routes and K
        "Sharpness.Flatness",          // minimal sharpness, balance, the verdict
        "Sharpness.Measures",          // trace, ‖H‖_F, spectrum
        "Sharpness.Minimizers",        // constructions of minimizers
        "Sharpness.Dynamics.Flat",     // flat parameter vectors: layout, loss, HVP, GD steppers and their routines
        "Sharpness.Certified",         // λmax(H) at any point (HessianSharpness), certified intervals off zero loss
        "Sharpness.Dynamics",          // escape runs (their λmax samples come from HessianSharpness)
        "Sharpness.Dynamics.Landscape",
        "Sharpness.Training",          // training from scratch
        "Sharpness.Data",              // deep linear networks on data: K_X, the data loss, its trainer
    ];

    [Fact]
    public void Every_namespace_of_the_core_is_placed_in_the_chain()
    {
        var namespaces = typeof(DeepFactorization).Assembly.GetTypes()
            .Select(t => t.Namespace).Where(n => n is not null && n.StartsWith("Sharpness", StringComparison.Ordinal)).Distinct();
        Assert.All(namespaces, n => Assert.Contains(n, Chain));
    }

    [Fact]
    public void No_namespace_of_the_core_uses_a_later_one()
    {
        var backEdges = BackEdges(NamespaceGraph.Edges(typeof(DeepFactorization).Assembly), Chain).ToArray();
        Assert.True(backEdges.Length == 0, "Back-edges in the namespace chain:\n" + string.Join("\n", backEdges));
    }

    [Fact]
    public void The_check_fails_on_a_back_edge()
    {
        // The analysis finds real edges (Exact uses Model: the routes take a ZeroLossPoint) …
        var edges = NamespaceGraph.Edges(typeof(DeepFactorization).Assembly).ToArray();
        Assert.Contains(edges, e => e.From == "Sharpness.Exact" && e.To == "Sharpness.Model");
        Assert.Contains(edges, e => e.From == "Sharpness.Dynamics" && e.To == "Sharpness.Exact");
        // … and reports one against a chain in which Model came after Exact.
        string[] wrong = ["Sharpness", "Sharpness.LinearAlgebra", "Sharpness.Exact", "Sharpness.Model"];
        Assert.Contains(BackEdges(edges.Where(e => wrong.Contains(e.From) && wrong.Contains(e.To)), wrong),
            e => e.StartsWith("Sharpness.Exact → Sharpness.Model", StringComparison.Ordinal));
    }

    private static IEnumerable<string> BackEdges(IEnumerable<(string From, string To, string Evidence)> edges, string[] chain) =>
        edges.Where(e => Array.IndexOf(chain, e.To) > Array.IndexOf(chain, e.From))
            .Select(e => $"{e.From} → {e.To}: {e.Evidence}");
}
