using Sharpness.Dynamics;
using Sharpness.Dynamics.Landscape;
using Sharpness.Views.Charts;
using KitCharts = Sharpness.Views.Charts.Charts;

namespace Sharpness.Views.Tests.Charts;

/// <summary>The typed chart overloads draw what the GD results contain, with the theory marks of theory §3.</summary>
public sealed class DynamicsChartTests
{
    private static readonly EscapeSetting Setting = EscapePresets.DepthTwo(3, 3, 4, seed: 1, radius: 1e-12);
    private static readonly GdOptions Options = new() { SharpnessEvery = 20, MaxIterations = 4000 };
    private static readonly EscapeRun Run = Setting.Run(1.2, Options);

    [Fact]
    public void LossCurveOfARunMarksTheoryEscapeIteration()
    {
        var info = FigureInfo.Of(KitCharts.LossCurve(Run));
        var loss = info.Traces[0];
        var positive = Run.Trajectory.Samples.Where(s => s.Loss > 0).ToArray();
        Assert.Equal(positive.Select(s => s.Loss), loss.Y);
        // Theory §3.1: k_esc ≈ ln(δ/ε)/ln(2c − 1).
        double predicted = Math.Log(Run.EscapeDistance / Run.Radius) / Math.Log(2 * 1.2 - 1);
        var marker = Assert.Single(info.Traces, t => t.Name!.StartsWith("predicted escape"));
        Assert.Equal(predicted, marker.X[0], 9);
        Assert.Contains(Run.SettingName, info.Title);
    }

    [Fact]
    public void LossCurvesOfASweepMarkEachPredictedEscapeWhereTheLinearTheoryPutsIt()
    {
        var sweep = Setting.Sweep([0.9, 1.1, 1.2], Options);
        var info = FigureInfo.Of(KitCharts.LossCurves(sweep, "sweep"));
        // Two panels: one escape-window trace per run (named by its step) and one whole-run trace per run on the log axis.
        Assert.Equal(3, info.Traces.Count(t => t.Name!.StartsWith("η = ") && !t.Name.Contains("(whole run)")));
        Assert.Equal(3, info.Traces.Count(t => t.Name!.EndsWith("(whole run)")));
        // c = 0.9 does not escape, so it has no marker; the others sit at ln(δ/ε)/ln(2c − 1) and loss ½λ*δ² (§3.1),
        // one marker per run, in the run's colour.
        var markers = info.Traces.Where(t => t.Name!.StartsWith("predicted escape")).ToArray();
        double[] cs = [1.1, 1.2];
        Assert.Equal(cs.Length, markers.Length);
        for (int i = 0; i < cs.Length; i++)
        {
            Assert.Equal(Math.Log(Options.EscapeDistance / Setting.DefaultRadius) / Math.Log(2 * cs[i] - 1), markers[i].X[0], 9);
            Assert.Equal(0.5 * Setting.Lambda * Options.EscapeDistance * Options.EscapeDistance, markers[i].Y[0], 12);
        }
        Assert.All(info.Traces, t => Assert.True(t.XLength <= KitCharts.MaxLinePoints, $"{t.Name}: {t.XLength} points"));
    }

    [Fact]
    public void EscapeChartShowsDistanceProjectionsAndTheEscapeDistance()
    {
        var info = FigureInfo.Of(KitCharts.EscapeProjections(Run));
        var distance = Assert.Single(info.Named("‖W_k − W*‖"));
        Assert.Equal(Run.Trajectory.Samples.Where(s => s.Distance > 0).Select(s => s.Distance), distance.Y);
        var delta = Assert.Single(info.Traces, t => t.Name!.StartsWith("escape distance"));
        Assert.Equal([Run.EscapeDistance, Run.EscapeDistance], delta.Y);
        Assert.Single(info.Named("|⟨W_k − W*, v₁⟩|"));
        Assert.Single(info.Named("|⟨W_k − W*, v_N⟩|"));
    }

    [Fact]
    public void SharpnessAlongTheRunUsesItsStepSizeAndTheSettingsMinimum()
    {
        Assert.NotEmpty(Run.Trajectory.Sharpness);
        var info = FigureInfo.Of(KitCharts.SharpnessAlongPath(Run, Setting));
        Assert.Equal(Run.Trajectory.Sharpness.Select(s => s.Value), info.Traces[0].Y);
        Assert.Equal(2 / Run.Eta, Assert.Single(info.Traces, t => t.Name!.StartsWith("2/η")).Y[0], 12);
        Assert.Equal(Setting.MinimalSharpness, Assert.Single(info.Traces, t => t.Name!.StartsWith("minimal")).Y[0], 12);
    }

    [Fact]
    public void SweepChartShowsConvergedFinalSharpnessAndBothThresholds()
    {
        var sweep = Setting.Sweep([0.9, 1.1, 1.2, 5.0], Options);
        var info = FigureInfo.Of(KitCharts.SharpnessVsStepSize(sweep, Setting));
        var converged = sweep.Where(r => r.Outcome == RunOutcome.Converged).ToArray();
        var points = Assert.Single(info.Named("converged: final λmax"));
        Assert.Equal(converged.Select(r => r.FinalSharpness!.Value), points.Y);
        Assert.Equal(converged.Select(r => r.Eta), points.X);
        var escape = Assert.Single(info.Traces, t => t.Name!.StartsWith("escape threshold"));
        Assert.Equal(2 / Setting.Lambda, escape.X[0], 12);
        var stable = Assert.Single(info.Traces, t => t.Name!.StartsWith("η = 2/s_min"));
        Assert.Equal(2 / Setting.MinimalSharpness, stable.X[0], 12);
        Assert.Contains(sweep, r => r.Outcome != RunOutcome.Converged); // c = 5 > ρ cannot converge (theory §3.2)
        Assert.Single(info.Traces, t => t.Name!.StartsWith("did not converge"));
    }

    [Fact]
    public void ContourOfASliceOverlaysTheProjectedPath()
    {
        var grid = LossLandscape.Grid(-0.5, 0.5, 11);
        var slice = LossLandscape.Slice(Setting, grid, grid);
        var run = Setting.Run(1.2, Options with { SharpnessEvery = 0 });
        var info = FigureInfo.Of(KitCharts.LossContour(slice, [run]));
        Assert.Equal("contour", info.Traces[0].Type);
        Assert.Equal(11, info.Traces[0].ZLength);
        var path = info.Traces[1];
        var projected = slice.Project(run.Trajectory);
        Assert.Equal(projected.Where(p => double.IsFinite(p.Alpha) && double.IsFinite(p.Beta)).Select(p => p.Alpha), path.X);
    }
}
