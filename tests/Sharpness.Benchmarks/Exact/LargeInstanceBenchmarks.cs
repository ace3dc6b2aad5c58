using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Model;
using Sharpness.Verification;

namespace Sharpness.Benchmarks.Exact;

/// <summary>
/// The two performance targets: depth 2 with L 400×800, R 800×800 (P = 960 000; target &lt; 0.5 s) and depth 4 with
/// widths 100 (P = 40 000; K-Lanczos, target &lt; 1 s), plus HVP-Lanczos on the depth-4 instance for comparison.
/// The agreement of the two depth-4 values is checked once by <c>dotnet run -c Release -- check</c>.
/// </summary>
[MemoryDiagnoser]
public class LargeInstanceBenchmarks
{
    private DeepFactorization _depthTwo = null!, _depthFour = null!;
    private Matrix<double> _depthTwoTarget = null!;
    private FactorizationLoss _depthFourLoss = null!;

    [GlobalSetup]
    public void Setup()
    {
        _depthTwo = Instances.DepthTwo(1, 400, 800, 800);
        _depthTwoTarget = _depthTwo.Product();
        _depthFour = Instances.Square(2, 4, 100);
        _depthFourLoss = FactorizationLoss.AtOwnProduct(_depthFour);
    }

    // A fresh DeepFactorization per call (a 7.7 MB copy), because a point caches its product once formed and the
    // explicit-target variant would otherwise time a cache hit.
    [Benchmark(Description = "depth 2, 400×800 · (800×800)ᵀ, own product")]
    public double DepthTwo() => ExactSharpness.Of(new DeepFactorization(_depthTwo.Layers)).Value;

    [Benchmark(Description = "depth 2, same, explicit target (forms P)")]
    public double DepthTwoWithTarget() => ExactSharpness.Of(new DeepFactorization(_depthTwo.Layers), _depthTwoTarget).Value;

    [Benchmark(Description = "depth 4, widths 100, K-Lanczos")]
    public double DepthFour() => ExactSharpness.Of(_depthFour).Value;

    [Benchmark(Description = "depth 4, widths 100, HVP-Lanczos")]
    public double DepthFourHvp() => HessianLanczos.Largest(_depthFourLoss).Top.Value;
}
