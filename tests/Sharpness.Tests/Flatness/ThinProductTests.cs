using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.LinearAlgebra;
using Sharpness.Measures;
using Sharpness.Model;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Flatness;

/// <summary>Issue 13, item 3: a wide network whose product is low rank (m × d times d × n, d ≪ m, n) gets its whole
/// zero-loss report from the thin factors — the SVD of M through thin QRs and a d × d core, F2 in low-rank form —
/// and agrees with the dense computation on the formed product (MathNet's SVD, the m × m Grams) to rounding.</summary>
public class ThinProductTests
{
    private static Matrix<double> Gaussian(int rows, int columns, int seed, double scale = 1)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => scale * (rng.NextDouble() - 0.5));
    }

    [Theory]
    [InlineData(140, 8, 120)] // OfProduct itself has no size threshold (only the routes that choose it do)
    [InlineData(90, 5, 130)]
    public void The_thin_svd_of_a_product_agrees_with_the_dense_svd_of_the_formed_product(int m, int d, int n)
    {
        var a = Gaussian(m, d, 1);
        var b = Gaussian(d, n, 2);
        var product = a * b;
        var thin = CompactSvd.OfProduct(a, b);
        var dense = product.Svd(computeVectors: true); // MathNet's own SVD, not the kit's
        Assert.Equal(d, thin.Rank);
        Assert.Equal(Math.Min(m, n), thin.SingularValues.Count);
        for (int i = 0; i < d; i++) AssertRel(dense.S[i], thin.SingularValues[i], 1e-12, $"σ_{i + 1}");
        for (int i = d; i < thin.SingularValues.Count; i++) Assert.Equal(0, thin.SingularValues[i]);
        // U Σ Vᵀ rebuilds the product, and the top pair is MathNet's up to sign.
        var rebuilt = thin.U * Matrix<double>.Build.DenseOfDiagonalArray(thin.RetainedValues.ToArray()) * thin.V.Transpose();
        Assert.True((rebuilt - product).FrobeniusNorm() <= 1e-13 * product.FrobeniusNorm());
        var (u, v) = thin.TopPair();
        AssertRel(1, Math.Abs(u.DotProduct(dense.U.Column(0))), 1e-12, "|⟨u, u_dense⟩|");
        AssertRel(1, Math.Abs(v.DotProduct(dense.VT.Row(0))), 1e-12, "|⟨v, v_dense⟩|");

        // The comparison can fail: a product off by 1e-9 in one factor is told apart.
        var off = CompactSvd.OfProduct(a * (1 + 1e-9), b);
        Assert.True(Math.Abs(off.Largest - dense.S[0]) > 1e-12 * dense.S[0]);
    }

    [Fact]
    public void The_thin_svd_finds_a_rank_below_the_inner_width_and_scales_exactly()
    {
        // rank 3 through an inner width of 8
        var a = Gaussian(700, 3, 3) * Gaussian(3, 8, 4);
        var b = Gaussian(8, 650, 5);
        var thin = CompactSvd.OfProduct(a, b);
        var dense = CompactSvd.Of(a * b);
        Assert.Equal(3, dense.Rank);
        Assert.Equal(3, thin.Rank);
        for (int i = 0; i < 3; i++) AssertRel(dense.SingularValues[i], thin.SingularValues[i], 1e-12, $"σ_{i + 1}");
        // 2^300 on A and 2^-500 on B: the values are 2^-200 times, exactly.
        var scaled = CompactSvd.OfProduct(PowerOfTwo.Scale(a, 300), PowerOfTwo.Scale(b, -500));
        for (int i = 0; i < 3; i++) Assert.Equal(Math.ScaleB(thin.SingularValues[i], -200), scaled.SingularValues[i]);
        Assert.Equal(0, CompactSvd.OfProduct(a, Matrix<double>.Build.Dense(8, 650)).Rank);
    }

    public static TheoryData<int[]> ThinNetworks => new()
    {
        new[] { 600, 8, 700 },      // L 700×8, R 8×600 (M 700 × 600, rank 8)
        new[] { 640, 6, 9, 600 },   // depth 3, narrowest width 6
        new[] { 600, 8, 8, 8, 600 }, // depth 4
    };

    [Theory]
    [MemberData(nameof(ThinNetworks))]
    public void The_report_of_an_own_thin_product_agrees_with_the_dense_report_and_never_forms_the_product(int[] widths)
    {
        var layers = Enumerable.Range(0, widths.Length - 1).Select(i => Gaussian(widths[i + 1], widths[i], 10 + i, 2 / Math.Sqrt(widths[i]))).ToArray();
        var thinPoint = new DeepFactorization(layers);
        Assert.True(thinPoint.HasThinProduct);
        var own = ZeroLossPoint.Create(thinPoint); // M := P(W), not formed
        Assert.NotNull(TargetSvd.ThinFactors(own));
        var lambda = ExactSharpness.Of(own);
        var verdict = FlatnessVerdict.Of(own, lambda);
        _ = verdict.Reason;
        double trace = HessianTrace.Of(own), frobenius = HessianFrobeniusNorm.Of(own);
        Assert.Null(thinPoint.CachedProduct);           // the m × n product was never formed …
        Assert.Null(own.Scaling.Unit.CachedProduct);

        // … and the same report with M given explicitly (dense SVD of the formed M, dense Grams) agrees.
        var densePoint = new DeepFactorization(layers);
        var explicitM = ZeroLossPoint.Create(densePoint, densePoint.Product());
        Assert.Null(TargetSvd.ThinFactors(explicitM));
        var denseLambda = ExactSharpness.Of(explicitM);
        var dense = FlatnessVerdict.Of(explicitM, denseLambda);
        AssertRel(denseLambda.Value, lambda.Value, 1e-12, "λ");
        AssertRel(dense.MinimalSharpness, verdict.MinimalSharpness, 1e-12, "s_min");
        AssertRel(dense.Ratio, verdict.Ratio, 1e-12, "ρ");
        Assert.Equal(dense.IsFlat, verdict.IsFlat);
        AssertRel(dense.TopDirection.RayleighQuotient, verdict.TopDirection.RayleighQuotient, 1e-10, "⟨uvᵀ, K uvᵀ⟩");
        for (int i = 0; i < layers.Length; i++)
        {
            AssertRel(dense.TopDirection.DirectionalProducts[i], verdict.TopDirection.DirectionalProducts[i], 1e-10, $"‖A_iᵀu‖‖B_iv‖, layer {i + 1}");
            AssertRel(dense.Spectral.Products[i], verdict.Spectral.Products[i], 1e-12, $"p_{i + 1}");
        }
        for (int i = 0; i + 1 < layers.Length; i++)
            AssertRel(dense.Frobenius.GramMismatch[i], verdict.Frobenius.GramMismatch[i], 1e-12, $"F2 mismatch {i + 1}");
        AssertRel(HessianTrace.Of(explicitM), trace, 1e-12, "tr H");
        AssertRel(HessianFrobeniusNorm.Of(explicitM), frobenius, 1e-12, "‖H‖_F");
        // s_min = N σ₁^(2−2/N) with σ₁ from MathNet's SVD of the formed product (independent of the kit's SVD).
        int depth = layers.Length;
        AssertRel(depth * Math.Pow(densePoint.Product().Svd(computeVectors: false).S[0], 2 - 2.0 / depth), verdict.MinimalSharpness, 1e-12, "s_min vs MathNet");
    }

    [Fact]
    public void A_balanced_thin_minimizer_is_flat_and_F2_balanced_and_a_perturbed_one_is_not()
    {
        // M = U Σ Vᵀ (rank 6, 800 × 700); L = U √Σ, R = √Σ Vᵀ is F2-balanced (LᵀL = RRᵀ = Σ) and flat.
        var u = Gaussian(800, 6, 21).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        var v = Gaussian(700, 6, 22).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        var root = Matrix<double>.Build.DenseOfDiagonalArray([3, 2.5, 2, 1.5, 1, 0.5]);
        var balanced = new DeepFactorization(root * v.Transpose(), u * root);
        Assert.True(balanced.HasThinProduct);
        var verdict = FlatnessVerdict.Of(balanced);
        Assert.True(verdict.IsFlat, verdict.Reason);
        Assert.True(verdict.Frobenius.IsGradientFlowBalanced, $"F2 mismatch {verdict.Frobenius.GramMismatch[0]:G3}");
        Assert.True(verdict.Frobenius.GramMismatch[0] <= 1e-14);
        AssertRel(2 * 9, verdict.MinimalSharpness, 1e-13, "s_min = 2σ₁");

        // L·2, R/2: the same M, F2 off by far more than rounding, not flat.
        var tilted = new DeepFactorization(root * v.Transpose() * 0.5, u * root * 2);
        var off = FlatnessVerdict.Of(tilted);
        Assert.False(off.IsFlat);
        Assert.False(off.Frobenius.IsGradientFlowBalanced);
        // ‖4RRᵀ·… ‖: LᵀL = 4Σ², RRᵀ = Σ²/4, so the mismatch is ‖(4 − 1/4)Σ²‖_F / (4‖Σ‖_F²)... computed densely:
        var l = u * root * 2;
        var r = root * v.Transpose() * 0.5;
        double expected = (l.TransposeThisAndMultiply(l) - r.TransposeAndMultiply(r)).FrobeniusNorm() / Math.Max(Math.Pow(l.FrobeniusNorm(), 2), Math.Pow(r.FrobeniusNorm(), 2));
        AssertRel(expected, off.Frobenius.GramMismatch[0], 1e-12, "F2 mismatch");
    }

    [Fact]
    public void The_low_rank_F2_difference_agrees_with_the_dense_grams_of_a_wide_hidden_layer()
    {
        // W1 200×8 (hidden width 200), W2 7×200: the Grams are 200 × 200, the difference has rank ≤ 15.
        var w1 = Gaussian(200, 8, 31);
        var w2 = Gaussian(7, 200, 32);
        double dense = (w2.TransposeThisAndMultiply(w2) - w1.TransposeAndMultiply(w1)).FrobeniusNorm();
        AssertRel(dense, FrobeniusBalance.LowRankDifference(w2, w1), 1e-13, "‖W2ᵀW2 − W1W1ᵀ‖_F");
        // and a balanced pair (W2ᵀW2 = W1W1ᵀ exactly in exact arithmetic) gives rounding, not √ε.
        var q = Gaussian(200, 8, 33).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        var s = Matrix<double>.Build.DenseOfDiagonalArray([4, 3, 3, 2, 1, 1, 0.5, 0.25]);
        double balanced = FrobeniusBalance.LowRankDifference((q * s).Transpose(), q * s);
        Assert.True(balanced <= 1e-13 * (q * s).FrobeniusNorm() * (q * s).FrobeniusNorm(), $"balanced difference {balanced:G3}");
        // a point with a 600-wide hidden layer takes the low-rank form, and matches the dense difference
        w1 = Gaussian(600, 8, 35);
        var point = new DeepFactorization(w1, Gaussian(8, 600, 34));
        Assert.True(FrobeniusBalance.LowRankPays(point.Layers[1], point.Layers[0]));
        var mismatch = FrobeniusBalance.Of(point).GramMismatch[0];
        var l = point.Layers[1];
        double denseMismatch = (l.TransposeThisAndMultiply(l) - w1.TransposeAndMultiply(w1)).FrobeniusNorm() / Math.Max(Math.Pow(l.FrobeniusNorm(), 2), Math.Pow(w1.FrobeniusNorm(), 2));
        AssertRel(denseMismatch, mismatch, 1e-12, "F2 mismatch");
    }
}
