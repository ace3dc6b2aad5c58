using BenchmarkDotNet.Attributes;
using Sharpness.Model;
using Sharpness.Verification;

namespace Sharpness.Benchmarks.Exact;

/// <summary>
/// The dense brute force (build the P × P Hessian, full symmetric eigendecomposition) on the same depth-3 instances
/// as <see cref="ExactVsLanczosBenchmarks"/>. It grows like P³ and is refused above P = 6000, so only small widths run.
/// </summary>
[MemoryDiagnoser]
public class DenseHessianBenchmarks
{
    private FactorizationLoss _loss = null!;

    [Params(4, 8, 12, 16)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup() => _loss = FactorizationLoss.AtOwnProduct(Instances.Square(3, 3, Width));

    [Benchmark(Baseline = true, Description = "dense Hessian + MathNet EVD")]
    public double Dense() => HessianSpectrum.Of(_loss).Largest;

    [Benchmark(Description = "dense Hessian + values-only eigensolver")]
    public double DenseValuesOnly() => SymmetricEigenvalues.Descending(DenseHessian.Of(_loss))[0];

    [Benchmark(Description = "dense Hessian only")]
    public int BuildOnly() => DenseHessian.Of(_loss).RowCount;
}
