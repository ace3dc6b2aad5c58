using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Training;
using Sharpness.Verification;

namespace Sharpness.Tests.Training;

public class TrainerTests
{
    private static readonly int[] Widths = [3, 4, 5, 2];

    private static (DeepFactorization Initial, Matrix<double> Target) Problem(int seed = 1)
    {
        var rng = new Random(seed);
        var target = TestData.Gaussian(rng, Widths[^1], Widths[0]);
        var initial = Initialization.Gaussian(1, seed).Create(Widths);
        return (initial, target);
    }

    /// <summary>The GD recursion W ← W − η∇𝓛(W) written out with FactorizationLoss (MathNet products), step by step.</summary>
    private static List<DeepFactorization> Reference(DeepFactorization w, Matrix<double> target, double eta, int steps)
    {
        var path = new List<DeepFactorization> { w };
        for (int k = 0; k < steps; k++)
        {
            w = w.Add(new FactorizationLoss(w, target).Gradient(), -eta);
            path.Add(w);
        }
        return path;
    }

    [Fact]
    public void Trajectory_matches_an_independent_gd_recursion_over_200_steps()
    {
        var (initial, target) = Problem();
        var options = new TrainingOptions { Eta = 0.05, Steps = 200, SharpnessEvery = 0, StopWhenConverged = false };
        var run = Trainer.Run(initial, target, options);
        var path = Reference(initial, target, 0.05, 200);
        Assert.Equal(201, run.GradientDescent.Losses.Count);
        for (int k = 0; k <= 200; k++)
        {
            double expected = new FactorizationLoss(path[k], target).Value;
            Assert.Equal((double)k, run.GradientDescent.Losses[k].Step);
            Assert.True(Math.Abs(run.GradientDescent.Losses[k].Loss - expected) <= 1e-12 * Math.Max(1, expected), $"loss at step {k}");
        }
        FlatLossTests.AssertClose(path[200].ToVector(), run.GradientDescent.End!.Point.ToVector(), 1e-12);
        // A wrong step size is caught by the same comparison.
        var other = Reference(initial, target, 0.05 * (1 + 1e-6), 200)[200].ToVector();
        Assert.True(other.Zip(run.GradientDescent.End.Point.ToVector()).Max(p => Math.Abs(p.First - p.Second)) > 1e-9);
    }

    [Theory]
    [InlineData(new[] { 3, 4, 5, 2 })]
    [InlineData(new[] { 4, 6 })]
    [InlineData(new[] { 1, 1, 1, 1 })]
    [InlineData(new[] { 2, 3, 4, 3, 2 })]
    public void Fused_steps_are_the_bits_of_a_separate_gradient_and_update(int[] widths)
    {
        // The trainer steps on the escape kernel (each layer updated in place during the backward sweep); the loop it
        // replaced took FlatLoss's gradient into a buffer and then W + (−η)·G. Same products, same orders: same bits,
        // with tracking on (the HVPs must not disturb the iterate) and off.
        var rng = new Random(widths.Sum());
        var target = TestData.Gaussian(rng, widths[^1], widths[0]);
        var initial = Initialization.Gaussian(1, widths.Length).Create(widths);
        const double eta = 0.03;
        var layout = new Sharpness.Dynamics.Flat.FlatLayout(initial.Widths);
        var flat = new Sharpness.Dynamics.Flat.FlatLoss(layout, Sharpness.Dynamics.Flat.HessianOperator.RowMajor(target));
        var w = initial.ToVector();
        var g = new double[w.Length];
        var losses = new List<double> { flat.Evaluate(w) };
        for (int k = 0; k < 150; k++)
        {
            flat.Gradient(g);
            Sharpness.Dynamics.Flat.FlatKernels.AddScaled(w, 0, -eta, g, 0, w, 0, w.Length);
            losses.Add(flat.Evaluate(w));
        }
        foreach (int every in new[] { 0, 7 })
        {
            var run = Trainer.Run(initial, target, new TrainingOptions { Eta = eta, Steps = 150, SharpnessEvery = every, StopWhenConverged = false }).GradientDescent;
            Assert.Equal(losses.Select(BitConverter.DoubleToInt64Bits), run.Losses.Select(l => BitConverter.DoubleToInt64Bits(l.Loss)));
            Assert.Equal(w.Select(BitConverter.DoubleToInt64Bits), run.End!.Point.ToVector().Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void Product_spectrum_is_the_svd_of_the_iterate_at_each_estimate()
    {
        var (initial, target) = Problem(3);
        const double eta = 0.05;
        var run = Trainer.Run(initial, target, new TrainingOptions { Eta = eta, Steps = 120, SharpnessEvery = 40, StopWhenConverged = false }).GradientDescent;
        var path = Reference(initial, target, eta, 120);
        // One sample per estimate, k = 0, 40, 80, and the end point k = 120 (whose estimate is the final one).
        Assert.Equal(new double[] { 0, 40, 80, 120 }, run.ProductSpectrum.Select(s => s.Step));
        foreach (var sample in run.ProductSpectrum)
        {
            // Independent: the singular values as square roots of the eigenvalues of PᵀP, of the MathNet recursion's iterate.
            var p = path[(int)sample.Step].Product();
            var expected = (p.TransposeThisAndMultiply(p)).Evd().EigenValues.Select(z => Math.Sqrt(Math.Max(0, z.Real))).OrderDescending().Take(sample.SingularValues.Count).ToArray();
            Assert.Equal(Math.Min(p.RowCount, p.ColumnCount), sample.SingularValues.Count);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - sample.SingularValues[i]) <= 1e-9 * expected[0], $"σ_{i + 1} at step {sample.Step}: {sample.SingularValues[i]} vs {expected[i]}");
        }
        // At the end the product has learned M: its singular values approach M's (a check that can fail).
        var sm = target.Svd(false).S;
        Assert.True(Math.Abs(run.ProductSpectrum[^1].SingularValues[0] - sm[0]) < 1e-3 * sm[0]);
    }

    [Fact]
    public void Tracked_sharpness_matches_the_dense_hessian_at_the_sampled_steps()
    {
        var (initial, target) = Problem(2);
        double eta = 0.05;
        var options = new TrainingOptions { Eta = eta, Steps = 300, SharpnessEvery = 50, TopEigenvalues = 3, StopWhenConverged = false };
        var run = Trainer.Run(initial, target, options);
        var path = Reference(initial, target, eta, 300);
        Assert.Equal(7, run.GradientDescent.Sharpness.Count); // k = 0, 50, …, 300
        foreach (var s in run.GradientDescent.Sharpness)
        {
            var spectrum = HessianSpectrum.Of(new FactorizationLoss(path[(int)s.Step], target));
            for (int j = 0; j < 3; j++)
                Assert.True(Math.Abs(s.TopValues[j] - spectrum.Eigenvalues[j]) <= 1e-9 * spectrum.Largest,
                    $"step {s.Step}: λ_{j + 1} tracked {s.TopValues[j]:R}, dense {spectrum.Eigenvalues[j]:R}");
            Assert.True(s.Converged);
            Assert.True(s.EigenResidual <= 2e-9 * spectrum.Largest, $"step {s.Step}: residual {s.EigenResidual:G3} above the cap");
            Assert.True(Math.Abs(s.Value - spectrum.Largest) <= s.ErrorBound + 1e-13 * spectrum.Largest, $"step {s.Step}: error above the reported bound {s.ErrorBound:G3}");
        }
        // Warm starts: later estimates need fewer Lanczos steps than the cold first one.
        Assert.True(run.GradientDescent.Sharpness.Skip(1).Average(s => s.Iterations) < run.GradientDescent.Sharpness[0].Iterations);
    }

    [Theory]
    [InlineData(0, true)] // the defaults
    [InlineData(1e-5, false)] // a deliberately loose tolerance (and residual 1e-2): the same comparison must catch it
    public void Tracked_sharpness_on_a_wider_network_meets_its_tolerance_and_a_loose_one_is_caught(double tolerance, bool meets)
    {
        int[] widths = [8, 10, 10, 6];
        var rng = new Random(14);
        var target = TestData.Gaussian(rng, 6, 8);
        var initial = Initialization.Gaussian(1, 14).Create(widths);
        double eta = 0.02;
        var options = new TrainingOptions
        {
            Eta = eta, Steps = 400, SharpnessEvery = 50, StopWhenConverged = false, AnalyzeEndPoint = false,
        };
        if (!meets) options = options with { SharpnessTolerance = tolerance, LanczosTolerance = 1e-2 };
        var run = Trainer.Run(initial, target, options);
        var path = Reference(initial, target, eta, 400);
        double worst = 0;
        foreach (var s in run.GradientDescent.Sharpness)
        {
            double dense = HessianSpectrum.Of(new FactorizationLoss(path[(int)s.Step], target)).Largest;
            worst = Math.Max(worst, Math.Abs(s.Value - dense) / dense);
            if (meets)
            {
                Assert.True(s.Converged);
                Assert.True(Math.Abs(s.Value - dense) <= s.ErrorBound + 1e-13 * dense, $"step {s.Step}: error {Math.Abs(s.Value - dense):G3} above the bound {s.ErrorBound:G3}");
            }
        }
        if (meets) Assert.True(worst <= 1e-9, $"worst relative error {worst:G3}");
        else Assert.True(worst > 1e-9, $"a tolerance of 1e-5 still gave {worst:G3}: the comparison has no teeth here");
    }

    [Fact]
    public void Gd_changes_the_balance_invariants_by_eta_squared_times_the_gradient_grams()
    {
        // D_i(k+1) − D_i(k) = η²(G_(i+1)ᵀG_(i+1) − G_iG_iᵀ): accumulate it along the independent recursion.
        var (initial, target) = Problem(3);
        double eta = 0.05;
        int steps = 100;
        var run = Trainer.Run(initial, target, new TrainingOptions { Eta = eta, Steps = steps, SharpnessEvery = 0, StopWhenConverged = false });
        var path = Reference(initial, target, eta, steps);
        var predicted = BalanceInvariants.Of(initial).Select(d => d * 0).ToArray();
        for (int k = 0; k < steps; k++)
        {
            var g = new FactorizationLoss(path[k], target).Gradient().Layers;
            for (int i = 0; i + 1 < g.Count; i++)
                predicted[i] += eta * eta * (g[i + 1].TransposeThisAndMultiply(g[i + 1]) - g[i].TransposeAndMultiply(g[i]));
        }
        var measured = run.GradientDescent.Balance[^1].Drift;
        for (int i = 0; i < predicted.Length; i++)
        {
            double p = predicted[i].FrobeniusNorm();
            Assert.True(p > 1e-6, "GD does move the invariants");
            Assert.True(Math.Abs(measured[i] - p) <= 1e-6 * p, $"D_{i + 1}: drift {measured[i]:G6} vs predicted {p:G6}");
        }
    }

    [Fact]
    public void Gradient_flow_conserves_the_balance_invariants_to_its_tolerance()
    {
        var (initial, target) = Problem(4);
        foreach (double tol in new[] { 1e-8, 1e-11 })
        {
            var run = Trainer.Run(initial, target, new TrainingOptions { Eta = 0.05, Steps = 2000, SharpnessEvery = 100, Flow = true, FlowTolerance = tol });
            var flow = run.GradientFlow!;
            Assert.NotEmpty(flow.Balance);
            // Stated: drift ≤ 100·tol relative to max(1, ‖W₀‖², ‖D(0)‖) (measured ≈ 1–10 tol).
            Assert.True(flow.MaxRelativeBalanceDrift <= 100 * tol, $"tol {tol:G3}: relative drift {flow.MaxRelativeBalanceDrift:G3}");
            // GD with the same η drifts far more.
            Assert.True(run.GradientDescent.MaxRelativeBalanceDrift > 1e3 * flow.MaxRelativeBalanceDrift);
        }
    }

    [Fact]
    public void Gradient_flow_agrees_with_gd_at_a_tiny_step_and_with_itself_at_a_tighter_tolerance()
    {
        var (initial, target) = Problem(5);
        double t = 4;
        var flowA = Trainer.Run(initial, target, new TrainingOptions { Eta = 0.01, Steps = 400, SharpnessEvery = 0, Flow = true, FlowTolerance = 1e-9, StopWhenConverged = false }).GradientFlow!;
        var flowB = Trainer.Run(initial, target, new TrainingOptions { Eta = 0.01, Steps = 400, SharpnessEvery = 0, Flow = true, FlowTolerance = 1e-12, StopWhenConverged = false }).GradientFlow!;
        Assert.Equal(t, flowA.Time, 12);
        var a = flowA.End!.Point.ToVector();
        var b = flowB.End!.Point.ToVector();
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) <= 1e-7);
        // GD at η = 1e-4 is within O(η) of the flow at the same time.
        var gd = Trainer.Run(initial, target, new TrainingOptions { Eta = 1e-4, Steps = 40_000, SharpnessEvery = 0, StopWhenConverged = false }).GradientDescent.End!.Point.ToVector();
        double gap = gd.Zip(b).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(gap <= 1e-3 && gap > 1e-9, $"|GD(η=1e-4) − flow| = {gap:G3}");
    }

    [Fact]
    public void Tracked_estimates_reuse_their_krylov_basis()
    {
        // Depth 3, widths 20 (P = 1200, the benchmark's network): an estimate allocates what it returns (the Ritz vector,
        // kept as the next warm start: 9.6 KB, and small records), not its Krylov basis (≈ 20 vectors of 1200 in blocks
        // of 8: 230 KB). Measured as the extra bytes of a 1200-step tracked run over a 600-step one, per extra estimate
        // (the run's fixed costs — the workspace itself, sized by the cold first estimate — cancel); the control is one
        // Lanczos run with the tracker's settings but no workspace, which the bound must not admit.
        var rng = new Random(14);
        var target = TestData.Gaussian(rng, 20, 20);
        var initial = Initialization.Gaussian(1, 14).Create([20, 20, 20, 20]);
        var shortRun = new TrainingOptions { Eta = 0.01, Steps = 600, SharpnessEvery = 100, StopWhenConverged = false, AnalyzeEndPoint = false };
        var longRun = shortRun with { Steps = 1200 };
        long Bytes(TrainingOptions options)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Trainer.Run(initial, target, options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Bytes(shortRun);
        Bytes(longRun);
        long shorter = Enumerable.Range(0, 3).Min(_ => Bytes(shortRun));
        long longer = Enumerable.Range(0, 3).Min(_ => Bytes(longRun));
        int extra = Trainer.Run(initial, target, longRun).GradientDescent.Sharpness.Count - Trainer.Run(initial, target, shortRun).GradientDescent.Sharpness.Count;
        Assert.Equal(6, extra);
        double perEstimate = (double)(longer - shorter) / extra;
        Assert.True(perEstimate < 64_000, $"{perEstimate:F0} bytes per estimate");

        var layout = new Sharpness.Dynamics.Flat.FlatLayout(initial.Widths);
        var flat = new Sharpness.Dynamics.Flat.FlatLoss(layout, Sharpness.Dynamics.Flat.HessianOperator.RowMajor(target));
        flat.Evaluate(initial.ToVector());
        var op = new Sharpness.LinearAlgebra.DelegateOperator(flat.ParameterCount, flat.HessianTimes);
        var settings = new Sharpness.LinearAlgebra.LanczosOptions { Tolerance = 1e-9, EigenvalueTolerance = 1e-10, SemiOrthogonal = true };
        Sharpness.LinearAlgebra.Lanczos.Largest(op, 1, settings);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Sharpness.LinearAlgebra.Lanczos.Largest(op, 1, settings);
        long fresh = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(fresh > 128_000, $"a Lanczos run with a fresh basis allocated only {fresh} bytes: the bound has no teeth");
    }

    [Fact]
    public void Same_inputs_give_bit_identical_runs()
    {
        var (initial, target) = Problem(6);
        var options = new TrainingOptions { Eta = 0.1, Steps = 500, SharpnessEvery = 25, Flow = true };
        var a = Trainer.Run(initial, target, options);
        var b = Trainer.Run(Initialization.Gaussian(1, 6).Create(Widths), target, options);
        Assert.Equal(a.GradientDescent.Losses.Select(s => s.Loss), b.GradientDescent.Losses.Select(s => s.Loss));
        Assert.Equal(a.GradientDescent.Sharpness.Select(s => s.Value), b.GradientDescent.Sharpness.Select(s => s.Value));
        Assert.Equal(a.GradientFlow!.Sharpness.Select(s => s.Value), b.GradientFlow!.Sharpness.Select(s => s.Value));
        Assert.Equal(a.GradientDescent.End!.Point.ToVector(), b.GradientDescent.End!.Point.ToVector());
    }

    [Fact]
    public void Initializers_are_seeded_and_have_their_scales()
    {
        int[] widths = [20, 30, 30, 10];
        foreach (var init in new[] { Initialization.Gaussian(1, 3), Initialization.Xavier(3), Initialization.Orthogonal(1, 3), Initialization.SmallScale(3), Initialization.Imbalanced(1, 3, 4) })
        {
            var a = init.Create(widths);
            Assert.Equal(a.ToVector(), init.Create(widths).ToVector());
            Assert.NotEqual(a.ToVector(), (init with { Seed = 4 }).Create(widths).ToVector());
        }
        var o = Initialization.Orthogonal(2, 1).Create(widths);
        foreach (var w in o.Layers)
        {
            var gram = w.RowCount >= w.ColumnCount ? w.TransposeThisAndMultiply(w) : w.TransposeAndMultiply(w);
            Assert.True((gram - 4 * Matrix<double>.Build.DenseIdentity(gram.RowCount)).FrobeniusNorm() < 1e-12);
        }
        var g = Initialization.Imbalanced(1, 1, 4).Create(widths);
        var plain = Initialization.Gaussian(1, 1).Create(widths);
        Assert.Equal(4, g.Layers[0].FrobeniusNorm() / plain.Layers[0].FrobeniusNorm(), 12);
        Assert.Equal(0.25, g.Layers[^1].FrobeniusNorm() / plain.Layers[^1].FrobeniusNorm(), 12);
        Assert.True((plain.Product() - g.Product()).FrobeniusNorm() <= 1e-12 * plain.Product().FrobeniusNorm());
    }

    [Fact]
    public void A_converged_run_reports_the_exact_sharpness_of_its_limit()
    {
        var rng = new Random(8);
        var target = TestData.Gaussian(rng, 2, 3);
        var run = Trainer.Run(Initialization.Gaussian(1, 8), Widths, target, new TrainingOptions { Eta = 0.02, Steps = 200_000, SharpnessEvery = 1000 });
        var gd = run.GradientDescent;
        Assert.Equal(TrainingOutcome.Converged, gd.Outcome);
        var end = gd.End!;
        Assert.True(end.IsZeroLoss);
        Assert.Null(end.Certified);
        var dense = HessianSpectrum.Of(new FactorizationLoss(end.Point, target)).Largest;
        Assert.True(Math.Abs(end.ExactSharpness!.Value - dense) <= 1e-8 * dense);
        Assert.True(end.ExactSharpness >= end.MinimalSharpness * (1 - 1e-9));
        Assert.Equal(end.ExactSharpness!.Value / end.MinimalSharpness!.Value, end.Rho!.Value, 12);
        Assert.True(end.ExactSharpness < 2 / 0.02, "GD cannot converge where λmax > 2/η");
    }

    [Fact]
    public void Diverged_runs_stop_and_report_no_nan()
    {
        var (initial, target) = Problem(9);
        var run = Trainer.Run(initial, target, new TrainingOptions { Eta = 50, Steps = 1000, SharpnessEvery = 10, Flow = false });
        var gd = run.GradientDescent;
        Assert.Equal(TrainingOutcome.Diverged, gd.Outcome);
        Assert.True(gd.Steps < 1000);
        Assert.Null(gd.End);
        Assert.DoesNotContain("NaN", gd.Reason);
        Assert.All(gd.Losses, s => Assert.True(double.IsFinite(s.Loss)));
        Assert.All(gd.Sharpness, s => Assert.True(double.IsFinite(s.Value)));
    }

    [Fact]
    public void A_start_far_above_the_target_is_trained_not_called_diverged()
    {
        // w = (2^20, 2^20) toward m = 1: 𝓛(W₀) ≈ 6e23 is above 1e12·max(1, ½m²) before a single step, and GD with a
        // step below 2/λmax(W₀) ≈ 6.7e-13 shrinks it (every step is w ← w − ηw(w² − 1) on both weights). With the
        // bound taken from the target alone this run was "diverged at step 0".
        var initial = DeepFactorization.ScalarChain(Math.ScaleB(1.0, 20), Math.ScaleB(1.0, 20));
        var target = Matrix<double>.Build.Dense(1, 1, 1.0);
        var gd = Trainer.Run(initial, target, new TrainingOptions { Eta = 1e-13, Steps = 300, Flow = false }).GradientDescent;
        Assert.True(gd.Outcome != TrainingOutcome.Diverged, gd.Reason);
        Assert.Equal(300, gd.Steps);
        double first = gd.Losses[0].Loss, last = gd.Losses[^1].Loss;
        Assert.Equal(0.5 * Math.Pow(Math.ScaleB(1.0, 40) - 1, 2), first, first * 1e-15);
        // The same recursion by hand (two equal weights stay equal), for the loss after 300 steps.
        double w = Math.ScaleB(1.0, 20);
        for (int k = 0; k < 300; k++) w -= 1e-13 * w * (w * w - 1);
        Assert.Equal(0.5 * Math.Pow(w * w - 1, 2), last, last * 1e-10);
        Assert.True(last < first * 1e-2);
    }

    [Fact]
    public void Memory_stays_bounded_for_a_million_steps()
    {
        // A scalar chain target m = 2 at η slightly above the flattest minimizer's threshold: it never converges.
        var initial = DeepFactorization.ScalarChain(0.3, 0.4);
        var target = Matrix<double>.Build.Dense(1, 1, 2.0);
        var run = Trainer.Run(initial, target, new TrainingOptions { Eta = 0.26, Steps = 1_000_000, SharpnessEvery = 100, SharpnessCap = 512, LossSampleCap = 512 });
        var gd = run.GradientDescent;
        Assert.True(gd.Losses.Count <= 513 + 1);
        Assert.True(gd.Sharpness.Count <= 513 + 1);
        Assert.True(gd.Balance.Count <= 2 * 513 + 2);
        Assert.NotEqual(TrainingOutcome.Diverged, gd.Outcome);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_step_sizes_are_refused(double eta)
    {
        var (initial, target) = Problem();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Run(initial, target, new TrainingOptions { Eta = eta }));
        Assert.Contains("η", e.Message);
    }

    [Fact]
    public void Bad_steps_and_shapes_are_refused()
    {
        var (initial, target) = Problem();
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Run(initial, target, new TrainingOptions { Eta = 0.1, Steps = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Run(initial, target, new TrainingOptions { Eta = 0.1, SharpnessEvery = -1 }));
        Assert.Throws<ShapeMismatchException>(() => Trainer.Run(initial, Matrix<double>.Build.Dense(3, 3), new TrainingOptions { Eta = 0.1 }));
    }

    [Fact]
    public void Progress_is_reported()
    {
        var (initial, target) = Problem();
        var seen = new List<TrainingProgress>();
        Trainer.Run(initial, target, new TrainingOptions { Eta = 0.05, Steps = 1000, StopWhenConverged = false, Flow = true }, new SyncProgress(seen.Add));
        Assert.Contains(seen, p => p.Method == "gradient descent" && p.Step == 1000);
        Assert.Contains(seen, p => p.Method == "gradient flow");
        Assert.InRange(seen.Count(p => p.Method == "gradient descent"), 50, 200);
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
