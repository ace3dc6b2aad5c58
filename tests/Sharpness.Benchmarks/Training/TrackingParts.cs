using System.Diagnostics;
using Sharpness.Dynamics.Flat;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.Benchmarks.Training;

/// <summary>
/// The per-estimate parts of a tracked estimate on <see cref="TrainingBenchmarks"/>' problem, each alone
/// (<c>dotnet run -c Release -- training parts</c>): the product's singular values (native dgesdd vs managed), the
/// dense k × k tridiagonal eigensolve vs the last-row QL, the Krylov basis's allocation, one semi-orthogonal
/// reorthogonalization. Stopwatch, best of several repetitions: where to look, not numbers of record.
/// </summary>
public static class TrackingParts
{
    public static int Run()
    {
        var b = new TrainingBenchmarks();
        b.Setup();
        var (initial, target) = b.Problem;
        var layout = new FlatLayout(initial.Widths);
        var m = HessianOperator.RowMajor(target);
        var flat = new FlatLoss(layout, m);
        flat.Evaluate(initial.ToVector());
        var p = new double[400];
        flat.ProductInto(p);
        var s = new double[20];

        static double Best(Action run, int inner, int repeats = 9)
        {
            run();
            double best = double.MaxValue;
            for (int r = 0; r < repeats; r++)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < inner; i++) run();
                best = Math.Min(best, sw.Elapsed.TotalMicroseconds / inner);
            }
            return best;
        }

        Console.WriteLine($"σ(P) 20×20, {DenseKernels.Default.Name}: {Best(() => DenseKernels.Default.SingularValues(20, 20, p, s), 200):F1} µs");
        Console.WriteLine($"σ(P) 20×20, managed (MathNet): {Best(() => ManagedKernels.Instance.SingularValues(20, 20, p, s), 200):F1} µs");
        var rng = new Random(3);
        foreach (int k in new[] { 20, 36 })
        {
            var alpha = Enumerable.Range(0, k).Select(_ => rng.NextDouble() * 50).ToList();
            var beta = Enumerable.Range(0, k).Select(_ => rng.NextDouble()).ToList();
            Console.WriteLine($"k = {k}: dense tridiagonal Evd {Best(() => Lanczos.TridiagonalEigen(alpha, beta), 200):F1} µs, " +
                $"last-row QL {Best(() => TridiagonalQl.TryValuesAndLastRow(alpha, beta, out _, out _), 200):F1} µs");
        }
        var v = Enumerable.Range(0, 1200).Select(i => Math.Sin(i)).ToArray();
        Console.WriteLine($"Krylov basis, 24 vectors of 1200 (3 blocks allocated): {Best(() => { var q = new KrylovBasis(1200); for (int j = 0; j < 24; j++) q.Add(v); }, 200):F1} µs");
        var basis = new KrylovBasis(1200);
        for (int j = 0; j < 12; j++) basis.Add(Enumerable.Range(0, 1200).Select(i => Math.Sin(i * (j + 1.5))).ToArray());
        var w = (double[])v.Clone();
        Console.WriteLine($"semi-orthogonal measurement against 12 vectors (managed Gemv): {Best(() => { v.CopyTo(w, 0); basis.Orthogonalize(ManagedKernels.Instance, w, 1e300); }, 1000):F2} µs");
        var u = new double[1200];
        Console.WriteLine($"HVP: {Best(() => flat.HessianTimes(v, u), 1000):F2} µs; FlatLoss.Evaluate {Best(() => flat.Evaluate(initial.ToVector()), 1000):F2} µs");
        var ws = new LanczosWorkspace();
        var op = new DelegateOperator(flat.ParameterCount, flat.HessianTimes);
        var r0 = Lanczos.Largest(op, 1, new LanczosOptions { Tolerance = 1e-9, EigenvalueTolerance = 1e-10, SemiOrthogonal = true, Workspace = ws, RitzVectorByInverseIteration = true });
        var a = ws.Alpha.ToList();
        var bb = ws.Beta.ToList();
        Console.WriteLine($"a real cold run: {r0.Iterations} steps, {r0.Reorthogonalizations} reorthogonalizations");
        foreach (int k in new[] { 10, 20, 30 })
        {
            if (k > a.Count) break;
            var ak = a.Take(k).ToList();
            var bk = bb.Take(k).ToList();
            Console.WriteLine($"real T_{k}: last-row QL {Best(() => TridiagonalQl.TryValuesAndLastRow(ak, bk, out _, out _), 200):F2} µs, dense Evd {Best(() => Lanczos.TridiagonalEigen(ak, bk), 50):F1} µs");
        }
        var warm = r0.Top.Vector;
        Console.WriteLine($"whole warm run from its own vector: {Best(() => Lanczos.Largest(op, 1, new LanczosOptions { Tolerance = 1e-9, EigenvalueTolerance = 1e-10, SemiOrthogonal = true, Workspace = ws, RitzVectorByInverseIteration = true, StartVector = warm }), 20):F1} µs");
        return 0;
    }
}
