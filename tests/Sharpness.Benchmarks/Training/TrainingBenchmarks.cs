using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Dynamics.Flat;
using Sharpness.Model;
using Sharpness.Training;

namespace Sharpness.Benchmarks.Training;

/// <summary>
/// Issue 14's target: training steps per second with λmax(H) every 100 steps on a depth-3 network of widths 20
/// (d = 20, 20, 20, 20; P = 1200), against plain GD (the same trainer without tracking) and the escape simulator's GD
/// kernel (the Dynamics reference, same arithmetic per step). One operation = one GD step; each invocation trains
/// 2000 steps from the same seeded start (Gaussian, s = 1) toward a seeded Gaussian M at η = 0.01, through the
/// progressive-sharpening phase into convergence, never stopping early; the end-point analysis (exact sharpness or
/// certified interval, once per run) is left out so that the steps themselves are timed.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 12)]
[MinColumn, MaxColumn, MedianColumn]
public class TrainingBenchmarks
{
    private const int Steps = 2000;
    private DeepFactorization _initial = null!;
    private Matrix<double> _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(14);
        _target = Matrix<double>.Build.Dense(20, 20, (_, _) => LinearAlgebra.RandomMatrices.NextGaussian(rng));
        _initial = Initialization.Gaussian(1, 14).Create([20, 20, 20, 20]);
    }

    internal (DeepFactorization Initial, Matrix<double> Target) Problem => (_initial, _target);

    private TrainingOptions Options(int every) => new() { Eta = 0.01, Steps = Steps, SharpnessEvery = every, StopWhenConverged = false, AnalyzeEndPoint = false };

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "GD, no tracking")]
    public double PlainGd() => Trainer.Run(_initial, _target, Options(0)).GradientDescent.FinalLoss ?? 0;

    [Benchmark(OperationsPerInvoke = Steps, Description = "GD, λmax every 100 steps (warm start)")]
    public double TrackedGd() => Trainer.Run(_initial, _target, Options(100)).GradientDescent.FinalLoss ?? 0;

    [Benchmark(OperationsPerInvoke = Steps, Description = "GD, λmax every 100 steps (cold start)")]
    public double TrackedGdCold() => Trainer.Run(_initial, _target, Options(100) with { WarmStart = false }).GradientDescent.FinalLoss ?? 0;

    [Benchmark(OperationsPerInvoke = Steps, Description = "escape simulator's GD kernel (reference)")]
    public double DynamicsKernel()
    {
        var kernel = GdStepper.Create(new FlatLayout(_initial.Widths), _initial.ToVector(), deltaMode: false);
        kernel.Start(new double[_initial.ParameterCount]);
        var perturbed = _initial.ToVector().Select((x, i) => x * (1 + 0.1 * Math.Sin(i))).ToArray();
        kernel.SetPoint(perturbed);
        double loss = 0;
        for (int k = 0; k < Steps; k++)
        {
            loss = kernel.Evaluate();
            kernel.Step(0.01);
        }
        return loss;
    }

    /// <summary>Lanczos steps per estimate, warm vs cold, and a steady-state look at tracked/plain for BENCHMARKS.md
    /// (<c>dotnet run -c Release -- training</c>).</summary>
    /// <remarks>Steady state means after tiered JIT has settled: the earlier version of this look timed the best of 7
    /// runs right after one warm-up run, so most of the tracked runs still executed tier-0 / OSR code of the Lanczos
    /// path (≈ 20 estimates per run, and tier-1 promotion waits 30 calls plus a 100 ms quiet period) while the plain
    /// loop was already optimized: it printed 3.8× where BenchmarkDotNet, which warms up until the timings are stable,
    /// printed 2.2. Here each case first runs 40 times, then plain and tracked alternate, and both wall clock and this
    /// thread's CPU time (Linux, <c>CLOCK_THREAD_CPUTIME_ID</c>: what other processes on a shared machine cannot
    /// inflate as much) are reported as medians of the alternating pairs.</remarks>
    public static int PrintLanczosSteps(bool profileTracked = false)
    {
        var b = new TrainingBenchmarks();
        b.Setup();
        if (profileTracked)
        {
            // `-- training tracked`: the tracked case alone, repeatedly, for a profiler.
            for (int r = 0; r < 200; r++) b.TrackedGd();
            return 0;
        }
        for (int r = 0; r < 40; r++) { b.PlainGd(); b.TrackedGd(); }
        (double Wall, double Cpu) Time(Func<double> run)
        {
            double cpu0 = Dynamics.FpPeakBenchmarks.ThreadCpuNanoseconds();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            run();
            return (sw.Elapsed.TotalMicroseconds / Steps, (Dynamics.FpPeakBenchmarks.ThreadCpuNanoseconds() - cpu0) / 1000 / Steps);
        }
        var pairs = Enumerable.Range(0, 31).Select(_ => (Plain: Time(b.PlainGd), Tracked: Time(b.TrackedGd))).ToArray();
        static double Median(IEnumerable<double> x) { var a = x.Order().ToArray(); return a[a.Length / 2]; }
        double plainWall = Median(pairs.Select(p => p.Plain.Wall)), trackedWall = Median(pairs.Select(p => p.Tracked.Wall));
        double plainCpu = Median(pairs.Select(p => p.Plain.Cpu)), trackedCpu = Median(pairs.Select(p => p.Tracked.Cpu));
        Console.WriteLine($"steady state, 31 alternating pairs after 40 warm-up runs each (medians): plain GD {plainWall:F2} µs wall / {plainCpu:F2} µs CPU per step, " +
            $"tracked (λmax every 100, warm) {trackedWall:F2} / {trackedCpu:F2} µs: tracked/plain {trackedWall / plainWall:F2} wall, {trackedCpu / plainCpu:F2} CPU " +
            $"(median of pair ratios {Median(pairs.Select(p => p.Tracked.Wall / p.Plain.Wall)):F2} wall, {Median(pairs.Select(p => p.Tracked.Cpu / p.Plain.Cpu)):F2} CPU)");
        double kernel = Median(Enumerable.Range(0, 9).Select(_ => Time(b.DynamicsKernel).Wall));
        double setup = Median(Enumerable.Range(0, 9).Select(_ => Time(() => Trainer.Run(b._initial, b._target, b.Options(0) with { Steps = 1 }).GradientDescent.FinalLoss ?? 0).Wall)) * Steps;
        Console.WriteLine($"escape kernel {kernel:F2} µs per step; one plain run's fixed cost (1 step, no end-point analysis) {setup:F0} µs");
        foreach (bool warm in new[] { true, false })
        {
            var gd = Trainer.Run(b._initial, b._target, b.Options(100) with { WarmStart = warm, Steps = 5000, AnalyzeEndPoint = true }).GradientDescent;
            Console.WriteLine($"warm start {warm}: {gd.Sharpness.Count} estimates, {gd.LanczosStepsPerEstimate:F1} Lanczos steps per estimate " +
                $"(first {gd.Sharpness[0].Iterations}, later median {gd.Sharpness.Skip(1).Select(s => s.Iterations).Order().ElementAt(gd.Sharpness.Count / 2)}), " +
                $"λ from {gd.Sharpness[0].Value:G6} to {gd.Sharpness[^1].Value:G6}, final loss {gd.FinalLoss:G3}");
        }
        return 0;
    }

    /// <summary><c>-- training once plain|tracked STEPS</c>: one <c>Trainer.Run</c> in a fresh process as
    /// <c>sharpness train</c> makes it (end-point analysis on, never stopping early), printing its wall and process
    /// CPU time in µs; <c>-- training user</c> runs that in child processes, plain and tracked alternating, with the
    /// CLI's JIT setting (<c>TieredCompilationQuickJitForLoops=false</c>).</summary>
    public static int Once(string mode, int steps)
    {
        var b = new TrainingBenchmarks();
        b.Setup();
        var options = b.Options(mode == "tracked" ? 100 : 0) with { Steps = steps, AnalyzeEndPoint = true };
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var run = Trainer.Run(b._initial, b._target, options);
        double wall = sw.Elapsed.TotalMicroseconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalMicroseconds;
        Console.WriteLine(FormattableString.Invariant($"{wall:F0} {cpu:F0} {run.GradientDescent.Sharpness.Count}"));
        return 0;
    }

    /// <summary>See <see cref="Once"/>.</summary>
    public static int UserRuns(IReadOnlyList<int> stepCounts, int repeats)
    {
        string self = typeof(TrainingBenchmarks).Assembly.Location;
        foreach (int steps in stepCounts)
        {
            var results = new Dictionary<string, List<(double Wall, double Cpu, double Process)>> { ["plain"] = [], ["tracked"] = [] };
            for (int r = 0; r < repeats; r++)
                foreach (string mode in new[] { "plain", "tracked" })
                {
                    var start = new System.Diagnostics.ProcessStartInfo("dotnet", ["exec", self, "training", "once", mode, steps.ToString(System.Globalization.CultureInfo.InvariantCulture)])
                    {
                        RedirectStandardOutput = true,
                        UseShellExecute = false,
                    };
                    start.Environment["DOTNET_TC_QuickJitForLoops"] = "0"; // as Sharpness.Cli.csproj sets it
                    var sw = System.Diagnostics.Stopwatch.StartNew();
                    using var child = System.Diagnostics.Process.Start(start)!;
                    string line = child.StandardOutput.ReadToEnd().Trim();
                    child.WaitForExit();
                    double whole = sw.Elapsed.TotalMilliseconds;
                    var f = line.Split(' ').Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                    results[mode].Add((f[0], f[1], whole));
                }
            static double Median(IEnumerable<double> x) { var a = x.Order().ToArray(); return a[a.Length / 2]; }
            var p = results["plain"];
            var t = results["tracked"];
            Console.WriteLine(FormattableString.Invariant(
                $"{steps} steps, fresh process each, {repeats} alternating pairs (medians): Trainer.Run plain {Median(p.Select(x => x.Wall)) / 1000:F1} ms wall / {Median(p.Select(x => x.Cpu)) / 1000:F1} ms CPU, ") +
                FormattableString.Invariant($"tracked {Median(t.Select(x => x.Wall)) / 1000:F1} / {Median(t.Select(x => x.Cpu)) / 1000:F1} ms: tracked/plain {Median(t.Select(x => x.Wall)) / Median(p.Select(x => x.Wall)):F2} wall, {Median(t.Select(x => x.Cpu)) / Median(p.Select(x => x.Cpu)):F2} CPU; ") +
                FormattableString.Invariant($"whole process {Median(p.Select(x => x.Process)):F0} vs {Median(t.Select(x => x.Process)):F0} ms"));
        }
        return 0;
    }
}
