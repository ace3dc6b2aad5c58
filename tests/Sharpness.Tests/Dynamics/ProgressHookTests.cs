using Sharpness.Dynamics;
using Sharpness.Dynamics.Landscape;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Training;

namespace Sharpness.Tests.Dynamics;

/// <summary>
/// The IProgress hooks of the long operations (issue 15): a single escape run, a landscape grid, Lanczos and the
/// K-Lanczos exact route. Each reports what it did, in order, and gives bit-identical results with and without a
/// progress sink (a report never touches the arithmetic).
/// </summary>
public class ProgressHookTests
{
    private sealed class Collect<T> : IProgress<T>
    {
        public List<T> Reports { get; } = new();

        public void Report(T value)
        {
            lock (Reports) Reports.Add(value);
        }
    }

    [Fact]
    public void An_escape_run_reports_every_4096_iterations_and_once_at_the_end_without_changing_the_run()
    {
        var setting = EscapePresets.DepthTwo(3, 3, 4, seed: 1, radius: 1e-12);
        var options = new GdOptions { MaxIterations = 20_000 };
        var plain = setting.Run(1.1, options);
        var progress = new Collect<EscapeProgress>();
        var reported = setting.Run(1.1, options, progress);

        Assert.Equal(plain.Iterations, reported.Iterations);
        Assert.Equal(plain.Outcome, reported.Outcome);
        Assert.Equal(plain.EscapeIteration, reported.EscapeIteration);
        Assert.Equal(plain.FinalLoss, reported.FinalLoss);
        Assert.Equal(plain.FinalPoint!.ToVector(), reported.FinalPoint!.ToVector());

        var expected = Enumerable.Range(0, plain.Iterations / 4096 + 1).Select(i => i * 4096).Append(plain.Iterations).ToList();
        Assert.Equal(expected, progress.Reports.Select(r => r.Iteration));
        Assert.All(progress.Reports.SkipLast(1), r => Assert.False(r.Finished));
        var last = progress.Reports[^1];
        Assert.True(last.Finished);
        Assert.Equal(20_000, last.MaxIterations);
        Assert.Equal(plain.EscapeIteration, last.EscapeIteration);
        Assert.Equal(plain.FinalLoss, last.Loss);
        Assert.Null(progress.Reports[0].EscapeIteration); // the start is inside δ
    }

    [Fact]
    public void A_landscape_grid_reports_each_row_without_changing_the_values()
    {
        var setting = EscapePresets.ContourMap(seed: 2);
        var alphas = LossLandscape.Grid(-0.5, 0.5, 7);
        var betas = LossLandscape.Grid(-1, 1, 5);
        var plain = LossLandscape.Slice(setting, alphas, betas);
        var progress = new Collect<LandscapeProgress>();
        var reported = LossLandscape.Slice(setting, alphas, betas, progress: progress);
        for (int j = 0; j < betas.Length; j++) Assert.Equal(plain.Values[j], reported.Values[j]);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, progress.Reports.Select(r => r.Rows));
        Assert.All(progress.Reports, r => Assert.Equal((5, 7), (r.TotalRows, r.Columns)));
        Assert.Equal(35, progress.Reports[^1].Points);
    }

    [Fact]
    public void Lanczos_reports_each_step_and_the_k_route_forwards_its_progress()
    {
        // Depth 3 with mn = 64 > DenseLimit: the matrix-free K-Lanczos route.
        var rng = new Random(5);
        var w = new DeepFactorization(RandomMatrices.Gaussian(rng, 6, 8), RandomMatrices.Gaussian(rng, 6, 6), RandomMatrices.Gaussian(rng, 8, 6));
        var plain = ExactSharpness.Of(w);
        Assert.Equal(SharpnessRoute.LanczosK, plain.Route);
        var progress = new Collect<LanczosProgress>();
        var reported = ExactSharpness.Of(w, options: new ExactSharpnessOptions { Progress = progress });
        Assert.Equal(plain.Value, reported.Value);
        Assert.Equal(plain.Iterations, reported.Iterations);
        Assert.Equal(Enumerable.Range(1, reported.Iterations), progress.Reports.Select(r => r.Steps));
        Assert.All(progress.Reports, r => Assert.Equal(64, r.MaxSteps));
        Assert.Equal(progress.Reports.Select(r => r.Steps), progress.Reports.Select(r => r.Applications));
    }

    [Fact]
    public void Training_marks_its_last_report_finished_also_when_it_stops_early()
    {
        var rng = new Random(1);
        var target = TestData.Gaussian(rng, 2, 3);
        var initial = Initialization.Gaussian(1, 1).Create([3, 4, 5, 2]);
        var options = new TrainingOptions { Eta = 0.05, Steps = 100_000, SharpnessEvery = 0 };
        var progress = new Collect<TrainingProgress>();
        var run = Trainer.Run(initial, target, options, progress);
        var plain = Trainer.Run(initial, target, options);
        Assert.Equal(plain.GradientDescent.End!.Point.ToVector(), run.GradientDescent.End!.Point.ToVector());
        Assert.True(progress.Reports.Count >= 2);
        Assert.All(progress.Reports.SkipLast(1), r => Assert.False(r.Finished));
        var last = progress.Reports[^1];
        Assert.True(last.Finished);
        Assert.Equal(100_000, last.TotalSteps);
        Assert.True(last.Step < last.TotalSteps, $"expected an early stop (converged), got step {last.Step}");
    }
}
