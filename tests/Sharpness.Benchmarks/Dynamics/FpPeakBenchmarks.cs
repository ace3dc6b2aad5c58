using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Sharpness.Dynamics;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Benchmarks.Dynamics;

/// <summary>
/// This machine's floating-point peak for the instruction mix of the lane-batched GD kernel, and the kernel's fraction
/// of it (issue 18, item 4: the measured ceiling of the sweep). <c>dotnet run -c Release --project
/// tests/Sharpness.Benchmarks -- --filter '*FpPeak*'</c>.
/// <para><b>Unit.</b> Every row reports ns per <em>8-wide pair</em>: one 8-double multiply plus one 8-double add
/// (one <c>vmulpd zmm</c> + one <c>vaddpd zmm</c>, or two of each on <c>ymm</c>, or one 8-double FMA), so rows of
/// different widths compare directly. The single-unit rows (multiplies only, adds only) count one 8-double
/// instruction as one operation. The batch-kernel rows count one operation per 8-double instruction of the busier
/// unit (multiplies for the bare step, adds and subtracts with the monitors' distance; counted exactly by
/// <see cref="CountingLanes"/> in <see cref="Setup"/>); so their ratio to the baseline is 1 / (fraction of peak).</para>
/// <para><b>Chains.</b> The peak loops run 8 independent multiply chains (m ← m·1) and 8 independent add chains
/// (a ← a + 0) per register width, enough to hide the 3-cycle latencies at 1–2 instructions per cycle; the values
/// come from fields, so the JIT cannot fold them. The FMA rows run 8 chains of a ← a·1 + 0.</para>
/// <para><b>Threads.</b> The two-thread row runs the baseline loop on two threads at once and counts both threads'
/// pairs: if the two vCPUs are separate cores its ns per pair is half the baseline's (ratio 0.5); if they are SMT
/// siblings of one host core, sharing its FP pipes, it stays near the baseline (ratio ≈ 1).</para>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MaxColumn, MedianColumn]
public class FpPeakBenchmarks
{
    /// <summary>Loop trips per invocation of a peak loop (8 chains of each kind per trip).</summary>
    private const int Trips = 1 << 18;
    private const int KernelSteps = 200;

    /// <summary>Add-pipe instructions (adds + subtracts) of one 8-lane plain batch step on the Figure-1 setting
    /// (L 10×20, R 20×20), without and with the monitors' ‖W − W*‖²; checked in <see cref="Setup"/>. (Before the
    /// first-term products: 13 003 and 14 206.)</summary>
    public const int StepAdds = 12_203, StepAddsWithDistance = 13_406;

    /// <summary>Multiplies of the same steps.</summary>
    public const int StepMultiplies = 12_800, StepMultipliesWithDistance = 13_400;

    /// <summary>Instructions of the busier unit (one 8-double instruction per cycle on each): the step's lower bound in
    /// peak pairs.</summary>
    public const int StepBound = 12_800, StepBoundWithDistance = 13_406;

    private readonly double _one = 1.0, _zero = 0.0;
    private BatchedGdStepper _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var setting = EscapePresets.DepthTwo(10, 20, 20, seed: 1);
        var start = setting.TopEigenvectorVector.Select(x => 1e-3 * x).ToArray();
        double eta = 2 * (setting.Rho + 0.03) / setting.Lambda;
        var (adds, multiplies) = CountingLanes.Count(setting, start, eta, withDistance: false);
        var (addsD, multipliesD) = CountingLanes.Count(setting, start, eta, withDistance: true);
        if (adds != StepAdds || multiplies != StepMultiplies || addsD != StepAddsWithDistance || multipliesD != StepMultipliesWithDistance
            || Math.Max(adds, multiplies) != StepBound || Math.Max(addsD, multipliesD) != StepBoundWithDistance)
            throw new InvalidOperationException($"Counted per batch step: {adds} adds, {multiplies} multiplies; with distance {addsD}, {multipliesD}: update the constants.");
        _batch = BatchedGdStepper.Create(setting.Layout, deltaMode: false, BatchedGdStepper.NativeWidth);
        // Every lane on the bounded orbit at ρ + 0.03 (O(1) numbers, no subnormals), as in GdQuickCheck.
        for (int l = 0; l < _batch.Width; l++) _batch.Load(l, setting.MinimizerVector, start, eta * (1 + 1e-3 * l));
        for (int i = 0; i < 2000; i++) { _batch.Evaluate(); _batch.Step(); }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Trips * 8, Description = "peak: 8 mul + 8 add chains, 512-bit (ns per 8-wide pair)")]
    public double MulAdd512() => MulAddLoop512(_one, _zero);

    [Benchmark(OperationsPerInvoke = Trips * 8 * 2, Description = "peak: the same on 2 threads at once (ns per pair, both threads' pairs)")]
    public double MulAdd512TwoThreads()
    {
        double a = 0, b = 0;
        Parallel.Invoke(() => a = MulAddLoop512(_one, _zero), () => b = MulAddLoop512(_one, _zero));
        return a + b;
    }

    [Benchmark(OperationsPerInvoke = Trips * 8 / 2, Description = "peak: 8 mul + 8 add chains, 256-bit (ns per 8-wide pair)")]
    public double MulAdd256() => MulAddLoop256(_one, _zero);

    [Benchmark(OperationsPerInvoke = Trips * 8, Description = "512-bit multiplies only, 8 chains (ns per vmulpd zmm)")]
    public double Mul512()
    {
        var f = Vector512.Create(_one);
        Vector512<double> m0 = f, m1 = f, m2 = f, m3 = f, m4 = f, m5 = f, m6 = f, m7 = f;
        for (int t = 0; t < Trips; t++)
        {
            m0 *= f; m1 *= f; m2 *= f; m3 *= f; m4 *= f; m5 *= f; m6 *= f; m7 *= f;
        }
        return Vector512.Sum(((m0 + m1) + (m2 + m3)) + ((m4 + m5) + (m6 + m7)));
    }

    [Benchmark(OperationsPerInvoke = Trips * 8, Description = "512-bit adds only, 8 chains (ns per vaddpd zmm)")]
    public double Add512()
    {
        var g = Vector512.Create(_zero);
        var f = Vector512.Create(_one);
        Vector512<double> a0 = f, a1 = f, a2 = f, a3 = f, a4 = f, a5 = f, a6 = f, a7 = f;
        for (int t = 0; t < Trips; t++)
        {
            a0 += g; a1 += g; a2 += g; a3 += g; a4 += g; a5 += g; a6 += g; a7 += g;
        }
        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
    }

    [Benchmark(OperationsPerInvoke = Trips * 8, Description = "FMA: 8 chains, 512-bit (ns per 8-wide FMA = pair)")]
    public double Fma512()
    {
        var f = Vector512.Create(_one);
        var g = Vector512.Create(_zero);
        Vector512<double> a0 = f, a1 = f, a2 = f, a3 = f, a4 = f, a5 = f, a6 = f, a7 = f;
        for (int t = 0; t < Trips; t++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, f, g); a1 = Vector512.FusedMultiplyAdd(a1, f, g);
            a2 = Vector512.FusedMultiplyAdd(a2, f, g); a3 = Vector512.FusedMultiplyAdd(a3, f, g);
            a4 = Vector512.FusedMultiplyAdd(a4, f, g); a5 = Vector512.FusedMultiplyAdd(a5, f, g);
            a6 = Vector512.FusedMultiplyAdd(a6, f, g); a7 = Vector512.FusedMultiplyAdd(a7, f, g);
        }
        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
    }

    [Benchmark(OperationsPerInvoke = Trips * 8 / 2, Description = "FMA: 8 chains, 256-bit (ns per 8-wide FMA = pair)")]
    public double Fma256()
    {
        var f = Vector256.Create(_one);
        var g = Vector256.Create(_zero);
        Vector256<double> a0 = f, a1 = f, a2 = f, a3 = f, a4 = f, a5 = f, a6 = f, a7 = f;
        for (int t = 0; t < Trips; t++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, f, g); a1 = Vector256.FusedMultiplyAdd(a1, f, g);
            a2 = Vector256.FusedMultiplyAdd(a2, f, g); a3 = Vector256.FusedMultiplyAdd(a3, f, g);
            a4 = Vector256.FusedMultiplyAdd(a4, f, g); a5 = Vector256.FusedMultiplyAdd(a5, f, g);
            a6 = Vector256.FusedMultiplyAdd(a6, f, g); a7 = Vector256.FusedMultiplyAdd(a7, f, g);
        }
        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
    }

    [Benchmark(OperationsPerInvoke = Trips * 8, Description = "FMA + add: 8 FMA + 8 add chains, 512-bit (ns per FMA+add)")]
    public double FmaAdd512()
    {
        var f = Vector512.Create(_one);
        var g = Vector512.Create(_zero);
        Vector512<double> a0 = f, a1 = f, a2 = f, a3 = f, a4 = f, a5 = f, a6 = f, a7 = f;
        Vector512<double> b0 = f, b1 = f, b2 = f, b3 = f, b4 = f, b5 = f, b6 = f, b7 = f;
        for (int t = 0; t < Trips; t++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, f, g); b0 += g; a1 = Vector512.FusedMultiplyAdd(a1, f, g); b1 += g;
            a2 = Vector512.FusedMultiplyAdd(a2, f, g); b2 += g; a3 = Vector512.FusedMultiplyAdd(a3, f, g); b3 += g;
            a4 = Vector512.FusedMultiplyAdd(a4, f, g); b4 += g; a5 = Vector512.FusedMultiplyAdd(a5, f, g); b5 += g;
            a6 = Vector512.FusedMultiplyAdd(a6, f, g); b6 += g; a7 = Vector512.FusedMultiplyAdd(a7, f, g); b7 += g;
        }
        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7)));
    }

    [Benchmark(OperationsPerInvoke = KernelSteps * StepBound, Description = "batch kernel, 8 lanes, plain step (ns per busier-unit instruction)")]
    public double BatchStep()
    {
        for (int i = 0; i < KernelSteps; i++) { _batch.Evaluate(); _batch.Step(); }
        return _batch.Losses[0];
    }

    [Benchmark(OperationsPerInvoke = KernelSteps * StepBoundWithDistance, Description = "batch kernel + monitors' distance (ns per busier-unit instruction)")]
    public double BatchStepWithDistance()
    {
        double d = 0;
        for (int i = 0; i < KernelSteps; i++) { _batch.Evaluate(); d += _batch.DistanceSquared(0); _batch.Step(); }
        return d;
    }

    /// <summary><c>-- fppeak</c>: the rows of this class timed by each thread's own CPU time
    /// (<c>CLOCK_THREAD_CPUTIME_ID</c>, Linux), best of <paramref name="repeats"/> short bursts, so that other processes
    /// on a shared machine disturb them far less than BenchmarkDotNet's wall clock; then the two-thread question: each
    /// thread times its own peak loop alone and with a second thread running the same loop at once. On separate cores
    /// the per-thread CPU time per pair stays the same with two threads; on SMT siblings of one host core, sharing its
    /// FP pipes, it doubles. Prints the host's steal time over the check too (<c>/proc/stat</c>).</summary>
    public static int RunThreadCheck(int repeats = 40)
    {
        if (!OperatingSystem.IsLinux()) { Console.WriteLine("fppeak: Linux only (thread CPU clock)."); return 1; }
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var b = new FpPeakBenchmarks();
        b.Setup();
        long steal0 = Steal();
        const double pairs = Trips * 8.0;
        double peak = BestCpu(() => b.MulAdd512(), pairs, repeats);
        Console.WriteLine(string.Create(inv, $"{"row (thread CPU time, best of " + repeats + ")",-66} {"ns/op",8} {"ops/ns",7} {"÷ peak",7}"));
        void Row(string name, double ns) => Console.WriteLine(string.Create(inv, $"{name,-66} {ns,8:F4} {1 / ns,7:F3} {ns / peak,7:F3}"));
        Row("peak: 8 mul + 8 add chains, 512-bit (per 8-wide pair)", peak);
        Row("peak: 8 mul + 8 add chains, 256-bit (per 8-wide pair)", BestCpu(() => b.MulAdd256(), pairs / 2, repeats));
        Row("512-bit multiplies only (per vmulpd zmm)", BestCpu(() => b.Mul512(), pairs, repeats));
        Row("512-bit adds only (per vaddpd zmm)", BestCpu(() => b.Add512(), pairs, repeats));
        Row("FMA, 512-bit (per 8-wide FMA)", BestCpu(() => b.Fma512(), pairs, repeats));
        Row("FMA, 256-bit (per 8-wide FMA)", BestCpu(() => b.Fma256(), pairs / 2, repeats));
        Row("FMA + add, 512-bit (per FMA + add)", BestCpu(() => b.FmaAdd512(), pairs, repeats));
        double step = BestCpu(() => b.BatchStep(), KernelSteps * (double)StepBound, repeats);
        Row($"batch kernel, 8 lanes, plain (per busier-unit instruction, {StepBound} a step)", step);
        double stepD = BestCpu(() => b.BatchStepWithDistance(), KernelSteps * (double)StepBoundWithDistance, repeats);
        Row($"batch kernel + monitors' distance (per instruction, {StepBoundWithDistance} a step)", stepD);
        Console.WriteLine(string.Create(inv, $"batch step: {step * StepBound:F0} ns, with the distance {stepD * StepBoundWithDistance:F0} ns (thread CPU time); at the peak {peak * StepBound:F0} and {peak * StepBoundWithDistance:F0} ns"));
        Console.WriteLine(string.Create(inv, $"KIT {{\"kit\": \"fp peak pairs per ns\", \"steps_per_s\": {1 / peak:R}, \"steps_per_cpu_s\": null, \"threads\": 1}}"));
        Console.WriteLine(string.Create(inv, $"KIT {{\"kit\": \"batch ceiling with distance\", \"steps_per_s\": {8e9 / (peak * StepBoundWithDistance):R}, \"steps_per_cpu_s\": null, \"threads\": 1}}"));

        double bestAlone = double.MaxValue, bestPair = double.MaxValue, bestAloneWall = double.MaxValue, bestPairWall = double.MaxValue;
        const double loopPairs = pairs * LoopsPerTiming;
        for (int r = 0; r < repeats / 2; r++)
        {
            var sw = Stopwatch.StartNew();
            double cpu = TimedLoop();
            bestAloneWall = Math.Min(bestAloneWall, sw.Elapsed.TotalNanoseconds / loopPairs);
            bestAlone = Math.Min(bestAlone, cpu / loopPairs);
            double c1 = 0, c2 = 0;
            sw.Restart();
            var t1 = new Thread(() => c1 = TimedLoop());
            var t2 = new Thread(() => c2 = TimedLoop());
            t1.Start(); t2.Start(); t1.Join(); t2.Join();
            bestPairWall = Math.Min(bestPairWall, sw.Elapsed.TotalNanoseconds / (2 * loopPairs));
            bestPair = Math.Min(bestPair, Math.Max(c1, c2) / loopPairs);
        }
        long steal = Steal() - steal0;
        Console.WriteLine(string.Create(inv, $"512-bit mul+add peak, 1 thread:  {bestAlone:F4} ns per pair of thread CPU time, wall {bestAloneWall:F4} ns per pair"));
        Console.WriteLine(string.Create(inv, $"512-bit mul+add peak, 2 threads: {bestPair:F4} ns per pair of thread CPU time per thread (the slower), wall {bestPairWall:F4} ns per pair aggregate"));
        Console.WriteLine(string.Create(inv, $"two threads / one thread, per-thread CPU time per pair: {bestPair / bestAlone:F2} (1.0 = separate cores, 2.0 = one shared FP unit); wall aggregate speedup {bestAloneWall / bestPairWall:F2}× (2.0 on two idle cores)"));
        Console.WriteLine(string.Create(inv, $"steal time during the check: {steal} ticks (1/100 s) over both vCPUs"));
        return 0;
    }

    /// <summary>Best (smallest) thread CPU time per operation over <paramref name="repeats"/> runs of
    /// <paramref name="burst"/>, after one warm-up run.</summary>
    private static double BestCpu(Func<double> burst, double operations, int repeats)
    {
        burst();
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            double t0 = ThreadCpuNanoseconds();
            burst();
            best = Math.Min(best, (ThreadCpuNanoseconds() - t0) / operations);
        }
        return best;
    }

    private const int LoopsPerTiming = 8; // ≈ 6 ms, so the two threads overlap for nearly all of it

    private static double TimedLoop()
    {
        double t0 = ThreadCpuNanoseconds();
        for (int i = 0; i < LoopsPerTiming; i++) MulAddLoop512(1.0, 0.0);
        return ThreadCpuNanoseconds() - t0;
    }

    private static long Steal()
    {
        // "cpu  user nice system idle iowait irq softirq steal ..."
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 8 ? long.Parse(fields[8], System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec value);

    /// <summary>This thread's CPU time in ns (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>).</summary>
    internal static double ThreadCpuNanoseconds()
    {
        const int ClockThreadCpuTime = 3;
        if (ClockGetTime(ClockThreadCpuTime, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        return t.Seconds * 1e9 + t.Nanoseconds;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double MulAddLoop512(double one, double zero)
    {
        var f = Vector512.Create(one);
        var g = Vector512.Create(zero);
        Vector512<double> m0 = f, m1 = f, m2 = f, m3 = f, m4 = f, m5 = f, m6 = f, m7 = f;
        Vector512<double> a0 = f, a1 = f, a2 = f, a3 = f, a4 = f, a5 = f, a6 = f, a7 = f;
        for (int t = 0; t < Trips; t++)
        {
            m0 *= f; a0 += g; m1 *= f; a1 += g; m2 *= f; a2 += g; m3 *= f; a3 += g;
            m4 *= f; a4 += g; m5 *= f; a5 += g; m6 *= f; a6 += g; m7 *= f; a7 += g;
        }
        return Vector512.Sum(((m0 + m1) + (m2 + m3)) + ((m4 + m5) + (m6 + m7)) + ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double MulAddLoop256(double one, double zero)
    {
        var f = Vector256.Create(one);
        var g = Vector256.Create(zero);
        Vector256<double> m0 = f, m1 = f, m2 = f, m3 = f, m4 = f, m5 = f, m6 = f, m7 = f;
        Vector256<double> a0 = f, a1 = f, a2 = f, a3 = f, a4 = f, a5 = f, a6 = f, a7 = f;
        for (int t = 0; t < Trips; t++)
        {
            m0 *= f; a0 += g; m1 *= f; a1 += g; m2 *= f; a2 += g; m3 *= f; a3 += g;
            m4 *= f; a4 += g; m5 *= f; a5 += g; m6 *= f; a6 += g; m7 *= f; a7 += g;
        }
        return Vector256.Sum(((m0 + m1) + (m2 + m3)) + ((m4 + m5) + (m6 + m7)) + ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
    }
}

/// <summary>
/// A one-lane register type that counts the kernel's floating-point instructions instead of guessing them: run through
/// <see cref="BatchedGdStepper{TL, TV}"/>, it executes exactly the instruction sequence of every lane width (one
/// counted operation = one instruction of an 8- or 4-lane batch), so <see cref="Count"/> gives the adds (and
/// subtracts) and multiplies of one batch step.
/// </summary>
internal readonly struct CountingLanes : ILanes<double>
{
    [ThreadStatic] private static long _adds, _multiplies;

    public static int Width => 1;
    public static double Zero => 0.0;
    public static double Load(ref double origin, nint element) => Unsafe.Add(ref origin, element);
    public static void Store(ref double origin, nint element, double value) => Unsafe.Add(ref origin, element) = value;
    public static double Add(double a, double b) { _adds++; return a + b; }
    public static double Subtract(double a, double b) { _adds++; return a - b; }
    public static double Multiply(double a, double b) { _multiplies++; return a * b; }
    public static double Broadcast(double x) => x;

    /// <summary>(adds + subtracts, multiplies) of one plain step (Evaluate + Step) after warm-up, optionally with the
    /// monitors' ‖W − W*‖².</summary>
    public static (long Adds, long Multiplies) Count(EscapeSetting setting, double[] start, double eta, bool withDistance)
    {
        var batch = new BatchedGdStepper<CountingLanes, double>(setting.Layout, deltaMode: false);
        batch.Load(0, setting.MinimizerVector, start, eta);
        for (int i = 0; i < 3; i++) { batch.Evaluate(); if (withDistance) batch.DistanceSquared(0); batch.Step(); }
        _adds = 0;
        _multiplies = 0;
        batch.Evaluate();
        if (withDistance) batch.DistanceSquared(0);
        batch.Step();
        return (_adds, _multiplies);
    }
}
