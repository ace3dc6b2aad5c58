using BenchmarkDotNet.Attributes;
using Sharpness.Dynamics;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Benchmarks.Dynamics;

/// <summary>
/// The kit's side of the issue-18 peer comparison (the peers are <c>gd_peers.py</c> in this folder, run in the same
/// session; see BENCHMARKS.md). Figure-1 setting (L 10×20, R 20×20), plain mode unless stated.
/// <list type="bullet">
/// <item>single run: the bare single-run kernel (Evaluate + Step), and the full engine, one thread;</item>
/// <item>sweep: 16 runs, c = 0.90..0.99, plain, 50 000 steps each (ε = 1e-10, no early stop: c &lt; 1 stays), through
/// <see cref="EscapeSweep.Run"/> (lane-batched, 1 or 2 worker threads).</item>
/// </list>
/// One operation = one GD step (summed over runs for the sweep). Run out of process (the default; the in-process
/// toolchain refuses the sweep cases as too long).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MinColumn, MaxColumn, MedianColumn]
public class GdPeerBenchmarks
{
    private const int SingleSteps = 20_000, SweepRuns = 16, SweepSteps = 50_000;
    private EscapeSetting _setting = null!;
    private GdStepper _plain = null!, _delta = null!;
    private double _eta;
    private IReadOnlyList<SweepItem> _sweep = null!;

    [GlobalSetup]
    public void Setup()
    {
        _setting = EscapePresets.DepthTwo(10, 20, 20, seed: 1);
        _eta = 2 * 0.95 / _setting.Lambda;
        var start = _setting.TopEigenvectorVector.Select(x => 1e-3 * x).ToArray();
        _plain = GdStepper.Create(_setting.Layout, _setting.MinimizerVector, deltaMode: false);
        _plain.Start(start);
        // Delta mode at c = 0.95 would decay into subnormal offsets; the bounded orbit just above ρ keeps O(1) numbers.
        _delta = GdStepper.Create(_setting.Layout, _setting.MinimizerVector, deltaMode: true);
        _delta.Start(start);
        var options = new GdOptions { Mode = ArithmeticMode.Plain, Radius = 1e-10, MaxIterations = SweepSteps, RecordLayerNorms = false };
        _sweep = Enumerable.Range(0, SweepRuns)
            .Select(i => new SweepItem(_setting, StepSize.Relative(0.90 + 0.09 * i / (SweepRuns - 1)), options)).ToList();
    }

    [Benchmark(OperationsPerInvoke = SingleSteps, Description = "single run, kernel, plain (c = 0.95)")]
    public double SinglePlain()
    {
        double loss = 0;
        for (int i = 0; i < SingleSteps; i++) { loss = _plain.Evaluate(); _plain.Step(_eta); }
        return loss;
    }

    [Benchmark(OperationsPerInvoke = SingleSteps, Description = "single run, kernel, delta (c = ρ + 0.03)")]
    public double SingleDelta()
    {
        double eta = 2 * (_setting.Rho + 0.03) / _setting.Lambda, loss = 0;
        for (int i = 0; i < SingleSteps; i++) { loss = _delta.Evaluate(); _delta.Step(eta); }
        return loss;
    }

    [Benchmark(OperationsPerInvoke = SingleSteps, Description = "single run, engine, plain (c = 0.95, defaults)")]
    public int SingleEngine() => _setting.Run(0.95, new GdOptions { Mode = ArithmeticMode.Plain, Radius = 1e-10, MaxIterations = SingleSteps }).Iterations;

    // Two methods rather than [Params(1, 2)]: a parameter would rerun the single-run cases for each thread count.
    [Benchmark(OperationsPerInvoke = SweepRuns * SweepSteps, Description = "sweep 16 × 50 000, plain, lane-batched, 1 thread")]
    public int SweepOneThread() => EscapeSweep.Run(_sweep, maxDegreeOfParallelism: 1).Sum(r => r.Iterations);

    [Benchmark(OperationsPerInvoke = SweepRuns * SweepSteps, Description = "sweep 16 × 50 000, plain, lane-batched, 2 threads")]
    public int SweepTwoThreads() => EscapeSweep.Run(_sweep, maxDegreeOfParallelism: 2).Sum(r => r.Iterations);
}
