using MathNet.Numerics.LinearAlgebra;
using Sharpness.Dynamics;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Tests.Dynamics.DynamicsFixtures;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Dynamics;

/// <summary>Theory §5 checks 32–37: escape counts, stability below the threshold, and what GD does after escaping.</summary>
public class EscapeCheckTests
{
    private const double Delta = 1e-3;

    [Fact]
    public void F4_setting_has_the_spec_sharpness()
    {
        AssertRel(15.10600462062429, F4Setting.Lambda, 1e-11, "λ* of F4");
        AssertRel(12.333329862988334, F4Setting.MinimalSharpness, 1e-11, "s_min of F4");
    }

    // Check 32: delta mode, F4, ε = 1e-15, δ = 1e-3: |k_esc − ln(δ/ε)/ln(2c−1)| ≤ 2.
    [Theory]
    [InlineData(1.01)]
    [InlineData(1.05)]
    [InlineData(1.1)]
    [InlineData(1.2)]
    [InlineData(1.3)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Check32_escape_count_matches_linear_prediction_in_delta_mode(double c)
    {
        double predicted = Prediction(c, 1e-15, Delta);
        var run = F4Setting.Run(c, new GdOptions { Radius = 1e-15, MaxIterations = (int)predicted + 10, RecordLayerNorms = false });
        Assert.NotNull(run.EscapeIteration);
        Assert.True(Math.Abs(run.EscapeIteration!.Value - predicted) <= 2, $"c = {c}: k_esc = {run.EscapeIteration}, predicted {predicted:F2}");
        Assert.Equal(predicted, run.PredictedEscapeIteration!.Value, 1e-9);
    }

    [Fact]
    public void Check32_escape_count_at_c_1001_within_two_percent()
    {
        double predicted = Prediction(1.001, 1e-15, Delta);
        var run = F4Setting.Run(1.001, new GdOptions { Radius = 1e-15, MaxIterations = (int)(1.03 * predicted), RecordLayerNorms = false, SampleStride = 64 });
        Assert.NotNull(run.EscapeIteration);
        Assert.True(Math.Abs(run.EscapeIteration!.Value - predicted) <= 0.02 * predicted, $"k_esc = {run.EscapeIteration}, predicted {predicted:F2}");
    }

    // Check 33: c = 0.99 never leaves the ε-ball; c = 1 keeps the loss at ½λε² (delta mode).
    [Fact]
    public void Check33_below_threshold_the_distance_never_exceeds_epsilon()
    {
        const double eps = 1e-15;
        var run = F4Setting.Run(0.99, new GdOptions { Radius = eps, MaxIterations = 10_000, RecordLayerNorms = false });
        Assert.Equal(RunOutcome.Stayed, run.Outcome);
        Assert.Null(run.EscapeIteration);
        Assert.Null(run.PredictedEscapeIteration);
        Assert.True(run.MaxDistanceBeforeEscape <= eps * (1 + 1e-9), $"max ‖Δ_k‖ = {run.MaxDistanceBeforeEscape:R}");
        Assert.Equal(10_000, run.Iterations);
    }

    [Fact]
    public void Check33_at_threshold_the_loss_stays_at_half_lambda_epsilon_squared()
    {
        const double eps = 1e-15;
        var run = F4Setting.Run(1.0, new GdOptions { Radius = eps, MaxIterations = 10_000, RecordLayerNorms = false, SampleCap = 20_000 });
        Assert.Equal(RunOutcome.Stayed, run.Outcome);
        double expected = 0.5 * 15.10600462062429 * eps * eps;
        Assert.Equal(10_001, run.Trajectory.Samples.Count);
        foreach (var s in run.Trajectory.Samples)
            Assert.True(Math.Abs(s.Loss - expected) <= 1e-6 * expected, $"iteration {s.Iteration}: loss {s.Loss:R} vs ½λε² = {expected:R}");
    }

    // Check 34: 1 < c ≤ min(1.3, 0.95ρ): converged, s_min(1 − 1e-9) ≤ λ_fin ≤ (2/η)(1 + 1e-9).
    [Theory]
    [InlineData("F4", 1.05)]
    [InlineData("F4", 1.1)]
    [InlineData("F4", 1.2)]
    [InlineData("DepthTwo", 1.1)]
    [InlineData("DepthTwo", 1.3)]
    public void Check34_after_escape_GD_converges_to_a_flatter_stable_minimizer(string name, double c)
    {
        var setting = name == "F4" ? F4Setting : DepthTwo;
        // The spec's window: 1 < c ≤ min(1.3, 0.95ρ) for the figure settings, c ≤ 1.2 for F4 (ρ = 1.2248).
        Assert.True(name == "F4" ? c <= 1.2 : c <= Math.Min(1.3, 0.95 * setting.Rho), $"c = {c} is outside the check's window (ρ = {setting.Rho})");
        var run = setting.Run(c, new GdOptions { MaxIterations = 40_000, RecordLayerNorms = false, SampleStride = 16 });
        Assert.Equal(RunOutcome.Converged, run.Outcome);
        double mNorm2 = setting.Target.FrobeniusNorm() * setting.Target.FrobeniusNorm();
        Assert.True(run.FinalLoss < 1e-20 * mNorm2, $"final loss {run.FinalLoss}");
        // s_min = 2‖M‖₂ at depth 2 (theory §2.7), from MathNet's SVD of M.
        double sMin = 2 * setting.Target.L2Norm();
        double lambdaFinal = run.FinalSharpness!.Value;
        Assert.True(lambdaFinal >= sMin * (1 - 1e-9), $"λ_fin = {lambdaFinal} < s_min = {sMin}");
        Assert.True(lambdaFinal <= 2 / run.Eta * (1 + 1e-9), $"λ_fin = {lambdaFinal} > 2/η = {2 / run.Eta}");
        // λ_fin against an independent computation: the dense Hessian at the final point (F4: 18 parameters) or
        // Lanczos on the exact HVP (600 parameters).
        var loss = new FactorizationLoss(run.FinalMinimizer!, setting.Target);
        double independent = name == "F4"
            ? HessianSpectrum.Of(loss).Largest
            : HessianLanczos.Largest(loss).Top.Value;
        AssertRel(independent, lambdaFinal, 1e-8, "λ_fin vs the Hessian");
        Assert.Equal(lambdaFinal * run.Eta / 2, run.FinalSharpnessTimesHalfEta!.Value, 12);
    }

    // Check 35: F8 with η = 2/λ_rank-one (true c = 1.02958), delta mode, ε = 1e-12.
    [Fact]
    public void Check35_F8_escapes_at_361_for_the_rank_one_step_size_and_settles_lower()
    {
        const double rankOne = 0.6229459258931657;
        var run = F8Setting.Run(StepSize.Absolute(2 / rankOne), new GdOptions { Radius = 1e-12, MaxIterations = 60_000, RecordLayerNorms = false, SampleStride = 16 });
        AssertRel(1.02958, run.C, 1e-5, "true c");
        Assert.NotNull(run.EscapeIteration);
        Assert.InRange(run.EscapeIteration!.Value, 359, 363);
        Assert.Equal(RunOutcome.Converged, run.Outcome);
        Assert.InRange(run.FinalSharpness!.Value, 0.2017, rankOne);
        var dense = HessianSpectrum.Of(new FactorizationLoss(run.FinalMinimizer!, F8Setting.Target)).Largest;
        AssertRel(dense, run.FinalSharpness.Value, 1e-8, "λ_fin vs dense Hessian");
    }

    [Fact]
    public void Check35_F8_does_not_escape_just_below_the_exact_threshold()
    {
        const double lambdaK = 0.6413726136911615;
        var run = F8Setting.Run(StepSize.Absolute(0.999 * 2 / lambdaK), new GdOptions { Radius = 1e-12, MaxIterations = 60_000, RecordLayerNorms = false, SampleStride = 64 });
        Assert.Equal(RunOutcome.Stayed, run.Outcome);
        Assert.Null(run.EscapeIteration);
    }

    // Check 36: above the threshold.
    [Theory]
    [InlineData(0, 2.0)]
    [InlineData(0, 3.0)]
    [InlineData(1, 2.0)]
    [InlineData(1, 3.0)]
    [InlineData(2, 2.0)]
    [InlineData(2, 3.0)]
    public void Check36_figure_shapes_diverge_within_100_iterations_for_c_2_and_3(int figure, double c)
    {
        var setting = figure == 0 ? DepthTwo : EscapePresets.PaperDepthTwo(figure, seed: 1);
        var run = setting.Run(c, new GdOptions { MaxIterations = 100, RecordLayerNorms = false });
        Assert.Equal(RunOutcome.Diverged, run.Outcome);
        Assert.True(run.Iterations <= 100);
        Assert.True(run.FinalLoss is null || run.FinalLoss > 1e12, $"final loss {run.FinalLoss}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Check36_figure_shapes_do_not_converge_just_above_rho(int figure)
    {
        var setting = figure == 0 ? DepthTwo : EscapePresets.PaperDepthTwo(figure, seed: 1);
        double c = setting.Rho + 0.03;
        var run = setting.Run(c, new GdOptions { MaxIterations = 20_000, RecordLayerNorms = false, SampleStride = 64 });
        Assert.NotEqual(RunOutcome.Converged, run.Outcome);
        if (run.Outcome == RunOutcome.Bounded)
            Assert.True(run.TailMinLoss > 1e-3, $"bounded orbit with tail loss down to {run.TailMinLoss}");
        else
            Assert.Equal(RunOutcome.Diverged, run.Outcome);
    }

    [Fact]
    public void Check36_chain_just_above_rho_sits_on_a_bounded_period_two_orbit()
    {
        var setting = Chain;
        double c = setting.Rho + 0.03;
        var run = setting.Run(c, new GdOptions { MaxIterations = 20_000, SampleCap = 32_768, RecordLayerNorms = false, PeriodTolerance = 1e-5 });
        Assert.Equal(RunOutcome.Bounded, run.Outcome);
        Assert.True(run.TailMinLoss > 1e-3, $"min loss over the last 400 iterations {run.TailMinLoss}");
        Assert.Equal(2, run.Period);
        // The period claim, checked on the recorded losses (every iterate) independently of the detector.
        var losses = run.Trajectory.Losses;
        Assert.Equal(20_001, losses.Length);
        double period2 = 0, period1 = 0;
        for (int k = losses.Length - 400; k < losses.Length; k++)
        {
            period2 = Math.Max(period2, Math.Abs(losses[k] - losses[k - 2]));
            period1 = Math.Max(period1, Math.Abs(losses[k] - losses[k - 1]));
        }
        Assert.True(period2 <= 1e-5, $"max |L_k − L_(k−2)| = {period2}");
        Assert.True(period1 > 1e-5, $"the loss is constant, not period 2 (max |L_k − L_(k−1)| = {period1})");
    }

    // Check 37: plain mode, ε = 1e-12, 15-layer chain.
    [Theory]
    [InlineData(1.01)]
    [InlineData(1.05)]
    [InlineData(1.1)]
    [InlineData(1.5)]
    [InlineData(2.0)]
    public void Check37_plain_mode_chain_escape_count_matches_prediction(double c)
    {
        double predicted = Prediction(c, 1e-12, Delta);
        var run = Chain.Run(c, new GdOptions { Mode = ArithmeticMode.Plain, Radius = 1e-12, MaxIterations = (int)predicted + 10 });
        Assert.NotNull(run.EscapeIteration);
        Assert.True(Math.Abs(run.EscapeIteration!.Value - predicted) <= 2, $"c = {c}: k_esc = {run.EscapeIteration}, predicted {predicted:F2}");
    }

    [Theory]
    [InlineData(1.05)]
    [InlineData(1.1)]
    [InlineData(2.0)]
    public void Check37_plain_mode_chain_at_1e15_still_escapes_within_twice_the_prediction(double c)
    {
        double predicted = Prediction(c, 1e-15, Delta);
        var run = Chain.Run(c, new GdOptions { Mode = ArithmeticMode.Plain, Radius = 1e-15, MaxIterations = (int)(2 * predicted) });
        Assert.NotNull(run.EscapeIteration);
        Assert.True(run.EscapeIteration <= 2 * predicted, $"k_esc = {run.EscapeIteration}, predicted {predicted:F2}");
    }
}
