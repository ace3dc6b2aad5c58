using System.Diagnostics;
using Sharpness.Dynamics;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Benchmarks.Dynamics;

/// <summary>
/// <c>dotnet run -c Release --project tests/Sharpness.Benchmarks -- gdcheck</c>: Stopwatch best-of-bursts timings of
/// the GD kernels on the Figure-1 setting (single run, each lane width) and of the 16-run sweep, for quick looks while
/// working on the kernels. The numbers of record come from the BenchmarkDotNet classes (see BENCHMARKS.md).
/// </summary>
public static class GdQuickCheck
{
    /// <summary>Prints the timings; <paramref name="sweepOnly"/> (<c>-- gdcheck sweep</c>) runs only the sweep, three
    /// times (for profiling the engine).</summary>
    public static int Run(bool sweepOnly = false)
    {
        var setting = EscapePresets.DepthTwo(10, 20, 20, seed: 1);
        if (sweepOnly)
        {
            Sweep(setting); // three repeats per thread count
            return 0;
        }
        double eta = 2 * (setting.Rho + 0.03) / setting.Lambda;
        var start = setting.TopEigenvectorVector.Select(x => 1e-3 * x).ToArray();
        foreach (bool delta in new[] { false, true })
        {
            var kernel = GdStepper.Create(setting.Layout, setting.MinimizerVector, delta);
            kernel.Start(start);
            double ns = BestOf(() => { for (int i = 0; i < 1000; i++) { kernel.Evaluate(); kernel.Step(eta); } }, 1000, out double cpuNs);
            Console.WriteLine($"single run, {(delta ? "delta" : "plain")}: {ns:F0} ns/step = {1e9 / ns:G3} steps/s (thread CPU time {cpuNs:F0} ns/step)");
            Record($"single {(delta ? "delta" : "plain")}", 1e9 / ns, 1e9 / cpuNs, 1);
            foreach (int width in BatchedGdStepper.AvailableWidths)
            {
                var batch = BatchedGdStepper.Create(setting.Layout, delta, width);
                // Every lane at or above ρ + 0.03: bounded orbits, O(1) numbers. Lanes below ρ would converge, and in delta
                // mode their residual then decays into subnormal numbers, which are slow on x86 whatever the code does.
                for (int l = 0; l < width; l++) batch.Load(l, setting.MinimizerVector, start, eta * (1 + 1e-3 * l));
                double bns = BestOf(() => { for (int i = 0; i < 200; i++) { batch.Evaluate(); batch.Step(); } }, 200);
                double ens = BestOf(() => { for (int i = 0; i < 200; i++) batch.Evaluate(); }, 200);
                // What the sweep engine adds per batch step on top of the kernel: the monitors' ‖W − W*‖² (all lanes at once).
                double dns = BestOf(() => { for (int i = 0; i < 200; i++) { batch.Evaluate(); batch.DistanceSquared(0); batch.Step(); } }, 200) - bns;
                Console.WriteLine($"  batched {width} lanes, {(delta ? "delta" : "plain")}: {bns:F0} ns/batch step = {width * 1e9 / bns:G3} run-steps/s (evaluate alone {ens:F0} ns, + distance {dns:F0} ns); losses {string.Join(" ", batch.Losses.Select(x => x.ToString("G2")))}");
                Record($"batch {width} lanes {(delta ? "delta" : "plain")}", width * 1e9 / bns, null, 1);
            }
        }
        Sweep(setting);
        return 0;
    }

    private static void Sweep(EscapeSetting setting)
    {
        var options = new GdOptions { Mode = ArithmeticMode.Plain, Radius = 1e-10, MaxIterations = 50_000, RecordLayerNorms = false, StopWhenConverged = false };
        var items = Enumerable.Range(0, 16).Select(i => new SweepItem(setting, StepSize.Relative(0.90 + 0.09 * i / 15), options)).ToList();
        EscapeSweep.Run(items.Take(2).ToList()); // JIT warm-up of the engine
        foreach (int threads in new[] { 1, 2 })
        {
            double bestWall = double.MaxValue, bestCpu = double.MaxValue;
            long steps = 0;
            for (int repeat = 0; repeat < Repeats; repeat++)
            {
                var process = Process.GetCurrentProcess();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var runs = EscapeSweep.Run(items, maxDegreeOfParallelism: threads);
                sw.Stop();
                process.Refresh();
                double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                steps = runs.Sum(r => (long)r.Iterations);
                Console.WriteLine($"sweep 16 × 50 000 plain, {threads} thread(s): wall {sw.Elapsed.TotalSeconds:F2} s ({steps / sw.Elapsed.TotalSeconds:G3} steps/s), CPU {cpu:F2} s ({steps / cpu:G3} steps per CPU-second)");
                bestWall = Math.Min(bestWall, sw.Elapsed.TotalSeconds);
                bestCpu = Math.Min(bestCpu, cpu);
            }
            Record($"sweep {threads} thread{(threads > 1 ? "s" : "")}", steps / bestWall, steps / bestCpu, threads);
        }
    }

    private const int Repeats = 3;

    /// <summary>One machine-readable line per figure (<c>KIT {json}</c>), read by <c>gd_peers_summary.py</c>:
    /// best-of wall-clock steps per second and, for the sweeps, steps per CPU-second.</summary>
    private static void Record(string what, double stepsPerSecond, double? stepsPerCpuSecond, int threads)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string cpu = stepsPerCpuSecond is { } c ? c.ToString("R", inv) : "null";
        Console.WriteLine(string.Create(inv, $"KIT {{\"kit\": \"{what}\", \"steps_per_s\": {stepsPerSecond:R}, \"steps_per_cpu_s\": {cpu}, \"threads\": {threads}}}"));
    }

    private static double BestOf(Action burst, int steps) => BestOf(burst, steps, out _);

    /// <summary>Best wall-clock ns per step over 200 bursts, and (Linux) the best thread CPU time per step.</summary>
    private static double BestOf(Action burst, int steps, out double bestCpu)
    {
        burst();
        double best = double.MaxValue;
        bestCpu = double.MaxValue;
        var sw = new Stopwatch();
        for (int r = 0; r < 200; r++)
        {
            double cpu0 = OperatingSystem.IsLinux() ? FpPeakBenchmarks.ThreadCpuNanoseconds() : 0;
            sw.Restart();
            burst();
            sw.Stop();
            best = Math.Min(best, sw.Elapsed.TotalNanoseconds / steps);
            if (OperatingSystem.IsLinux()) bestCpu = Math.Min(bestCpu, (FpPeakBenchmarks.ThreadCpuNanoseconds() - cpu0) / steps);
        }
        if (!OperatingSystem.IsLinux()) bestCpu = best;
        return best;
    }
}
