using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Sharpness.Dynamics;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Tests.Dynamics.DynamicsFixtures;

namespace Sharpness.Tests.Dynamics;

/// <summary>The escape prediction belongs to the start direction (theory §3.1): ln(δ/ε)/ln(2c − 1) only along v₁,
/// ln(δ/ε)/ln(ημ − 1) along another eigenvector, and none along v_N (μ = 0) or a random start. A user's review saw
/// the v₁ formula printed for vN (151.6 predicted, 356 measured).</summary>
public sealed class EscapePredictionTests
{
    private static readonly GdOptions Options = new() { MaxIterations = 3000, RecordLayerNorms = false, SampleStride = 50 };

    [Fact]
    public void Along_v1_the_formula_is_unchanged()
    {
        var run = F4Setting.Run(1.1, Options);
        Assert.Equal(EscapeTheory.PredictedEscapeIteration(run.C, run.Radius, run.EscapeDistance), run.PredictedEscapeIteration);
        Assert.Equal("ln(δ/ε)/ln(2c − 1)", run.PredictionNote);
        Assert.InRange(run.EscapeIteration!.Value - run.PredictedEscapeIteration!.Value, -2, 2);
        Assert.Equal("c ≤ 1: linearly stable", F4Setting.Run(0.9, Options).PredictionNote);
        Assert.Null(F4Setting.Run(0.9, Options with { Direction = StartDirection.Random(1) }).PredictedEscapeIteration);
    }

    [Fact]
    public void Along_vN_there_is_no_linear_prediction()
    {
        var run = F4Setting.Run(1.1, Options with { Direction = StartDirection.NullDirection });
        Assert.Null(run.PredictedEscapeIteration);
        Assert.Contains("zero eigenvalue", run.PredictionNote);
        // It does escape, from second-order terms, far later than the v₁ formula (151.6) says.
        Assert.True(run.EscapeIteration > 300, $"escape at {run.EscapeIteration}");
    }

    [Fact]
    public void A_random_start_has_no_prediction()
    {
        var run = F4Setting.Run(1.1, Options with { Direction = StartDirection.Random(0) });
        Assert.Null(run.PredictedEscapeIteration);
        Assert.Contains("no Hessian eigenvector", run.PredictionNote);
        Assert.NotNull(run.EscapeIteration);
    }

    [Fact]
    public void Along_a_lower_eigenvector_there_is_a_bound_not_a_prediction()
    {
        // v₂ and λ₂ from the dense Hessian (an eigensolver independent of the HVP the prediction uses).
        var setting = F4Setting;
        var evd = DenseHessian.Of(new FactorizationLoss(setting.Minimizer, setting.Target)).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, evd.EigenValues.Count).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        double l1 = evd.EigenValues[order[0]].Real, l2 = evd.EigenValues[order[1]].Real, l3 = evd.EigenValues[order[2]].Real;
        Assert.True(l2 < l1 * (1 - 1e-6) && l3 < l2 * (1 - 1e-6), $"F4's top eigenvalues {l1}, {l2}, {l3} should be simple");
        var direction = DeepFactorization.FromVector(setting.Minimizer.Widths, evd.EigenVectors.Column(order[1]).ToArray());
        // η with ηλ₂/2 = 1.1 (c = 1.64 along v₁), ε = 1e-6: v₂ alone reaches δ = 1e-3 at ln(1e3)/ln(1.2) = 37.9, but v₁,
        // seeded at O(ε²), overtakes it — so the kit must not print 37.9 as the prediction.
        double eta = 2.2 / l2;
        var o = Options with { Direction = StartDirection.Custom(direction), Radius = 1e-6 };
        var run = setting.Run(StepSize.Absolute(eta), o);
        double alone = Math.Log(1e-3 / 1e-6) / Math.Log(eta * l2 - 1);
        Assert.Null(run.PredictedEscapeIteration);
        Assert.Contains(FormattableString.Invariant($"k ≈ {alone:F1}"), run.PredictionNote);
        Assert.True(run.EscapeIteration <= alone + 1, $"escape {run.EscapeIteration} after the bound {alone}");
        Assert.True(run.EscapeIteration < alone - 5, $"escape {run.EscapeIteration}: v₁ should overtake v₂ here");

        // Along v₂ with ηλ₂ < 2 (c = 1.42 along v₁): stable along the start, still no prediction.
        var stable = setting.Run(StepSize.Absolute(1.9 / l2), o);
        Assert.Null(stable.PredictedEscapeIteration);
        Assert.Contains("linearly stable along it", stable.PredictionNote);
    }

    [Fact]
    public void A_users_copy_of_v1_gets_the_v1_prediction()
    {
        // Scaled, normalized by the kit: the HVP test recognizes it as the top eigen-direction.
        var custom = F4Setting.Run(1.1, Options with { Direction = StartDirection.Custom(F4Setting.TopEigenvector.Scale(7)) });
        var v1 = F4Setting.Run(1.1, Options);
        Assert.Equal(v1.PredictedEscapeIteration, custom.PredictedEscapeIteration);
        Assert.Equal(v1.EscapeIteration, custom.EscapeIteration);
    }
}
