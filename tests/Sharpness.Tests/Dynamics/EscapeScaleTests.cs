using MathNet.Numerics.LinearAlgebra;
using Sharpness.Dynamics;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Verification;

namespace Sharpness.Tests.Dynamics;

/// <summary>
/// Escape runs far from scale 1. GD on 2^k·W* is exactly the 2^k-scaled image of GD on W* (powers of two change no
/// mantissa; η scales by 2^{−2k(N−1)}), so with ε, δ and the loss bounds in units of the point's scale s = 2^k a run
/// on the scaled point must decide exactly as the run on W* does. With the former absolute defaults (δ = 1e-3,
/// divergence at 𝓛 &gt; 1e12) the run on 2^200·W* "diverged at iteration 0" (the start loss ½λ*ε² was 1e90).
/// </summary>
public class EscapeScaleTests
{
    // A small depth-2 minimizer with its largest entry in [1, 2), so its own scale exponent is 0.
    private static DeepFactorization UnitMinimizer(int seed)
    {
        var w = EscapePresets.DepthTwo(4, 3, 3, seed).Minimizer;
        int e = PowerOfTwo.UnitExponent(w.Layers.Max(l => l.Enumerate().Max(Math.Abs)));
        return new DeepFactorization(w.Layers.Select(l => PowerOfTwo.Scale(l, -e)));
    }

    private static DeepFactorization Scaled(DeepFactorization w, params int[] exponents) =>
        new(w.Layers.Select((l, i) => PowerOfTwo.Scale(l, exponents[i % exponents.Length])));

    [Theory]
    [InlineData(200, ArithmeticMode.Delta)]
    [InlineData(200, ArithmeticMode.Plain)]
    [InlineData(-150, ArithmeticMode.Delta)]
    [InlineData(240, ArithmeticMode.Delta)] // near the top: 1e12·2^{2kN} is still a double
    public void A_power_of_two_scaled_minimizer_escapes_exactly_as_the_minimizer_itself(int k, ArithmeticMode mode)
    {
        var unit = new EscapeSetting(UnitMinimizer(1), 1e-15);
        var scaled = new EscapeSetting(Scaled(unit.Minimizer, k), 1e-15);
        Assert.Equal(0, unit.ScaleExponent);
        Assert.Equal(k, scaled.ScaleExponent);
        Assert.Equal(PowerOfTwo.Scale(unit.Lambda, 2 * k), scaled.Lambda); // λ* scales by 2^{2k(N−1)}, N = 2
        var options = new GdOptions { Mode = mode, Radius = mode == ArithmeticMode.Plain ? 1e-10 : null, MaxIterations = 6000 };
        var outcomes = new HashSet<RunOutcome>();
        foreach (double c in new[] { 0.9, 1.1, 1.3, 1.6, 3.0 })
        {
            var a = unit.Run(c, options);
            var b = scaled.Run(c, options);
            outcomes.Add(a.Outcome);
            string at = $"c = {c}, k = {k}, {mode}: unit {a.Outcome} at {a.Iterations}, scaled {b.Outcome} at {b.Iterations} ({b.Reason})";
            Assert.True(a.Outcome == b.Outcome, at);
            Assert.True(a.Iterations == b.Iterations, at);
            Assert.True(a.EscapeIteration == b.EscapeIteration, at);
            Assert.True(a.Period == b.Period, at);
            Assert.Equal(PowerOfTwo.Scale(a.Radius, k), b.Radius);
            Assert.Equal(PowerOfTwo.Scale(a.EscapeDistance, k), b.EscapeDistance);
            Assert.Equal(a.PredictedEscapeIteration, b.PredictedEscapeIteration);
            Assert.Equal(a.C, b.C);
            Assert.Equal(PowerOfTwo.Scale(a.Eta, -2 * k), b.Eta);
            if (a.FinalLoss is { } loss && b.FinalLoss is { } scaledLoss && double.IsFinite(PowerOfTwo.Scale(loss, 4 * k)))
                Assert.Equal(PowerOfTwo.Scale(loss, 4 * k), scaledLoss); // 𝓛 scales by 2^{2kN}
            if (a.Outcome == RunOutcome.Converged)
                Assert.Equal(a.FinalSharpnessTimesHalfEta!.Value, b.FinalSharpnessTimesHalfEta!.Value, 12);
        }
        // The step sizes exercise staying, converging and diverging, so every threshold was compared.
        Assert.Contains(RunOutcome.Stayed, outcomes);
        Assert.Contains(RunOutcome.Converged, outcomes);
        Assert.Contains(RunOutcome.Diverged, outcomes);
    }

    [Fact]
    public void The_lane_batched_sweep_decides_with_the_same_scaled_thresholds()
    {
        var scaled = new EscapeSetting(Scaled(UnitMinimizer(2), 230), 1e-15);
        double[] cs = [0.9, 1.1, 3.0];
        var sweep = scaled.Sweep(cs);
        for (int i = 0; i < cs.Length; i++)
        {
            var alone = scaled.Run(cs[i]);
            Assert.Equal(alone.Outcome, sweep[i].Outcome);
            Assert.Equal(alone.Iterations, sweep[i].Iterations);
            Assert.Equal(alone.FinalLoss, sweep[i].FinalLoss);
        }
        Assert.NotEqual(0, sweep[1].Iterations);
        Assert.Equal(RunOutcome.Converged, sweep[1].Outcome);
    }

    [Fact]
    public void An_unbalanced_rescaling_of_a_minimizer_escapes_on_schedule_and_lands_on_a_stable_minimizer()
    {
        // W₁·2^200, W₂·2^−200: the same product, a different point of the minimizer manifold (GD is not invariant
        // under this rescaling), λ* ≈ 2^400. The run is checked against what must hold for any GD run, computed
        // independently: the linear escape law, and at a converged end point a product equal to M and a dense-Hessian
        // λmax between s_min and 2/η.
        var w = UnitMinimizer(3);
        var setting = new EscapeSetting(Scaled(w, 200, -200), 1e-15);
        Assert.Equal(200, setting.ScaleExponent);
        var run = setting.Run(1.1, new GdOptions { MaxIterations = 40_000 });
        Assert.True(run.EscapeIteration is not null, run.Reason);
        Assert.InRange(run.EscapeIteration!.Value - run.PredictedEscapeIteration!.Value, -2, 2);
        Assert.Equal(RunOutcome.Converged, run.Outcome);
        var end = run.FinalMinimizer!;
        var target = setting.Target;
        Assert.True((end.Product() - target).FrobeniusNorm() <= 1e-9 * target.FrobeniusNorm(), run.Reason);
        double dense = HessianSpectrum.Of(FactorizationLoss.AtOwnProduct(end)).Largest;
        Assert.True(dense <= 2 / run.Eta * (1 + 1e-9), $"λ_fin = {dense}, 2/η = {2 / run.Eta}");
        Assert.True(dense >= setting.MinimalSharpness * (1 - 1e-9));
        Assert.Equal(dense, run.FinalSharpness!.Value, dense * 1e-9);
    }

    [Fact]
    public void Ordinary_points_keep_the_absolute_defaults()
    {
        // Every preset of the notebooks sits inside the unit-scaling window: scale 1, so nothing there changed.
        foreach (var setting in new[] { EscapePresets.PaperDepthTwo(0, 1), EscapePresets.PaperDepthTwo(2, 7), EscapePresets.ScalarChain(1), EscapePresets.ContourMap(3) })
        {
            Assert.Equal(0, setting.ScaleExponent);
            Assert.Equal(1, setting.Scale);
            Assert.Equal(1e-3, setting.EscapeDistanceFor());
            Assert.Equal(1e12, setting.DivergenceBound());
            double floor = 1e-20 * Math.Max(1, setting.Target.Enumerate().Sum(x => x * x));
            Assert.Equal(floor, setting.ConvergenceFloor(), floor * 1e-12);
        }
    }

    [Fact]
    public void A_point_whose_losses_underflow_is_refused_with_the_rescaling_that_helps()
    {
        var tiny = new EscapeSetting(Scaled(UnitMinimizer(1), -300), 1e-15);
        var e = Assert.Throws<NotRepresentableException>(() => tiny.Run(1.1));
        Assert.Contains("too small", e.Message);
        Assert.Contains("multiply every layer by 2^", e.Message);
        // One step inside the limit it runs, and decides as the unit point does.
        var small = new EscapeSetting(Scaled(UnitMinimizer(1), -225), 1e-15);
        Assert.Equal(new EscapeSetting(UnitMinimizer(1), 1e-15).Run(1.1).Iterations, small.Run(1.1).Iterations);
    }

    [Fact]
    public void A_point_whose_convergence_floor_overflows_is_refused()
    {
        // ‖M‖_F ≈ 2^600: even 1e-20·‖M‖²_F is beyond double range, so no loss near M could be judged.
        var huge = new EscapeSetting(Scaled(UnitMinimizer(4), 300), 1e-15);
        var e = Assert.Throws<NotRepresentableException>(() => huge.Run(1.1));
        Assert.Contains("convergence floor", e.Message);
    }

    [Fact]
    public void The_convergence_floor_is_finite_where_the_squared_norm_of_the_target_overflows()
    {
        // ‖M‖_F ≈ 2^513: ‖M‖²_F overflows, 1e-20·‖M‖²_F ≈ 2^960 does not.
        var w = UnitMinimizer(4);
        var big = new EscapeSetting(Scaled(w, 256, 257), 1e-15);
        double floor = big.ConvergenceFloor();
        Assert.True(double.IsFinite(floor) && floor > 0);
        var unit = new EscapeSetting(w, 1e-15);
        Assert.Equal(PowerOfTwo.Scale(unit.ConvergenceFloor(), 2 * 513), floor);
        Assert.True(double.IsPositiveInfinity(big.Target.Enumerate().Sum(x => x * x)));
    }
}
