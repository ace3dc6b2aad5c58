using BenchmarkDotNet.Attributes;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Verification;

namespace Sharpness.Benchmarks.Exact;

/// <summary>
/// Exact sharpness against HVP-Lanczos (the matrix-free brute force) on depth-3 factorizations with every width
/// equal to <see cref="Width"/> (P = 3·Width², mn = Width²). Dense K is used up to mn = 400, K-Lanczos above.
/// </summary>
[MemoryDiagnoser]
public class ExactVsLanczosBenchmarks
{
    private DeepFactorization _point = null!;
    private FactorizationLoss _loss = null!;

    [Params(4, 8, 16, 32, 64, 100)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _point = Instances.Square(3, 3, Width);
        _loss = FactorizationLoss.AtOwnProduct(_point);
    }

    [Benchmark(Baseline = true, Description = "ExactSharpness")]
    public double Exact() => ExactSharpness.Of(_point).Value;

    [Benchmark(Description = "HVP-Lanczos")]
    public double HvpLanczos() => HessianLanczos.Largest(_loss).Top.Value;

    [Benchmark(Description = "ExactSharpness, K-Lanczos forced")]
    public double LanczosK() => ExactSharpness.Of(_point, options: new ExactSharpnessOptions { Route = SharpnessRoute.LanczosK }).Value;
}
