using System.Diagnostics;
using System.Runtime.Intrinsics;
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
    /// <summary>Prints the timings. Modes: <c>-- gdcheck sweep</c> runs only the sweep, three times (for profiling
    /// the engine); <c>-- gdcheck products</c> times the step's three products alone for every lane width (8-wide
    /// mul+add pairs per ns, to compare with <c>-- fppeak</c>); <c>-- gdcheck overhead</c> separates the sweep engine's
    /// cost from the kernel's (the sweep of 8 runs against the bare kernel loop on the same 8 runs, thread CPU time).</summary>
    public static int Run(string? mode = null)
    {
        var setting = EscapePresets.DepthTwo(10, 20, 20, seed: 1);
        switch (mode)
        {
            case null: break;
            case "sweep": Sweep(setting); return 0; // three repeats per thread count
            case "products": Products(); return 0;
            case "overhead": Overhead(setting); return 0;
            default: Console.Error.WriteLine($"gdcheck: unknown mode '{mode}' (sweep, products, overhead)."); return 2;
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

    /// <summary>The plain step's products on the Figure-1 shapes (W₂ 10×20, W₁ 20×20, E 10×20), as
    /// <see cref="BatchedGdStepper"/> calls them (first-term sums): P = W₂W₁, C₁ = W₂ᵀE, W₂ −= η·E W₁ᵀ. Best of 200
    /// bursts, thread CPU time, in 8-wide mul+add pairs per ns (4 000 lane-pairs per product and lane).</summary>
    private static void Products()
    {
        Console.WriteLine("product (Figure-1 shapes), lanes      ns per product   8-wide pairs/ns");
        foreach (int width in BatchedGdStepper.AvailableWidths.Where(w => w > 1))
        {
            if (width == 8) ProductsOf<Lanes8, Vector512<double>>();
            else ProductsOf<Lanes4, Vector256<double>>();
        }
    }

    private static void ProductsOf<TL, TV>() where TL : ILanes<TV> where TV : struct
    {
        int w = TL.Width;
        var rnd = new Random(1);
        LaneBuffer Filled(int n)
        {
            var buffer = new LaneBuffer(n * w);
            var span = buffer.Span;
            for (int i = 0; i < span.Length; i++) span[i] = rnd.NextDouble() - 0.5;
            return buffer;
        }
        LaneBuffer w2 = Filled(200), w1 = Filled(400), e = Filled(200), out1 = Filled(400);
        var eta = Enumerable.Repeat(1e-9, w).ToArray(); // keeps W₂ O(1) over the bursts
        void Time(string name, Action product)
        {
            BestOf(() => { for (int i = 0; i < 200; i++) product(); }, 200, out double cpuNs);
            Console.WriteLine($"{name}, {w} lanes{"",-8} {cpuNs,10:F0} {4000.0 * w / 8 / cpuNs,14:F2}");
        }
        Time("P = W2 W1     ", () => LaneKernels.Product<TL, TV, LaneOverwrite>(w2.Span, 0, 20, 1, w1.Span, 0, 20, 1, out1.Span, 0, 10, 20, 20, null, true));
        Time("C1 = W2^T E   ", () => LaneKernels.Product<TL, TV, LaneOverwrite>(w2.Span, 0, 1, 20, e.Span, 0, 20, 1, out1.Span, 0, 20, 10, 20, null, true));
        Time("W2 -= eta E W1^T", () => LaneKernels.Product<TL, TV, LaneSubtractScaled>(e.Span, 0, 20, 1, w1.Span, 0, 1, 20, w2.Span, 0, 10, 20, 20, eta, true));
    }

    /// <summary>The sweep engine's cost per batch step beyond the kernel: <see cref="EscapeSweep.Run"/> of 8 runs
    /// (one 8-lane batch, one thread) with caps 1 (the per-sweep fixed cost: start, finish, final sharpness) and
    /// 50 000, against the bare Evaluate + distance + Step loop on the same 8 runs; best of 5, thread CPU time.</summary>
    private static void Overhead(EscapeSetting setting)
    {
        foreach (int cap in new[] { 1, 50_000 })
        {
            var options = new GdOptions { Mode = ArithmeticMode.Plain, Radius = 1e-10, MaxIterations = cap, RecordLayerNorms = false, StopWhenConverged = false };
            var items = Enumerable.Range(0, 8).Select(i => new SweepItem(setting, StepSize.Relative(0.90 + 0.09 * i / 15), options)).ToList();
            EscapeSweep.Run(items, maxDegreeOfParallelism: 1);
            double best = double.MaxValue;
            for (int r = 0; r < 5; r++)
            {
                double t0 = FpPeakBenchmarks.ThreadCpuNanoseconds();
                EscapeSweep.Run(items, maxDegreeOfParallelism: 1);
                double t = FpPeakBenchmarks.ThreadCpuNanoseconds() - t0;
                best = Math.Min(best, t);
            }
            Console.WriteLine(cap == 1
                ? $"sweep of 8 runs, cap 1 (the fixed cost per sweep): best thread CPU {best / 1e6:F2} ms"
                : $"sweep of 8 runs, cap {cap}: best thread CPU {best / 1e6:F2} ms = {best / cap:F0} ns per batch step");
        }
        // The raw kernel on the same 8 runs: Evaluate + the monitors' distance + Step, 50 000 times.
        var opts = new GdOptions { Mode = ArithmeticMode.Plain, Radius = 1e-10, MaxIterations = 50_000 };
        var batch = BatchedGdStepper.Create(setting.Layout, false, 8);
        double bestRaw = double.MaxValue;
        for (int rep = 0; rep < 5; rep++)
        {
            for (int l = 0; l < 8; l++)
            {
                var start = RunMonitor.Prepare(setting, StepSize.Relative(0.90 + 0.09 * l / 15), opts);
                batch.Load(l, setting.MinimizerVector, start.Offset, start.Eta);
            }
            double t0 = FpPeakBenchmarks.ThreadCpuNanoseconds();
            for (int k = 0; k < 50_000; k++) { batch.Evaluate(); batch.DistanceSquared(0); batch.Step(); }
            double t = FpPeakBenchmarks.ThreadCpuNanoseconds() - t0;
            bestRaw = Math.Min(bestRaw, t);
        }
        Console.WriteLine($"bare kernel loop, same 8 runs, 50 000 steps: best thread CPU {bestRaw / 1e6:F2} ms = {bestRaw / 50_000:F0} ns per batch step");
    }

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
