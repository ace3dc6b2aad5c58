using Plotly.NET;
using Sharpness.Views.Charts;
using KitCharts = Sharpness.Views.Charts.Charts;

namespace Sharpness.Views.Tests.Charts;

/// <summary>Each chart builder's figure: traces, reference lines, axes and titles (through <see cref="FigureInfo"/>).</summary>
public sealed class ChartBuilderTests
{
    private static readonly double[] Ks = Enumerable.Range(0, 50).Select(k => (double)k).ToArray();

    private static FigureInfo Inspect(GenericChart chart)
    {
        var info = FigureInfo.Of(chart);
        Assert.False(string.IsNullOrWhiteSpace(info.Title));
        Assert.False(string.IsNullOrWhiteSpace(info.XAxis.Title));
        Assert.False(string.IsNullOrWhiteSpace(info.YAxis.Title));
        Assert.Equal(info.Traces.Count > 1, info.ShowLegend);
        return info;
    }

    [Fact]
    public void LossCurveIsLogScaleWithTheEscapeMarked()
    {
        var loss = Ks.Select(k => k == 3 ? 0 : 1e-20 * Math.Exp(k)).ToArray(); // one zero: cannot be drawn on a log axis
        var info = Inspect(KitCharts.LossCurve(loss, predictedEscapeIteration: 30));
        Assert.Equal("log", info.YAxis.Type);
        Assert.Contains("log scale", info.YAxis.Title);
        var curve = info.Traces[0];
        Assert.Equal(49, curve.YLength);
        Assert.DoesNotContain(3.0, curve.X);
        var escape = Assert.Single(info.Traces, t => t.Name!.StartsWith("predicted escape"));
        Assert.Equal([30.0, 30.0], escape.X);
        Assert.Equal(loss.Where(l => l > 0).Min(), escape.Y[0]);
        Assert.Equal(loss.Max(), escape.Y[1]);
    }

    [Fact]
    public void EscapeProjectionsPlotAbsoluteValuesOnALogAxis()
    {
        var proj = Ks.Select(k => -Math.Pow(2, k) * 1e-12).ToArray();
        var info = Inspect(KitCharts.EscapeProjections(proj.Select(Math.Abs).ToArray(), proj, Ks.Select(_ => 1e-13).ToArray()));
        Assert.Equal(3, info.Traces.Count);
        Assert.Equal("log", info.YAxis.Type);
        Assert.All(info.Traces[1].Y, y => Assert.True(y > 0));
        Assert.Equal(Math.Pow(2, 49) * 1e-12, info.Traces[1].Y[^1], 1e-9);
        var linear = Inspect(KitCharts.EscapeProjections(proj.Select(Math.Abs).ToArray(), proj, logScale: false));
        Assert.Equal("linear", linear.YAxis.Type);
        Assert.Equal(proj[^1], linear.Traces[1].Y[^1]);
    }

    [Fact]
    public void SharpnessAlongPathDrawsTwoOverEtaAndTheMinimalSharpness()
    {
        var info = Inspect(KitCharts.SharpnessAlongPath(Ks.Select(k => 10 - k / 10).ToArray(), stepSize: 0.25, minimalSharpness: 4));
        var threshold = Assert.Single(info.Traces, t => t.Name!.StartsWith("2/η"));
        Assert.Equal([8.0, 8.0], threshold.Y);
        Assert.Equal([0.0, 49.0], threshold.X);
        Assert.Equal("dot", threshold.Dash);
        var flat = Assert.Single(info.Traces, t => t.Name!.StartsWith("minimal sharpness"));
        Assert.Equal([4.0, 4.0], flat.Y);
        Assert.Throws<ArgumentOutOfRangeException>(() => KitCharts.SharpnessAlongPath([1.0], stepSize: 0));
    }

    [Fact]
    public void SweepShowsTheoryMeasuredPointsEdgeOfStabilityAndThreshold()
    {
        double[] etas = [0.05, 0.1, 0.2, 0.4];
        double[] final = [8, 8, 7.5, 5];
        var info = Inspect(KitCharts.SharpnessVsStepSize(etas, final, etas, [8, 8, 8, 5], thresholdStepSize: 0.25, logStepSize: true));
        Assert.Equal("log", info.XAxis.Type);
        var measured = Assert.Single(info.Traces, t => t.Mode == "markers");
        Assert.Equal(final, measured.Y);
        var edge = Assert.Single(info.Traces, t => t.Name!.StartsWith("2/η"));
        for (int i = 0; i < edge.X.Count; i++) Assert.Equal(2 / edge.X[i], edge.Y[i], 12);
        Assert.Equal(0.05, edge.X[0], 12);
        Assert.Equal(0.4, edge.X[^1], 12);
        var threshold = Assert.Single(info.Traces, t => t.Name!.StartsWith("threshold"));
        Assert.Equal([0.25, 0.25], threshold.X);
        Assert.Throws<ArgumentException>(() => KitCharts.SharpnessVsStepSize(etas, final, etas, null));
    }

    [Fact]
    public void SpectrumSortsLargestFirstAndOverlaysExactOnBruteForce()
    {
        var info = Inspect(KitCharts.Spectrum([1.0, 8.0, 3.0], [0.0, 3.0, 8.0, 1.0]));
        var brute = info.Traces[0];
        var exact = info.Traces[1];
        Assert.Equal("exact", exact.Name);
        Assert.Equal([8.0, 3.0, 1.0], exact.Y);
        Assert.Equal([1.0, 2.0, 3.0], exact.X);
        Assert.Equal([8.0, 3.0, 1.0, 0.0], brute.Y);
        var log = Inspect(KitCharts.Spectrum([1.0, 8.0], [0.0, 8.0, 1.0], logScale: true));
        Assert.Equal(2, log.Traces[0].YLength); // the zero eigenvalue cannot be drawn on a log axis
    }

    [Fact]
    public void LossContourHasTheGridAndThePaths()
    {
        double[] a = [-1, 0, 1], b = [-2, -1, 0, 1, 2];
        var z = b.Select(bj => a.Select(ai => ai * ai + 0.01 * bj * bj).ToArray()).ToArray();
        var info = Inspect(KitCharts.LossContour(a, b, z, [new Series("GD", [0.5, -0.4, 0.3], [0, 0.1, 0.2])]));
        Assert.Equal("contour", info.Traces[0].Type);
        Assert.Equal(5, info.Traces[0].ZLength);
        Assert.Equal("GD", info.Traces[1].Name);
        Assert.Contains("v₁", info.XAxis.Title);
        Assert.Contains("v_N", info.YAxis.Title);
        var wrong = Assert.Throws<ArgumentException>(() => KitCharts.LossContour(a, b, z.Take(2).ToArray()));
        Assert.Contains("5 rows", wrong.Message);
    }

    [Fact]
    public void FamilyChartShadesTheInterval()
    {
        var info = Inspect(KitCharts.SharpnessAlongFamily(Ks, Ks.Select(t => 8 + (t - 25) * (t - 25)).ToArray(), (20.0, 30.0), "flat", 8));
        var band = Assert.Single(info.Shapes);
        Assert.Equal("rect", band.Type);
        Assert.Equal(20.0, band.X0);
        Assert.Equal(30.0, band.X1);
        Assert.Equal("paper", band.YRef);
        Assert.Contains("flat", info.XAxis.Title);
        Assert.Throws<ArgumentException>(() => KitCharts.SharpnessAlongFamily(Ks, Ks, (3.0, 1.0)));
    }

    [Fact]
    public void GenericXYChartTakesSeveralSeries()
    {
        var info = Inspect(KitCharts.XY([new Series("a", [1, 2], [3, 4]), new Series("b", [1, 2, 3], [5, 6, 7], Points: true)],
            "two series", Axis.Linear("x"), Axis.Linear("y")));
        Assert.Equal(["a", "b"], info.Traces.Select(t => t.Name));
        Assert.Equal("markers", info.Traces[1].Mode);
        var mismatch = Assert.Throws<ArgumentException>(() => KitCharts.XY([1.0, 2.0], [1.0], "t", Axis.Linear("x"), Axis.Linear("y")));
        Assert.Contains("2 values", mismatch.Message);
        Assert.Contains("1", mismatch.Message);
    }

    [Fact]
    public void EmptyInputsGiveEmptyChartsNotErrors()
    {
        Inspect(KitCharts.LossCurve([], predictedEscapeIteration: 3));
        Inspect(KitCharts.EscapeProjections([], []));
        Inspect(KitCharts.SharpnessAlongPath([], 0.1, 1));
        Inspect(KitCharts.SharpnessVsStepSize([], []));
        Inspect(KitCharts.Spectrum([], []));
        Inspect(KitCharts.SharpnessAlongFamily([], [], (0.0, 1.0)));
        Inspect(KitCharts.XY([], [], "empty", Axis.Linear("x"), Axis.Linear("y")));
        Assert.All([KitCharts.LossCurve([]), KitCharts.Spectrum([])], c => Assert.Contains("sharpness-chart", ChartHtml.Fragment(c)));
    }
}
