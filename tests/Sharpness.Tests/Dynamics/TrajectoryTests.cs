using Sharpness;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Certified;
using Sharpness.Dynamics;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Tests.Dynamics.DynamicsFixtures;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Dynamics;

/// <summary>The trajectory record, the outcome summary and the start-point options.</summary>
public class TrajectoryTests
{
    private static void AssertSameTrajectory(EscapeRun a, EscapeRun b)
    {
        Assert.Equal(a.Outcome, b.Outcome);
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.EscapeIteration, b.EscapeIteration);
        Assert.Equal(a.Trajectory.Samples.Count, b.Trajectory.Samples.Count);
        for (int i = 0; i < a.Trajectory.Samples.Count; i++)
        {
            var (x, y) = (a.Trajectory.Samples[i], b.Trajectory.Samples[i]);
            Assert.Equal(x.Iteration, y.Iteration);
            Assert.True(SameBits(x.Loss, y.Loss) && SameBits(x.Distance, y.Distance) && SameBits(x.ProjectionV1, y.ProjectionV1)
                && SameBits(x.ProjectionVN, y.ProjectionVN), $"sample {i} (iteration {x.Iteration}) differs");
        }
        Assert.True(a.FinalPoint!.ToVector().Zip(b.FinalPoint!.ToVector()).All(p => SameBits(p.First, p.Second)), "final points differ");
    }

    [Theory]
    [InlineData(ArithmeticMode.Plain)]
    [InlineData(ArithmeticMode.Delta)]
    public void Same_seed_gives_a_bit_identical_trajectory(ArithmeticMode mode)
    {
        var options = new GdOptions { Mode = mode, Direction = StartDirection.Random(7), Radius = 1e-9, MaxIterations = 1500, SampleStride = 3 };
        // Settings rebuilt from the same seed, so the minimizer, v₁ and M are recomputed too.
        var a = EscapePresets.DepthTwo(10, 20, 20, seed: 3).Run(1.2, options);
        var b = EscapePresets.DepthTwo(10, 20, 20, seed: 3).Run(1.2, options);
        AssertSameTrajectory(a, b);
        var c = EscapePresets.ScalarChain(seed: 4).Run(1.1, options);
        var d = EscapePresets.ScalarChain(seed: 4).Run(1.1, options);
        AssertSameTrajectory(c, d);
        var other = EscapePresets.DepthTwo(10, 20, 20, seed: 3).Run(1.2, options with { Direction = StartDirection.Random(8) });
        Assert.False(SameBits(a.Trajectory.Samples[0].ProjectionV1, other.Trajectory.Samples[0].ProjectionV1), "another seed should start elsewhere");
    }

    [Fact]
    public void Memory_stays_bounded_over_a_million_steps_and_escape_and_final_are_kept()
    {
        var setting = Chain;
        const int steps = 1_000_000, cap = 256;
        var run = setting.Run(setting.Rho + 0.03, new GdOptions { MaxIterations = steps, SampleStride = 1, SampleCap = cap, RecordLayerNorms = true });
        Assert.Equal(RunOutcome.Bounded, run.Outcome);
        Assert.Equal(steps, run.Iterations);
        var samples = run.Trajectory.Samples;
        Assert.True(samples.Count <= cap + 2, $"{samples.Count} samples kept");
        int stride = run.Trajectory.FinalStride;
        Assert.True((long)stride * cap >= steps / 2, $"final stride {stride}");
        var strideSamples = samples.Where(s => s.Kind == SampleKind.Stride).ToList();
        Assert.All(strideSamples, s => Assert.Equal(0, s.Iteration % stride));
        Assert.Equal(0, samples[0].Iteration);
        Assert.True(samples.Zip(samples.Skip(1)).All(p => p.First.Iteration < p.Second.Iteration), "iterations must increase");
        var escape = run.Trajectory.Escape!;
        Assert.Equal(SampleKind.Escape, escape.Kind);
        Assert.Equal(run.EscapeIteration, escape.Iteration);
        Assert.True(escape.Distance >= 1e-3);
        var final = run.Trajectory.Final!;
        Assert.Equal(steps, final.Iteration);
        Assert.Equal(SampleKind.Final, final.Kind);
    }

    private static void AssertNoNaN(EscapeRun run)
    {
        foreach (var p in typeof(EscapeRun).GetProperties())
        {
            var v = p.GetValue(run);
            if (v is double d) Assert.True(double.IsFinite(d), $"{p.Name} = {d}");
        }
        foreach (var s in run.Trajectory.Samples)
        {
            Assert.True(double.IsFinite(s.Loss) && double.IsFinite(s.Distance) && double.IsFinite(s.ProjectionV1) && double.IsFinite(s.ProjectionVN),
                $"sample at {s.Iteration} is not finite");
            Assert.True(s.Balance is null || double.IsFinite(s.Balance.Value));
        }
        Assert.DoesNotContain("NaN", run.Reason);
    }

    [Fact]
    public void Automatic_stride_spreads_about_SampleCap_samples_over_the_run()
    {
        var run = Chain.Run(Chain.Rho + 0.03, new GdOptions { MaxIterations = 10_000, SampleCap = 100 });
        Assert.Equal(101, run.Trajectory.FinalStride); // ⌈10001/100⌉
        Assert.InRange(run.Trajectory.Samples.Count, 99, 102);
        Assert.Equal(1, new GdOptions { MaxIterations = 50 }.EffectiveSampleStride);
    }

    [Fact]
    public void Divergence_stops_without_exception_and_without_NaN()
    {
        var run = DepthTwo.Run(3.0);
        Assert.Equal(RunOutcome.Diverged, run.Outcome);
        Assert.True(run.FinalLoss > 1e12);
        Assert.Equal(run.Iterations, run.Trajectory.Final!.Iteration);
        Assert.Contains("exceeded the bound", run.Reason);
        AssertNoNaN(run);
    }

    [Fact]
    public void Divergence_to_overflow_is_reported_with_null_loss_not_NaN()
    {
        var run = DepthTwo.Run(3.0, new GdOptions { DivergenceLoss = double.PositiveInfinity, MaxIterations = 10_000 });
        Assert.Equal(RunOutcome.Diverged, run.Outcome);
        Assert.Null(run.FinalLoss);
        Assert.True(run.Iterations < 10_000);
        Assert.Contains("not finite", run.Reason);
        AssertNoNaN(run);
        Assert.All(run.Trajectory.Samples, s => Assert.True(s.Iteration < run.Iterations));
    }

    [Fact]
    public void Sharpness_along_the_path_is_exact_at_zero_residual_and_Lanczos_elsewhere()
    {
        var setting = F4Setting;
        var run = setting.Run(1.1, new GdOptions { SharpnessEvery = 100, SampleStride = 100, RecordOffsets = true, MaxIterations = 2000 });
        Assert.Equal(RunOutcome.Converged, run.Outcome);
        var sharp = run.Trajectory.Sharpness;
        Assert.Equal(0, sharp[0].Iteration);
        Assert.Equal(SharpnessSource.Exact, sharp[0].Source);
        AssertRel(15.10600462062429, sharp[0].Value, 1e-9, "λ at the start");
        var moving = sharp.Where(s => s.Iteration is >= 200 and <= 300).ToList();
        Assert.NotEmpty(moving);
        foreach (var s in moving)
        {
            Assert.Equal(SharpnessSource.HessianLanczos, s.Source);
            var sample = run.Trajectory.Samples.Single(x => x.Iteration == s.Iteration);
            var point = DeepFactorization.FromVector(setting.Minimizer.Widths,
                setting.Minimizer.ToVector().Zip(sample.Offset!).Select(p => p.First + p.Second).ToArray());
            var dense = HessianSpectrum.Of(new FactorizationLoss(point, setting.Target)).Largest;
            AssertRel(dense, s.Value, 1e-9, $"Lanczos λ at iteration {s.Iteration}");
        }
        var last = sharp[^1];
        Assert.Equal(run.Iterations, last.Iteration);
        Assert.Equal(SharpnessSource.Exact, last.Source);
        AssertRel(run.FinalSharpness!.Value, last.Value, 1e-12, "λ at the end");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)] // W₁ = Rᵀ is 30 × 20 (tall: the WᵀW side), W₂ = L is 25 × 30 (wide: the WWᵀ side)
    public void Layer_norms_and_balance_match_the_SVD(int figure)
    {
        var setting = figure == 0 ? DepthTwo : EscapePresets.PaperDepthTwo(figure, seed: 1);
        var run = setting.Run(1.3, new GdOptions { SampleStride = 25, RecordOffsets = true, MaxIterations = 300 });
        Assert.True(run.Trajectory.Samples.Count > 5);
        foreach (var s in run.Trajectory.Samples)
        {
            var w = DeepFactorization.FromVector(setting.Minimizer.Widths,
                setting.Minimizer.ToVector().Zip(s.Offset!).Select(p => p.First + p.Second).ToArray());
            double r = w.Layers[0].L2Norm(), l = w.Layers[1].L2Norm();
            AssertRel(r, s.LayerNorms[0], 1e-9, $"‖R‖ at {s.Iteration}");
            AssertRel(l, s.LayerNorms[1], 1e-9, $"‖L‖ at {s.Iteration}");
            AssertRel(l / r, s.Balance!.Value, 1e-9, $"balance at {s.Iteration}");
        }
        var chainRun = Chain.Run(1.1, new GdOptions { SampleStride = 50, RecordOffsets = true, MaxIterations = 500 });
        foreach (var s in chainRun.Trajectory.Samples)
        {
            var w = Chain.Minimizer.ToVector().Zip(s.Offset!).Select(p => Math.Abs(p.First + p.Second)).ToArray();
            AssertRel(w.Max() / w.Min(), s.Balance!.Value, 1e-13, $"chain balance at {s.Iteration}");
        }
    }

    [Fact]
    public void Delta_mode_starts_exactly_at_radius_epsilon_while_plain_mode_rounds_the_start()
    {
        const double eps = 1e-15;
        var delta = DepthTwo.Run(1.1, new GdOptions { Mode = ArithmeticMode.Delta, Radius = eps, MaxIterations = 0 });
        var plain = DepthTwo.Run(1.1, new GdOptions { Mode = ArithmeticMode.Plain, Radius = eps, MaxIterations = 0 });
        var d0 = delta.Trajectory.Samples[0];
        var p0 = plain.Trajectory.Samples[0];
        AssertRel(eps, d0.Distance, 1e-12, "delta-mode start distance");
        AssertRel(eps, Math.Abs(d0.ProjectionV1), 1e-12, "delta-mode start projection on v1");
        // fl(W* + εv₁) loses most of a 1e-15 perturbation spread over 600 coordinates (theory §3.3).
        Assert.True(Math.Abs(Math.Abs(p0.ProjectionV1) - eps) > 0.01 * eps, $"plain-mode realized projection {p0.ProjectionV1:G4}");
        Assert.True(plain.Trajectory.Samples[0].Loss > 0 && delta.Trajectory.Samples[0].Loss > 0);
    }

    [Fact]
    public void Plain_and_delta_modes_agree_at_a_radius_of_1e12()
    {
        var o = new GdOptions { Radius = 1e-12, MaxIterations = 200, RecordLayerNorms = false };
        var plain = DepthTwo.Run(1.1, o with { Mode = ArithmeticMode.Plain });
        var delta = DepthTwo.Run(1.1, o with { Mode = ArithmeticMode.Delta });
        Assert.NotNull(plain.EscapeIteration);
        Assert.NotNull(delta.EscapeIteration);
        Assert.InRange(plain.EscapeIteration!.Value - delta.EscapeIteration!.Value, -2, 2);
        Assert.Equal(ArithmeticMode.Plain, plain.Mode);
    }

    [Fact]
    public void Start_directions_null_custom_and_random()
    {
        var setting = F4Setting;
        var o = new GdOptions { Radius = 1e-6, MaxIterations = 2000, RecordLayerNorms = false, SampleStride = 50 };
        // Along v_N the Hessian is 0: the offset neither grows nor decays (the quartic loss moves it only slightly),
        // while the same start along v₁ decays like |1 − 2c|^k below the threshold.
        var nullRun = setting.Run(0.9, o with { Direction = StartDirection.NullDirection });
        Assert.Equal(RunOutcome.Stayed, nullRun.Outcome);
        Assert.Equal(1e-6, nullRun.Trajectory.Samples[0].ProjectionVN, 1e-18);
        Assert.True(Math.Abs(nullRun.Trajectory.Samples[0].ProjectionV1) < 1e-15);
        AssertRel(1e-6, nullRun.FinalDistance!.Value, 1e-6, "distance after 2000 steps along v_N");
        var decaying = setting.Run(0.9, o);
        // (What remains is the O(ε²) drift along the minimizer manifold, not the v₁ component.)
        Assert.True(decaying.FinalDistance < 1e-3 * 1e-6, $"v₁ start: final distance {decaying.FinalDistance}");
        Assert.True(Math.Abs(decaying.Trajectory.Final!.ProjectionV1) < 1e-12 * 1e-6, $"v₁ component {decaying.Trajectory.Final!.ProjectionV1}");
        // A user direction is normalized: 7·v₁ behaves as v₁.
        var v1 = setting.Run(1.1, o);
        var custom = setting.Run(1.1, o with { Direction = StartDirection.Custom(setting.TopEigenvector.Scale(7)) });
        Assert.Equal(v1.EscapeIteration, custom.EscapeIteration);
        AssertRel(1e-6, custom.Trajectory.Samples[0].Distance, 1e-12, "custom start distance");
        // A random direction escapes too (it has a v₁ component), later than v₁ itself.
        var random = setting.Run(1.1, o with { Direction = StartDirection.Random(3) });
        Assert.NotNull(random.EscapeIteration);
        Assert.True(random.EscapeIteration >= v1.EscapeIteration);
        Assert.Equal("random(seed 3)", random.Direction);
    }

    [Fact]
    public void Bad_inputs_are_named()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => F4Setting.Run(1.1, new GdOptions { Radius = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => F4Setting.Run(1.1, new GdOptions { SampleCap = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => StepSize.Relative(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StepSize.Absolute(double.NaN));
        var wrongShape = StartDirection.Custom(DeepFactorization.ScalarChain(1, 2));
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        var e = Assert.Throws<ShapeMismatchException>(() => F4Setting.Run(1.1, new GdOptions { Direction = wrongShape }));
        Assert.Contains("mismatch", e.Message);
        // changed by issue 11: the library's error contract (OutsideDomainException) instead of ArgumentException
        Assert.Throws<OutsideDomainException>(() => F4Setting.Run(1.1, new GdOptions { Direction = StartDirection.Custom(F4Setting.Minimizer.ZeroLike()) }));
        // changed by issue 11: the library's error contract (OutsideDomainException) instead of ArgumentException
        var depthOne = Assert.Throws<OutsideDomainException>(() => new EscapeSetting(new DeepFactorization(Matrix<double>.Build.DenseIdentity(2))));
        Assert.Contains("depth", depthOne.Message);
    }

    [Fact]
    public void Prediction_is_null_at_or_below_the_threshold()
    {
        Assert.Null(EscapeTheory.PredictedEscapeIteration(1.0, 1e-15, 1e-3));
        Assert.Null(EscapeTheory.PredictedEscapeIteration(0.5, 1e-15, 1e-3));
        Assert.Equal(Prediction(1.1, 1e-15, 1e-3), EscapeTheory.PredictedEscapeIteration(1.1, 1e-15, 1e-3)!.Value, 12);
    }

    [Fact]
    public void Paper_presets_have_the_documented_shapes_and_are_exact_minimizers()
    {
        var chain = Chain;
        Assert.Equal(15, chain.Minimizer.Depth);
        Assert.True(chain.Minimizer.IsScalarChain);
        Assert.Equal(1e-12, chain.DefaultRadius);
        // The drawn weights: w_i = |m|^{1/15} e^{0.3 z_i} ⇒ ρ = mean(e^{−0.6 z_i}) ≈ 1.2 (theory §3.2: ρ ≈ 1.19).
        Assert.InRange(chain.Rho, 1.05, 1.5);
        // λ* from the scalar-chain formula m²Σw_i⁻² (theory §2.5), computed here directly.
        var w = chain.Minimizer.ToVector();
        double m = chain.Target[0, 0];
        AssertRel(m * m * w.Sum(x => 1 / (x * x)), chain.Lambda, 1e-12, "chain λ*");
        Assert.Equal(1e-9, EscapePresets.ContourMap(seed: 2).DefaultRadius);
        for (int f = 0; f < 3; f++)
        {
            var (mm, n, d) = EscapePresets.PaperDepthTwoShapes[f];
            var s = f == 0 ? DepthTwo : EscapePresets.PaperDepthTwo(f, seed: 1);
            Assert.Equal([n, d, mm], s.Minimizer.Widths.ToArray());
            Assert.Equal(1e-15, s.DefaultRadius);
            var l = s.Minimizer.Layers[1]; var r = s.Minimizer.Layers[0].Transpose();
            AssertRel(Math.Pow(l.L2Norm(), 2) + Math.Pow(r.L2Norm(), 2), s.Lambda, 1e-10, "depth-2 λ* = ‖L‖² + ‖R‖²");
        }
    }
}
