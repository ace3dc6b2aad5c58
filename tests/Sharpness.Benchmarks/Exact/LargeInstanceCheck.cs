using System.Diagnostics;
using Sharpness.Exact;
using Sharpness.Model;
using Sharpness.Verification;

namespace Sharpness.Benchmarks.Exact;

/// <summary>
/// One-off check on the large instances (too slow for the unit tests): wall-clock time of each route with a
/// Stopwatch, and the depth-4 width-100 K-Lanczos value against HVP-Lanczos (must agree to 1e-10 relative).
/// </summary>
public static class LargeInstanceCheck
{
    public static int Run()
    {
        int failures = 0;
        var depthTwo = Instances.DepthTwo(1, 400, 800, 800);
        Console.WriteLine($"depth 2, L 400×800, R 800×800: P = {depthTwo.ParameterCount}");
        Time("  ExactSharpness (DepthTwo)", () => ExactSharpness.Of(depthTwo), out var d2);
        Console.WriteLine($"    {d2}");
        if (d2.RelativeEigenResidual > 1e-10) { Console.WriteLine("    FAIL: residual"); failures++; }

        var depthFour = Instances.Square(2, 4, 100);
        Console.WriteLine($"depth 4, widths 100: P = {depthFour.ParameterCount}");
        Time("  ExactSharpness (LanczosK)", () => ExactSharpness.Of(depthFour), out var d4);
        Console.WriteLine($"    {d4}");
        Time("  HVP-Lanczos", () => HessianLanczos.Largest(FactorizationLoss.AtOwnProduct(depthFour)), out var hvp);
        Console.WriteLine($"    λ = {hvp.Top.Value:G17}, {hvp.Iterations} iterations, converged {hvp.Converged}");
        double rel = Math.Abs(d4.Value - hvp.Top.Value) / hvp.Top.Value;
        Console.WriteLine($"  K-Lanczos vs HVP-Lanczos: relative difference {rel:G3} (required ≤ 1e-10)");
        if (!(rel <= 1e-10)) { Console.WriteLine("  FAIL: agreement"); failures++; }
        return failures;
    }

    private static void Time<T>(string what, Func<T> run, out T result)
    {
        result = run(); // warm-up (JIT)
        var sw = Stopwatch.StartNew();
        const int repeats = 3;
        for (int i = 0; i < repeats; i++) result = run();
        Console.WriteLine($"{what}: {sw.Elapsed.TotalMilliseconds / repeats:F1} ms (mean of {repeats} after a warm-up)");
    }
}
