using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.Measures;
using Sharpness.Model;

namespace Sharpness.Benchmarks.Exact;

/// <summary>
/// Issue 16 item 10: what <c>sharpness analyze</c> computes at a point with a wide first layer (d_0 = 100000 inputs):
/// λmax (its exact route), the flatness verdict, tr H and ‖H‖_F. Depth 2 (W1 3 × 100000, W2 4 × 3), depth 3
/// (W1 3 × 100000, W2 3 × 3, W3 4 × 3) and a single 1 × 100000 layer, seeded. Target: well under a second each.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[MemoryDiagnoser]
public class WideLayerBenchmarks
{
    private DeepFactorization _point = null!;

    [Params("1x100000", "depth2 3x100000", "depth3 3x100000")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(16);
        Matrix<double> R(int r, int c) => Matrix<double>.Build.Dense(r, c, (_, _) => rng.NextDouble() - 0.5);
        _point = Case switch
        {
            "1x100000" => new DeepFactorization(R(1, 100_000)),
            "depth2 3x100000" => new DeepFactorization(R(3, 100_000), R(4, 3)),
            _ => new DeepFactorization(R(3, 100_000), R(3, 3), R(4, 3)),
        };
    }

    [Benchmark(Description = "analyze: λ, verdict, tr H, ‖H‖_F")]
    public double Analyze()
    {
        var zeroLoss = ZeroLossPoint.Create(_point, null, formula: "benchmark");
        var lambda = ExactSharpness.Of(zeroLoss);
        var verdict = FlatnessVerdict.Of(zeroLoss, lambda);
        return lambda.Value + verdict.MinimalSharpness + HessianTrace.Of(zeroLoss) + HessianFrobeniusNorm.Of(zeroLoss);
    }
}
