using BenchmarkDotNet.Attributes;
using Sharpness.Dynamics;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Benchmarks.Dynamics;

/// <summary>
/// The bare GD kernel in many short (≈5 ms) iterations, so that the Min column shows what one core does when it is not
/// shared: on a loaded machine (other processes on the same 2 cores) the Mean of long iterations mostly measures the
/// load. One operation = one GD step, on the same bounded orbit as <see cref="GdStepBenchmarks"/>.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 60)]
[IterationTime(5)]
[MinColumn, MaxColumn, MedianColumn]
public class GdKernelBurstBenchmarks
{
    private const int Steps = 1000;
    private GdStepper _kernel = null!;
    private double _eta;

    [Params("depth2", "chain15")]
    public string Setting { get; set; } = "depth2";

    [Params(ArithmeticMode.Plain, ArithmeticMode.Delta)]
    public ArithmeticMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var setting = Setting == "depth2" ? EscapePresets.DepthTwo(10, 20, 20, seed: 1) : EscapePresets.ScalarChain(seed: 2);
        _eta = 2 * (setting.Rho + 0.03) / setting.Lambda;
        _kernel = GdStepper.Create(setting.Layout, setting.MinimizerVector, Mode == ArithmeticMode.Delta);
        _kernel.Start(setting.TopEigenvectorVector.Select(x => 1e-3 * x).ToArray());
        for (int i = 0; i < 2000; i++) { _kernel.Evaluate(); _kernel.Step(_eta); }
    }

    [Benchmark(OperationsPerInvoke = Steps, Description = "kernel step (short bursts)")]
    public double KernelStep()
    {
        double loss = 0;
        for (int i = 0; i < Steps; i++)
        {
            loss = _kernel.Evaluate();
            _kernel.Step(_eta);
        }
        return loss;
    }
}
