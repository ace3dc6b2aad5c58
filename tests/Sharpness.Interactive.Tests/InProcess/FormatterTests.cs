using Sharpness.Views.Formatting;

namespace Sharpness.Interactive.Tests.InProcess;

/// <summary>The kit's formatters as a notebook sees them: setup cell, then cells returning each formatted type.</summary>
[Collection(InProcessCollection.Name)]
public sealed class FormatterTests(InProcessKernel kernel)
{
    [Fact]
    public async Task SharpnessResultShowsValueRouteResidualIterationsAndZeroLoss()
    {
        // F2 (theory §5): L = diag(2,1), R = diag(1,2): depth-2 closed form ‖L‖₂² + ‖R‖₂² = 8.
        var output = await kernel.RunOkAsync("""
            ExactSharpness.Of(f2)
            """);
        string html = output.Html;
        Assert.Contains("class=\"sharpness-result\"", html);
        Assert.Contains("<b>8</b>", html);
        Assert.Contains("DepthTwo", html);
        Assert.Contains("0.25", html); // 2/λmax
        Assert.Contains("zero-loss point", html);
        Assert.Contains(">yes<", html);
    }

    [Fact]
    public async Task FactorizationShowsShapesNormsAndSpectralProducts()
    {
        // F2: W1 = Rᵀ = diag(1,2), W2 = L = diag(2,1). By hand: ‖W_i‖_F = √5, ‖W_i‖₂ = 2, A1 = W2, B1 = I, A2 = I,
        // B2 = W1, so every ‖A_i‖₂‖B_i‖₂ = 2 and Σ‖A_i‖₂²‖B_i‖₂² = 8 (= λmax, theory F2).
        var output = await kernel.RunOkAsync("f2");
        string html = output.Html;
        Assert.Contains("class=\"sharpness-factorization\"", html);
        Assert.Contains("depth N = 2", html);
        Assert.Contains("(2, 2, 2)", html);
        Assert.Contains("2×2", html);
        Assert.Contains(Numbers.Html(Math.Sqrt(5)), html);
        Assert.Contains("‖A_i‖₂‖B_i‖₂", html);
        Assert.Equal(2, CountOf(html, ">W1<") + CountOf(html, ">W2<"));
        Assert.Contains(">8 <span", html);
    }

    [Fact]
    public async Task MatricesAndVectorsAreCompactAndTruncated()
    {
        var small = await kernel.RunOkAsync("Matrix<double>.Build.DenseOfArray(new double[,] { { 1.5, -2 }, { 0.000015, 7e8 } })");
        Assert.Contains("class=\"sharpness-matrix\"", small.Html);
        Assert.Contains("Matrix 2×2", small.Html);
        Assert.Contains("1.5", small.Html);
        Assert.Contains("1.5 × 10<sup>−5</sup>", small.Html);
        Assert.Contains("7 × 10<sup>8</sup>", small.Html);

        var large = await kernel.RunOkAsync("Matrix<double>.Build.Dense(30, 40, (i, j) => i * 100 + j)");
        Assert.Contains("Matrix 30×40", large.Html);
        Assert.Contains("⋮", large.Html);
        Assert.Contains(">2939<", large.Html);           // the last entry (29, 39) is shown
        Assert.DoesNotContain(">1520<", large.Html);      // a middle entry is not
        Assert.True(large.Html.Length < 20_000, $"{large.Html.Length} characters for a truncated 30×40 matrix");

        var vector = await kernel.RunOkAsync("Vector<double>.Build.Dense(100, i => i)");
        Assert.Contains("class=\"sharpness-vector\"", vector.Html);
        Assert.Contains("Vector (100)", vector.Html);
        Assert.Contains(">99<", vector.Html);
    }

    [Fact]
    public async Task SpectraShowExtremesAndNonzeroCount()
    {
        var listed = await kernel.RunOkAsync("Spectrum.Of(new double[] { 1, 3, 0, 2 }, \"toy\")");
        Assert.Contains("class=\"sharpness-spectrum\"", listed.Html);
        Assert.Contains("toy", listed.Html);
        Assert.Contains("4 eigenvalues", listed.Html);
        Assert.Contains("3 (|λ|", listed.Html); // three nonzero

        // Brute-force Hessian spectrum at F2: its largest eigenvalue is the spec's λmax = 8.
        var dense = await kernel.RunOkAsync("HessianSpectrum.Of(FactorizationLoss.AtOwnProduct(f2))");
        Assert.Contains("8 eigenvalues", dense.Html);
        Assert.Matches(@"largest</th><td[^>]*>(8|7\.99999999\d*|8\.000000000?\d*)<", dense.Html);
    }

    [Fact]
    public async Task DegenerateValuesFormatWithoutErrors()
    {
        var depthOne = await kernel.RunOkAsync("new DeepFactorization(Matrix<double>.Build.Dense(2, 3, 1.0))");
        Assert.Contains("depth N = 1", depthOne.Html);
        var depthOneResult = await kernel.RunOkAsync("ExactSharpness.Of(new DeepFactorization(Matrix<double>.Build.Dense(2, 3, 1.0)))");
        Assert.Contains("DepthOne", depthOneResult.Html);
        var zeroTarget = await kernel.RunOkAsync("ExactSharpness.Of(new DeepFactorization(Matrix<double>.Build.Dense(2, 2), Matrix<double>.Build.Dense(2, 2)))");
        Assert.Contains("class=\"sharpness-result\"", zeroTarget.Html);
        var empty = await kernel.RunOkAsync("Spectrum.Of(new double[0])");
        Assert.Contains("(empty)", empty.Html);
        var zeroPoint = "new DeepFactorization(Matrix<double>.Build.Dense(2, 2), Matrix<double>.Build.Dense(2, 2))";
        foreach (var code in new[]
        {
            $"Sharpness.Flatness.FlatnessVerdict.Of({zeroPoint})",
            $"Sharpness.Flatness.SharpnessBounds.Of({zeroPoint})",
            "Sharpness.Flatness.SharpnessBounds.Of(new DeepFactorization(Matrix<double>.Build.Dense(1, 1, 3.0)))",
            "(IReadOnlyList<Sharpness.Dynamics.EscapeRun>)Array.Empty<Sharpness.Dynamics.EscapeRun>()",
            "Vector<double>.Build.Dense(1)",
        })
        {
            var output = await kernel.RunOkAsync(code);
            Assert.Contains("class=\"sharpness-", output.Html);
            Assert.DoesNotContain("could not be formatted", output.Html);
        }
    }

    [Fact]
    public async Task FlatnessVerdictShowsVerdictRatioAndReason()
    {
        // F2: λ = 8 and s_min = N‖M‖₂^(2−2/N) = 2·2 = 4 (theory §2.7), so ρ = 2 and F2 is not flat.
        // L = R = √2·I has the same M = 2I and λ = ‖L‖₂² + ‖R‖₂² = 4 = s_min: flat.
        var sharp = await kernel.RunOkAsync("Sharpness.Flatness.FlatnessVerdict.Of(f2)");
        Assert.Contains("class=\"sharpness-flatness\"", sharp.Html);
        Assert.Contains("Flatness verdict: not flat", sharp.Html);
        Assert.Contains("s_min = 4,", sharp.Html);
        Assert.Contains("ρ = λ/s_min = 2<", sharp.Html);
        Assert.Contains("✗", sharp.Html);                     // the ✓/✗ table of conditions
        Assert.Contains("SB-w without SB-s", sharp.Html);     // the one sentence that says which condition decides
        var flat = await kernel.RunOkAsync("Sharpness.Flatness.FlatnessVerdict.Of(DeepFactorization.FromLeftRight(diag(new[] { Math.Sqrt(2), Math.Sqrt(2) }), diag(new[] { Math.Sqrt(2), Math.Sqrt(2) })))");
        Assert.Contains("Flatness verdict: flat", flat.Html);
        Assert.Contains("ρ = λ/s_min = 1<", flat.Html);
    }

    [Fact]
    public async Task BoundsShowLowerUpperAndTerms()
    {
        // F2 by hand: ‖A₁‖₂²‖B₁‖₂² = ‖L‖₂² = 4 and ‖A₂‖₂²‖B₂‖₂² = ‖Rᵀ‖₂² = 4: 4 ≤ λmax ≤ 8.
        var output = await kernel.RunOkAsync("Sharpness.Flatness.SharpnessBounds.Of(f2)");
        Assert.Contains("class=\"sharpness-bounds\"", output.Html);
        Assert.Matches(@"lower</th><td[^>]*>4<", output.Html);
        Assert.Matches(@"upper</th><td[^>]*>8<", output.Html);
    }

    [Fact]
    public async Task SetupIsIdempotent()
    {
        await kernel.RunOkAsync(KitPaths.SetupCell);
        await kernel.RunOkAsync("Sharpness.Interactive.Kit.Load(); Sharpness.Interactive.Kit.Load();");
        var output = await kernel.RunOkAsync("ExactSharpness.Of(f2)");
        Assert.Equal(1, CountOf(output.Html, "class=\"sharpness-result\""));
    }

    [Fact]
    public async Task SetupImportsTheViewsNamespaces()
    {
        // TableView (Sharpness.Views.Formatting) is named by no using of the samples: only the setup's prelude imports it.
        var output = await kernel.RunOkAsync("typeof(TableView).FullName + \"|\" + typeof(Spectrum).Assembly.GetName().Name");
        Assert.Contains("Sharpness.Views.Formatting.TableView|Sharpness.Views", output.Plain + output.Html);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
