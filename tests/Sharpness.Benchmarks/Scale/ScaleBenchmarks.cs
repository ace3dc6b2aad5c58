using BenchmarkDotNet.Attributes;
using Sharpness.Exact;
using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Model;

namespace Sharpness.Benchmarks.Scale;

/// <summary>
/// Exact λmax at the issue-13 sizes, from the layers in memory (a fresh point per call, so the factor sweep is
/// timed too): depth 4 × width 600 and depth 3 × width 900 (route LanczosK), and depth 2 (route DepthTwo), with the
/// default kernels (OpenBLAS when present). The NumPy + SciPy side runs in the same process tree with
/// <c>-- peer</c> (<see cref="PeerComparison"/>); ratios are recorded in BENCHMARKS.md.
/// </summary>
[MemoryDiagnoser]
public class ScaleBenchmarks
{
    private DeepFactorization _point = null!;

    [Params("depth4-width600", "depth3-width900", "depth2-L400x800-R800x800")]
    public string Instance { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _point = ScaleInstances.Create(Instance);
        Console.WriteLine($"// kernels: {DenseKernels.Status}");
    }

    [Benchmark(Description = "ExactSharpness.Of (fresh point)")]
    public double Exact() => ExactSharpness.Of(new DeepFactorization(_point.Layers)).Value;
}
