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

    /// <summary>Lanczos steps per estimate, warm vs cold, for BENCHMARKS.md (<c>dotnet run -c Release -- training</c>).</summary>
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
        // Quick Stopwatch look (best of 7 runs of 2000 steps each); the numbers of record come from BenchmarkDotNet.
        double Best(Func<double> run)
        {
            run();
            double best = double.MaxValue;
            for (int r = 0; r < 7; r++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                run();
                best = Math.Min(best, sw.Elapsed.TotalMicroseconds / Steps);
            }
            return best;
        }
        double plain = Best(b.PlainGd), tracked = Best(b.TrackedGd), kernel = Best(b.DynamicsKernel);
        double bare = Best(() =>
        {
            var layout = new FlatLayout(b._initial.Widths);
            var stepper = DenseGdStepper.TowardTarget(layout, b._initial.ToVector(), HessianOperator.RowMajor(b._target));
            double loss = 0;
            for (int k = 0; k < Steps; k++) { loss = stepper.Evaluate(); stepper.Step(0.01); }
            return loss;
        });
        Console.WriteLine($"the trainer's stepper alone, same start and target: {bare:F2} µs per step");
        double setup = Best(() => Trainer.Run(b._initial, b._target, b.Options(0) with { Steps = 1 }).GradientDescent.FinalLoss ?? 0) * Steps;
        Console.WriteLine($"per step: plain GD {plain:F2} µs, tracked (λmax every 100, warm) {tracked:F2} µs = {tracked / plain:F2}× plain, escape kernel {kernel:F2} µs; one run's fixed cost (1 step) {setup:F0} µs");
        foreach (bool warm in new[] { true, false })
        {
            var gd = Trainer.Run(b._initial, b._target, b.Options(100) with { WarmStart = warm, Steps = 5000, AnalyzeEndPoint = true }).GradientDescent;
            Console.WriteLine($"warm start {warm}: {gd.Sharpness.Count} estimates, {gd.LanczosStepsPerEstimate:F1} Lanczos steps per estimate " +
                $"(first {gd.Sharpness[0].Iterations}, later median {gd.Sharpness.Skip(1).Select(s => s.Iterations).Order().ElementAt(gd.Sharpness.Count / 2)}), " +
                $"λ from {gd.Sharpness[0].Value:G6} to {gd.Sharpness[^1].Value:G6}, final loss {gd.FinalLoss:G3}");
        }
        return 0;
    }
}
