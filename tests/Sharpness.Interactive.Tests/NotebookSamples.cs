namespace Sharpness.Interactive.Tests;

/// <summary>A cell a notebook could run, and what its output must carry.</summary>
/// <param name="Name">Test-case name.</param>
/// <param name="Code">The C# cell (after the setup cell and <see cref="NotebookSamples.Usings"/>).</param>
/// <param name="TraceTypes">For a chart: the plotly trace types expected, in order; null for a formatted value.</param>
/// <param name="HtmlMarker">For a formatted value: the CSS class its HTML must carry.</param>
public sealed record NotebookSample(string Name, string Code, string[]? TraceTypes, string? HtmlMarker = null)
{
    public override string ToString() => Name;
}

/// <summary>One cell per chart builder and per formatted type, shared by the in-process and stock-host tests.</summary>
public static class NotebookSamples
{
    /// <summary>Usings and small fixtures every sample may use (F2 of theory §5).</summary>
    public const string Usings = """
        using MathNet.Numerics.LinearAlgebra;
        using Sharpness.Model;
        using Sharpness.Exact;
        using Sharpness.Checks;
        using Sharpness.Verification;
        using Sharpness.Views;
        using Sharpness.Views.Charts;
        Func<double[], Matrix<double>> diag = Matrix<double>.Build.DenseOfDiagonalArray;
        var f2 = DeepFactorization.FromLeftRight(diag(new double[] { 2, 1 }), diag(new double[] { 1, 2 }));
        var ks = Enumerable.Range(0, 50).Select(k => (double)k).ToArray();
        var setting = Sharpness.Dynamics.EscapePresets.DepthTwo(3, 3, 4, seed: 1, radius: 1e-12);
        var gd = new Sharpness.Dynamics.GdOptions { SharpnessEvery = 20, MaxIterations = 4000 };

        """;

    public static IReadOnlyList<NotebookSample> Charts { get; } =
    [
        new("xy", """Charts.XY(ks, ks.Select(k => k * k).ToArray(), "squares", Axis.Linear("k"), Axis.Logarithmic("k² (log scale)"))""", ["scatter"]),
        new("loss", """Charts.LossCurve(ks.Select(k => 1e-20 * Math.Exp(k)).ToArray(), predictedEscapeIteration: 30)""", ["scatter", "scatter"]),
        new("escape", """Charts.EscapeProjections(ks.Select(k => 1e-12 * Math.Exp(0.5 * k)).ToArray(), ks.Select(k => -1e-12 * Math.Exp(0.5 * k)).ToArray(), ks.Select(k => 1e-13).ToArray(), 25)""",
            ["scatter", "scatter", "scatter", "scatter"]),
        new("sharpness-path", """Charts.SharpnessAlongPath(ks.Select(k => 10 - 6 * k / 50).ToArray(), stepSize: 0.25, minimalSharpness: 4)""", ["scatter", "scatter", "scatter"]),
        new("sweep", """
            var etas = new[] { 0.05, 0.1, 0.2, 0.3 };
            Charts.SharpnessVsStepSize(etas, etas.Select(e => Math.Min(8, 2 / e)).ToArray(), etas, etas.Select(e => Math.Min(8, 2 / e)).ToArray(), thresholdStepSize: 0.25)
            """, ["scatter", "scatter", "scatter", "scatter"]),
        new("spectrum", """
            var dense = HessianSpectrum.Of(FactorizationLoss.AtOwnProduct(f2));
            Charts.Spectrum(dense.Nonzero(), dense.Eigenvalues)
            """, ["scatter", "scatter"]),
        new("contour", """
            var grid = Enumerable.Range(-10, 21).Select(i => i / 10.0).ToArray();
            var z = grid.Select(b => grid.Select(a => 0.5 * (8 * a * a) + 1e-3 * b * b).ToArray()).ToArray();
            Charts.LossContour(grid, grid, z, new[] { new Series("GD, η = 0.3", new[] { 0.1, -0.14, 0.2 }, new[] { 0.0, 0.01, 0.02 }) })
            """, ["contour", "scatter"]),
        new("family", """Charts.SharpnessAlongFamily(ks, ks.Select(t => 8 + (t - 25) * (t - 25) / 100).ToArray(), (20.0, 30.0), "flat", minimalSharpness: 8)""", ["scatter", "scatter"]),
        new("gd-loss", "Charts.LossCurve(setting.Run(1.2, gd))", ["scatter", "scatter"]),
        new("gd-escape", "Charts.EscapeProjections(setting.Run(1.2, gd))", ["scatter", "scatter", "scatter", "scatter", "scatter"]),
        new("gd-sharpness", "Charts.SharpnessAlongPath(setting.Run(1.2, gd), setting)", ["scatter", "scatter", "scatter"]),
        new("gd-sweep", "Charts.SharpnessVsStepSize(setting.Sweep(new[] { 0.9, 1.1, 1.2, 1.3 }, gd), setting)",
            ["scatter", "scatter", "scatter", "scatter", "scatter", "scatter", "scatter"]),
        new("gd-contour", """
            var grid = Sharpness.Dynamics.Landscape.LossLandscape.Grid(-0.5, 0.5, 15);
            Charts.LossContour(Sharpness.Dynamics.Landscape.LossLandscape.Slice(setting, grid, grid), new[] { setting.Run(1.2, gd with { SharpnessEvery = 0 }) })
            """, ["contour", "scatter"]),
    ];

    public static IReadOnlyList<NotebookSample> Values { get; } =
    [
        new("factorization", "f2", null, "sharpness-factorization"),
        new("sharpness-result", "ExactSharpness.Of(f2)", null, "sharpness-result"),
        new("spectrum-list", "Spectrum.Of(new double[] { 1, 3, 0, 2 })", null, "sharpness-spectrum"),
        new("hessian-spectrum", "HessianSpectrum.Of(FactorizationLoss.AtOwnProduct(f2))", null, "sharpness-spectrum"),
        new("matrix", "f2.Product()", null, "sharpness-matrix"),
        new("flatness", "Sharpness.Flatness.FlatnessVerdict.Of(f2)", null, "sharpness-flatness"),
        new("bounds", "Sharpness.Flatness.SharpnessBounds.Of(f2)", null, "sharpness-bounds"),
        new("gd-run", "setting.Run(1.2, gd)", null, "sharpness-run"),
        new("gd-sweep-table", "setting.Sweep(new[] { 0.9, 1.2, 3.0 }, gd)", null, "sharpness-sweep"),
        new("gd-setting", "setting", null, "sharpness-setting"),
        new("vector", "Vector<double>.Build.Dense(new double[] { 1, 2, 3 })", null, "sharpness-vector"),
        // A statement, not a value: the passed check reaches the cell's output only through the observer the kit
        // installs around each cell (issue 11: no static reporter hook).
        new("passed-check", "Verify.That(\"a passed check is shown\", true);", null, "sharpness-check"),
    ];

    public static TheoryData<string> ChartNames() => [.. Charts.Select(c => c.Name)];

    public static TheoryData<string> ValueNames() => [.. Values.Select(c => c.Name)];

    public static NotebookSample Find(string name) => Charts.Concat(Values).Single(s => s.Name == name);
}
