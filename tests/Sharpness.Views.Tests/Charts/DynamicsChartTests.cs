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

    [Fact]
    public void LossCurvesOverRadiusShowEachRadiusRunsUnderOneSliderStepInFixedColours()
    {
        double[] radii = [1e-6, 1e-10];
        var runs = radii.SelectMany(eps => new[] { ArithmeticMode.Plain, ArithmeticMode.Delta }
            .Select(mode => Setting.Run(1.2, Options with { Radius = eps, Mode = mode, SharpnessEvery = 0 }))).ToArray();
        using var json = System.Text.Json.JsonDocument.Parse(ChartHtml.FigureJson(KitCharts.LossCurvesOverRadius(runs)));
        var data = json.RootElement.GetProperty("data").EnumerateArray().ToArray();
        var slider = json.RootElement.GetProperty("layout").GetProperty("sliders")[0];
        var steps = slider.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(["1e-06", "1e-10"], steps.Select(st => st.GetProperty("label").GetString()!).Select(l => l.Replace("1.0e", "1e")));

        string ColorOf(System.Text.Json.JsonElement trace) =>
            trace.TryGetProperty("line", out var line) && line.TryGetProperty("color", out var c) ? c.GetString()! : trace.GetProperty("marker").GetProperty("color").GetString()!;
        for (int s = 0; s < steps.Length; s++)
        {
            var visible = steps[s].GetProperty("args")[0].GetProperty("visible").EnumerateArray().Select(v => v.GetBoolean()).ToArray();
            var shown = data.Where((_, i) => visible[i]).ToArray();
            // Both runs of this radius, in both panels (escape window and whole run) — and nothing of the other radius.
            Assert.Equal(2, shown.Count(t => t.GetProperty("name").GetString()!.EndsWith("(whole run)")));
            var names = shown.Select(t => t.GetProperty("name").GetString()!).ToArray();
            Assert.Contains(names, n => n.StartsWith("plain mode"));
            Assert.Contains(names, n => n.StartsWith("delta mode"));
            // The same arithmetic is drawn in the same colour at every radius, so the slider compares like with like.
            Assert.Single(shown.Where(t => t.GetProperty("name").GetString()!.StartsWith("plain mode")).Select(ColorOf).Distinct());
            Assert.Equal(ColorOf(data.First(t => t.GetProperty("name").GetString()!.StartsWith("plain mode"))),
                ColorOf(shown.First(t => t.GetProperty("name").GetString()!.StartsWith("plain mode"))));
            // The escape window of the step reaches past the latest escape at this radius (§3.1: later for smaller ε).
            var range = steps[s].GetProperty("args")[1].GetProperty("xaxis.range").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var atRadius = runs.Where(r => r.Radius == radii[s]).ToArray();
            Assert.True(range[1] >= atRadius.Max(r => r.EscapeIteration ?? 0), $"step {s}: window ends at {range[1]}");
        }
        // Smaller ε escapes later, by ln(10)/ln(2c − 1) iterations per decade in delta mode (theory §3.1).
        var delta = runs.Where(r => r.Mode == ArithmeticMode.Delta).ToArray();
        Assert.Equal(4 * Math.Log(10) / Math.Log(2 * 1.2 - 1), delta[1].EscapeIteration!.Value - delta[0].EscapeIteration!.Value, 1.0);
    }
}
