using System.Diagnostics;
using System.Runtime.Intrinsics;
using Sharpness.Dynamics.Kernels;

namespace Sharpness.Benchmarks.Dynamics;

internal static class LaneProbe
{
    public static void Run()
    {
        var rng = new Random(1);
        LaneBuffer Rand(int n) { var b = new LaneBuffer(n); var s = b.Span; for (int i = 0; i < n; i++) s[i] = rng.NextDouble() - 0.5; return b; }
        var a = Rand(600 * 8); var b = Rand(600 * 8); var o = Rand(600 * 8);
        void T(string name, Action f)
        {
            f();
            double best = double.MaxValue; var sw = new Stopwatch();
            for (int r = 0; r < 300; r++) { sw.Restart(); for (int i = 0; i < 100; i++) f(); sw.Stop(); best = Math.Min(best, sw.Elapsed.TotalNanoseconds / 100); }
            Console.WriteLine($"{name}: {best:F0} ns");
        }
        var one8 = Vector512.Create(1.0);
        T("8 addscaled 600", () => LaneKernels.AddScaled<Lanes8, Vector512<double>>(a.Span, 0, one8, b.Span, 0, o.Span, 0, 600));
        T("8 addscaled 600 in place", () => LaneKernels.AddScaled<Lanes8, Vector512<double>>(a.Span, 0, one8, b.Span, 0, a.Span, 0, 600));
        T("8 sumsq 200", () => LaneKernels.SumOfSquares<Lanes8, Vector512<double>>(a.Span, 0, 200));
        T("8 accumulate", () => LaneKernels.Product<Lanes8, Vector512<double>, LaneAccumulate>(a.Span, 400, 20, 1, b.Span, 0, 20, 1, o.Span, 0, 10, 20, 20, default));
        var one4 = Vector256.Create(1.0);
        T("4 addscaled 600", () => LaneKernels.AddScaled<Lanes4, Vector256<double>>(a.Span, 0, one4, b.Span, 0, o.Span, 0, 600));
    }
}
