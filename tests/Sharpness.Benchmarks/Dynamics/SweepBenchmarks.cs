using BenchmarkDotNet.Attributes;
using Sharpness.Dynamics;

namespace Sharpness.Benchmarks.Dynamics;

/// <summary>Sweep throughput: 8 independent depth-2 (10×20, 20×20) escape runs (c = 1.05..1.4, ε = 1e-15, delta mode)
/// of 5000 steps each, on 1 and on 2 cores. One operation = one GD step summed over all runs.</summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MinColumn, MaxColumn]
public class SweepBenchmarks
{
    private const int Runs = 8, StepsPerRun = 5000;
    private IReadOnlyList<SweepItem> _items = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var setting = EscapePresets.DepthTwo(10, 20, 20, seed: 1);
        // Escape-and-converge step sizes (1 < c < ρ) without the early stop: every run does all its steps.
        var options = new GdOptions { MaxIterations = StepsPerRun, SampleStride = 100, RecordLayerNorms = false, StopWhenConverged = false };
        _items = Enumerable.Range(0, Runs)
            .Select(i => new SweepItem(setting, StepSize.Relative(1.05 + 0.05 * i), options))
            .ToList();
        var check = EscapeSweep.Run(_items);
        if (check.Any(r => r.Iterations != StepsPerRun))
            throw new InvalidOperationException("A sweep run stopped early: steps/s would be wrong.");
    }

    [Benchmark(OperationsPerInvoke = Runs * StepsPerRun, Description = "sweep of 8 depth-2 runs")]
    public int Sweep() => EscapeSweep.Run(_items, maxDegreeOfParallelism: Threads).Sum(r => r.Iterations);
}
