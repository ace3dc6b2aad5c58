using System.Diagnostics;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Model;

namespace Sharpness.Benchmarks.Scale;

/// <summary>
/// Where the time of one exact λ goes at a scale instance (Stopwatch, one process, after a warm-up): the factor sweep
/// and Gram matrices, one application of K, the whole K-Lanczos run, and what is left for the Lanczos bookkeeping
/// (reorthogonalization, convergence checks). Usage: <c>-- profile [NAME]</c> (default depth4-width600);
/// <c>-- profile mixed [NAME] [REPEATS]</c> alternates the exact λ with and without mixed precision instead.
/// </summary>
public static class ScaleProfile
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "mixed") return Mixed(args[1..]);
        string name = args.Length > 0 ? args[0] : "depth4-width600";
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}  kernels: {DenseKernels.Status}");
        ExactSharpness.Of(ScaleInstances.Create("depth4-width60"));
        var point = ScaleInstances.Create(name);
        if (point.Depth == 2) return DepthTwo(point);
        var sw = Stopwatch.StartNew();
        var fresh = new DeepFactorization(point.Layers);
        _ = fresh.Factors;
        double sweep = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var op = new KOperator(fresh);
        double grams = sw.Elapsed.TotalSeconds;
        var x = new double[op.Dimension];
        var y = new double[op.Dimension];
        var rng = new Random(1);
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() - 0.5;
        op.Apply(x, y);
        sw.Restart();
        const int applies = 5;
        for (int i = 0; i < applies; i++) op.Apply(x, y);
        double apply = sw.Elapsed.TotalSeconds / applies;
        long m = op.Rows, n = op.Columns;
        double flops = 0;
        for (int i = 0; i < fresh.Depth; i++) flops += 2.0 * ((i < fresh.Depth - 1 ? m * m * n : 0) + (i > 0 ? m * n * n : 0));
        var unfused = new KOperator(fresh, null, fuse: false);
        var y2 = new double[op.Dimension];
        unfused.Apply(x, y2);
        sw.Restart();
        for (int i = 0; i < applies; i++) unfused.Apply(x, y2);
        double applyUnfused = sw.Elapsed.TotalSeconds / applies;
        double diff = 0, scale = 0;
        for (int i = 0; i < y.Length; i++) { diff = Math.Max(diff, Math.Abs(y[i] - y2[i])); scale = Math.Max(scale, Math.Abs(y2[i])); }
        Console.WriteLine($"{name}: sweep {sweep:F3} s, Gram matrices {grams:F3} s, one K apply {apply * 1e3:F1} ms ({flops / apply / 1e9:F1} GFlop/s), " +
            $"one product per term {applyUnfused * 1e3:F1} ms ({flops / applyUnfused / 1e9:F1} GFlop/s), max rel. difference {diff / scale:G2}");
        foreach (bool full in new[] { false, true, false })
        {
            sw.Restart();
            var result = Lanczos.Largest(op, 1, LanczosOptions.Default with { FullReorthogonalization = full });
            double lanczos = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"Lanczos ({(full ? "full" : "semi-orthogonal")}) {lanczos:F2} s: {result.Applications} applications ≈ {result.Applications * apply:F2} s, " +
                $"rest {lanczos - result.Applications * apply:F2} s, {result.Reorthogonalizations} of {result.Iterations} steps reorthogonalized; " +
                $"λ {result.Top.Value:G17}, residual {result.Top.Residual / result.Top.Value:G2}");
        }
        foreach (int rank in args.Length > 1 ? args[1].Split(',').Select(int.Parse) : [10, 20, 40])
        {
            sw.Restart();
            var start = KStartVector.TensorRitz(op, rank, LanczosOptions.Default.Seed);
            double startSeconds = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var result = Lanczos.Largest(op, 1, LanczosOptions.Default with { StartVector = start });
            double lanczos = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"structured start rank {rank}: {startSeconds:F2} s, then Lanczos {lanczos:F2} s, {result.Applications} applications, " +
                $"{result.Reorthogonalizations} reorthogonalized; λ {result.Top.Value:G17}, residual {result.Top.Residual / result.Top.Value:G2}");
        }
        return 0;
    }

    // ExactSharpness.Of with MixedPrecision on and off, alternating (fresh point each time, so the factors, Grams and
    // structured start are part of both), after one K apply in each precision is timed.
    private static int Mixed(string[] args)
    {
        string name = args.Length > 0 ? args[0] : "depth4-width600";
        int repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}  kernels: {DenseKernels.Status}");
        ExactSharpness.Of(ScaleInstances.Create("depth4-width60"));
        var point = ScaleInstances.Create(name);
        var op = new KOperator(new DeepFactorization(point.Layers));
        var x = new double[op.Dimension];
        var y = new double[op.Dimension];
        var rng = new Random(1);
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() - 0.5;
        op.Apply(x, y);
        op.ApplySingle(x, y);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 5; i++) op.Apply(x, y);
        double dbl = sw.Elapsed.TotalSeconds / 5;
        sw.Restart();
        for (int i = 0; i < 5; i++) op.ApplySingle(x, y);
        double single = sw.Elapsed.TotalSeconds / 5;
        Console.WriteLine($"{name}: one K apply {dbl * 1e3:F1} ms in double, {single * 1e3:F1} ms in single ({dbl / single:F2}×)");
        for (int k = 0; k < repeats; k++)
            foreach (bool mixed in new[] { true, false })
            {
                sw.Restart();
                var s = ExactSharpness.Of(new DeepFactorization(point.Layers), options: new ExactSharpnessOptions { MixedPrecision = mixed });
                double t = sw.Elapsed.TotalSeconds;
                Console.WriteLine($"  {(mixed ? "mixed " : "double")}: {t:F2} s, {s.Applications} applications ({s.SinglePrecisionApplications} single, " +
                    $"{s.Applications - 0.5 * s.SinglePrecisionApplications:F1} double-equivalents), λ {s.Value:G17}, rel. residual {s.RelativeEigenResidual:G2}, " +
                    $"load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            }
        return 0;
    }

    // The parts of `sharpness analyze` at depth 2, in process, twice (the second run is warm).
    private static int DepthTwo(DeepFactorization point)
    {
        for (int run = 0; run < 2; run++)
        {
            var sw = Stopwatch.StartNew();
            var parts = new List<string>();
            void Lap(string what) { parts.Add($"{what} {sw.Elapsed.TotalMilliseconds:F0} ms"); sw.Restart(); }
            var w = new DeepFactorization(point.Layers);
            var target = w.Product();
            Lap("P(W)");
            var loss = new Sharpness.Model.FactorizationLoss(w, target);
            double residual = loss.RelativeResidual;
            Lap("loss residual");
            var zeroLoss = ZeroLossPoint.Create(w, target);
            Lap("zero-loss check");
            var lambda = ExactSharpness.Of(zeroLoss);
            Lap($"λ ({lambda.Applications} appl.)");
            _ = Sharpness.Flatness.TargetSvd.Of(zeroLoss);
            Lap("SVD of M");
            _ = Sharpness.Flatness.SpectralBalance.Of(zeroLoss);
            Lap("spectral balance");
            _ = Sharpness.Flatness.FrobeniusBalance.Of(w);
            Lap("Frobenius balance");
            _ = Sharpness.Flatness.TopDirectionCondition.Evaluate(zeroLoss, lambda.Value, 1e-9);
            Lap("top direction");
            var verdict = Sharpness.Flatness.FlatnessVerdict.Of(zeroLoss, lambda);
            Lap("whole verdict again");
            _ = Sharpness.Measures.HessianTrace.Of(zeroLoss);
            Lap("trace");
            _ = Sharpness.Measures.HessianFrobeniusNorm.Of(zeroLoss);
            Lap("‖H‖_F");
            Console.WriteLine($"depth 2 run {run + 1}: {string.Join(", ", parts)} (residual {residual:G2}, flat {verdict.IsFlat})");
        }
        return 0;
    }
}
