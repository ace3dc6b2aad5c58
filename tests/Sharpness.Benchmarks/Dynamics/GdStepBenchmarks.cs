using BenchmarkDotNet.Attributes;
using Sharpness.Dynamics;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Benchmarks.Dynamics;

/// <summary>
/// Single-thread GD steps per second on the paper's settings: the bare kernel (Evaluate + Step on flat buffers) and
/// the full engine (classification, distance checks, trajectory record). One operation = one GD step.
/// Reference: a NumPy loop does ≈ 1e5 steps/s at depth 2 (10×20, 20×20) and ≈ 3e5 on the 15-layer chain.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[MinColumn, MaxColumn]
public class GdStepBenchmarks
{
    private const int Steps = 20_000;
    private EscapeSetting _setting = null!;
    private GdStepper _kernel = null!;
    private double _eta;
    private double[] _start = null!;

    /// <summary>"depth2" = L 10×20, R 20×20 (seed 1); "chain15" = the 15-layer scalar chain (seed 2).</summary>
    [Params("depth2", "chain15")]
    public string Setting { get; set; } = "depth2";

    [Params(ArithmeticMode.Plain, ArithmeticMode.Delta)]
    public ArithmeticMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _setting = Setting == "depth2" ? EscapePresets.DepthTwo(10, 20, 20, seed: 1) : EscapePresets.ScalarChain(seed: 2);
        // Just above ρ the run sits on a bounded orbit: O(1) numbers for the whole benchmark (no subnormals, no early stop).
        _eta = 2 * (_setting.Rho + 0.03) / _setting.Lambda;
        _kernel = GdStepper.Create(_setting.Layout, _setting.MinimizerVector, Mode == ArithmeticMode.Delta);
        _start = _setting.TopEigenvectorVector.Select(x => 1e-3 * x).ToArray();
        _kernel.Start(_start);
        for (int i = 0; i < 2000; i++) { _kernel.Evaluate(); _kernel.Step(_eta); } // onto the orbit
        var check = EngineOptions(recordNorms: false, stride: 100);
        var run = _setting.Run(_setting.Rho + 0.03, check);
        if (run.Iterations != Steps)
            throw new InvalidOperationException($"The benchmark run stopped early ({run.Outcome} at {run.Iterations}): steps/s would be wrong.");
    }

    private GdOptions EngineOptions(bool recordNorms, int? stride) => new()
    {
        Mode = Mode, Radius = 1e-3, MaxIterations = Steps, SampleStride = stride, SampleCap = stride == 1 ? 2048 : GdOptions.Default.SampleCap, RecordLayerNorms = recordNorms, StopWhenConverged = false,
    };

    [Benchmark(OperationsPerInvoke = Steps, Description = "kernel step")]
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

    [Benchmark(OperationsPerInvoke = Steps, Description = "engine run (stride 100, no layer norms)")]
    public RunOutcome EngineRun() => _setting.Run(_setting.Rho + 0.03, EngineOptions(recordNorms: false, stride: 100)).Outcome;

    [Benchmark(OperationsPerInvoke = Steps, Description = "engine run (every iterate + layer norms)")]
    public RunOutcome EngineRunEveryIterate() => _setting.Run(_setting.Rho + 0.03, EngineOptions(recordNorms: true, stride: 1)).Outcome;

    [Benchmark(OperationsPerInvoke = Steps, Description = "engine run (defaults: auto stride, cap 1024, layer norms)")]
    public RunOutcome EngineRunDefaults() => _setting.Run(_setting.Rho + 0.03, EngineOptions(recordNorms: true, stride: null)).Outcome;
}
