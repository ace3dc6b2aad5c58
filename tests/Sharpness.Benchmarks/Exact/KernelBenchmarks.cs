using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.Benchmarks.Exact;

/// <summary>The inner loops: one K application and the n × n product behind it, MathNet's managed provider vs the
/// kit's register-blocked kernel.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private Matrix<double> _a = null!, _b = null!, _c = null!;
    private KOperator _k = null!;
    private double[] _x = null!, _y = null!;

    [Params(50, 100, 200)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(5);
        _a = Instances.Gaussian(rng, Size, Size);
        _b = Instances.Gaussian(rng, Size, Size);
        _c = Matrix<double>.Build.Dense(Size, Size);
        _k = new KOperator(Instances.Square(6, 4, Size));
        _x = new double[Size * Size];
        for (int i = 0; i < _x.Length; i++) _x[i] = rng.NextDouble();
        _y = new double[Size * Size];
    }

    [Benchmark(Baseline = true, Description = "MathNet A·B")]
    public void MathNetProduct() => _a.Multiply(_b, _c);

    [Benchmark(Description = "MatrixKernels A·B")]
    public void KernelProduct() => MatrixKernels.Multiply(_a, _b, _c);

    [Benchmark(Description = "K apply, depth 4 (6 products)")]
    public void KApply() => _k.Apply(_x, _y);
}
