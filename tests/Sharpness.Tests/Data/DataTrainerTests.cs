using Sharpness.Data;
using Sharpness.Training;

namespace Sharpness.Tests.Data;

/// <summary>GD on ½‖W_N⋯W_1X − Y‖²: it reaches the least-squares optimum (a nonzero loss), its sharpness track
/// ends at the exact λmax(K_X), and the same inputs give the same run.</summary>
public class DataTrainerTests
{
    private static (Sharpness.Model.DeepFactorization Initial, RegressionData Data) Problem()
    {
        var rng = new Random(12);
        var x = DataFixtures.AnisotropicInputs(rng, 3, 20, spread: 0.5);
        var teacher = TestData.RandomFactorization(rng, 3, 4, 2);
        var y = teacher.Product() * x + 0.3 * TestData.Gaussian(rng, 2, 20); // noise in every direction: no interpolation
        return (Initialization.Gaussian(0.5, 7).Create([3, 4, 4, 2]), RegressionData.FromSamples(x, y));
    }

    [Fact]
    public void GD_reaches_the_least_squares_floor_and_ends_with_the_exact_sharpness()
    {
        var (initial, data) = Problem();
        double eta = 0.5 / data.Eigenvalues[0];
        var run = DataTrainer.Run(initial, data, new TrainingOptions { Eta = eta, Steps = 200_000, SharpnessEvery = 200 });
        Assert.Equal(TrainingOutcome.Converged, run.Outcome);
        // The floor from the normal equations: P* = C S⁻¹, 𝓛* = ½‖P*X − Y‖².
        var pStar = data.CrossCovariance * data.Covariance.Inverse();
        double floor = 0.5 * Math.Pow((pStar * data.Inputs! - data.Outputs!).FrobeniusNorm(), 2);
        Assert.True(floor > 0.1);
        Assert.True(Math.Abs(run.FinalLoss!.Value - floor) <= 1e-9 * floor, $"{run.FinalLoss} vs {floor}");
        var end = run.EndSharpness!;
        Assert.True(end.IsExact);
        Assert.True(Math.Abs(end.Value - DataDenseHessian.Largest(end.Problem)) <= 1e-9 * end.Value);
        Assert.True(Math.Abs(run.Sharpness[^1].Value - end.Value) <= 1e-6 * end.Value, "the last HVP-Lanczos estimate is the end point's value");
        Assert.True(end.Value * eta / 2 < 1, "a converged GD run is linearly stable");
    }

    [Fact]
    public void The_run_is_deterministic_and_the_moments_give_the_same_end_point()
    {
        var (initial, data) = Problem();
        var options = new TrainingOptions { Eta = 0.5 / data.Eigenvalues[0], Steps = 3000, SharpnessEvery = 500, StopWhenConverged = false };
        var a = DataTrainer.Run(initial, data, options);
        var b = DataTrainer.Run(initial, data, options);
        Assert.Equal(a.End!.ToVector(), b.End!.ToVector());
        Assert.Equal(a.Losses.Select(l => l.Loss), b.Losses.Select(l => l.Loss));

        var moments = RegressionData.FromCovariance(data.Covariance, data.CrossCovariance);
        var c = DataTrainer.Run(initial, moments, options);
        Assert.True(c.LossIsExcess);
        Assert.False(a.LossIsExcess);
        Assert.True(a.End.Add(c.End!, -1).Norm() <= 1e-10 * a.End.Norm());
        Assert.Throws<ArgumentOutOfRangeException>(() => DataTrainer.Run(initial, data, options with { Flow = true }));
    }

    [Fact]
    public void A_step_far_above_two_over_the_sharpness_diverges()
    {
        var (initial, data) = Problem();
        var run = DataTrainer.Run(initial, data, new TrainingOptions { Eta = 20 / data.Eigenvalues[0], Steps = 5000 });
        Assert.Equal(TrainingOutcome.Diverged, run.Outcome);
        Assert.Null(run.EndSharpness);
    }
}
