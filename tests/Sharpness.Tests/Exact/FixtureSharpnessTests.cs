using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Verification;
using Sharpness.Model;
using Sharpness.Tests.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Exact;

/// <summary>Theory §5 checks on hard-coded fixtures: the exact value against the spec and the dense Hessian.</summary>
public class FixtureSharpnessTests
{
    private static HessianSpectrum Dense(DeepFactorization w, Matrix<double>? target = null) =>
        HessianSpectrum.Of(new FactorizationLoss(w, target ?? Reference.Product(w.Layers)));

    private static double Trace(HessianSpectrum s) => s.Eigenvalues.Sum();

    private static double Frobenius(HessianSpectrum s) => Math.Sqrt(s.Eigenvalues.Sum(x => x * x));

    private static double LogPseudoDeterminant(HessianSpectrum s) => s.Nonzero().Sum(Math.Log);

    private static int ZeroCount(HessianSpectrum s, double relative = 1e-11) =>
        s.Eigenvalues.Count(x => Math.Abs(x) <= relative * s.Largest);

    /// <summary>‖A_i‖₂‖B_i‖₂ for i = 1..N, from the test's own factors and MathNet's SVD.</summary>
    private static double[] Products(DeepFactorization w) =>
        Enumerable.Range(1, w.Depth)
            .Select(i => Reference.SpectralNorm(Reference.Left(w.Layers, i)) * Reference.SpectralNorm(Reference.Right(w.Layers, i)))
            .ToArray();

    /// <summary>The smallest sharpness over all zero-loss points of M (theory §2.7): N‖M‖₂^{2−2/N}.</summary>
    private static double MinimumSharpness(int depth, Matrix<double> m) =>
        depth * Math.Pow(Reference.SpectralNorm(m), 2 - 2.0 / depth);

    [Fact]
    public void Check8_F1_depth_one_hessian_is_the_identity_for_any_target()
    {
        var w = new DeepFactorization(M(new double[,] { { 1, 2 }, { 3, 4 } }));
        foreach (var target in new[] { w.Product(), Diag(5, -1), Matrix<double>.Build.Dense(2, 2) })
        {
            var dense = Dense(w, target);
            Assert.True((dense.Hessian - Matrix<double>.Build.DenseIdentity(4)).Enumerate().Max(Math.Abs) <= 1e-15, "H = I₄");
            AssertRel(4, Trace(dense), 1e-15, "trace");
            var exact = ExactSharpness.Of(w, target, new ExactSharpnessOptions { AllowNonzeroResidual = true });
            Assert.Equal(SharpnessRoute.DepthOne, exact.Route);
            Assert.Equal(1.0, exact.Value);
        }
    }

    [Fact]
    public void Check9_F2_spectrum_trace_norms_and_not_flat()
    {
        var w = F2;
        var m = 2 * Matrix<double>.Build.DenseIdentity(2);
        Assert.Equal(0.0, new FactorizationLoss(w, m).Value);
        var dense = Dense(w, m);
        Reference.AssertSpectraEqual([8, 5, 5, 2, 0, 0, 0, 0], dense.Eigenvalues, 1e-12 * 8, "F2 spectrum");
        AssertRel(20, Trace(dense), 1e-12, "trace");
        AssertRel(10.862780491200215, Frobenius(dense), 1e-12, "‖H‖_F");
        AssertRel(5.991464547107982, LogPseudoDeterminant(dense), 1e-12, "log-pdet");
        AssertRel(Math.Log(400), LogPseudoDeterminant(dense), 1e-12, "log-pdet = ln 400");
        var products = Products(w);
        AssertRel(2, products[0], 1e-12, "‖A_1‖‖B_1‖");
        AssertRel(2, products[1], 1e-12, "‖A_2‖‖B_2‖");
        var exact = ExactSharpness.Of(w, m);
        AssertRel(8, exact.Value, 1e-12, "λmax");
        AssertRel(4, MinimumSharpness(2, m), 1e-12, "min sharpness");
        Assert.True(exact.Value > MinimumSharpness(2, m) + 1, "F2 is not flat");
        AssertRel(w.Layers[0].FrobeniusNorm(), w.Layers[1].FrobeniusNorm(), 1e-15, "‖L‖_F = ‖R‖_F");
    }

    [Theory]
    [MemberData(nameof(TestData.F3Checkpoints), MemberType = typeof(TestData))]
    public void Check10_F3_flat_family(double g, double expected)
    {
        var w = DeepFactorization.FromLeftRight(Diag(2, g), Diag(2, 1 / g));
        var m = Diag(4, 1);
        var exact = ExactSharpness.Of(w, m);
        AssertRel(expected, exact.Value, 1e-12, $"λmax at g = {g}");
        AssertRel(expected, Dense(w, m).Largest, 1e-12, $"dense λmax at g = {g}");
    }

    [Fact]
    public void Check11_F4_depth_two_matches_expected_values_and_dense_hessian()
    {
        var w = F4;
        var exact = ExactSharpness.Of(w);
        Assert.Equal(SharpnessRoute.DepthTwo, exact.Route);
        Assert.Equal(18, w.ParameterCount);
        AssertRel(15.10600462062429, exact.Value, 1e-11, "λmax");
        AssertRel(6 + 9.106004620624288, exact.Value, 1e-11, "λmax = 6 + 9.106…");
        var dense = Dense(w);
        AssertRel(15.10600462062429, dense.Largest, 1e-11, "dense λmax");
        double[] expectedPositive = [15.106004620624290, 10.106004620624288, 8.115232386948168, 6.778762992427542, 6, 3.115232386948169, 1.778762992427544, 1];
        var positive = dense.Nonzero();
        Assert.Equal(expectedPositive.Length, positive.Count);
        for (int i = 0; i < expectedPositive.Length; i++) AssertRel(expectedPositive[i], positive[i], 1e-11, $"eigenvalue {i}");
        Assert.Equal(10, ZeroCount(dense));
        AssertRel(52, Trace(dense), 1e-11, "trace");
        AssertRel(22.181073012818835, Frobenius(dense), 1e-11, "‖H‖_F");
        AssertRel(12.539740954818651, LogPseudoDeterminant(dense), 1e-11, "log-pdet");
        Assert.True(exact.RelativeEigenResidual < 1e-12, $"residual {exact.EigenResidual}");
    }

    [Fact]
    public void Check13_F5_scalar_chain()
    {
        var w = DeepFactorization.ScalarChain(1, 2, 0.5, 4);
        Assert.Equal(4.0, w.Product()[0, 0]);
        var exact = ExactSharpness.Of(w);
        Assert.Equal(SharpnessRoute.ScalarChain, exact.Route);
        AssertRel(85, exact.Value, 1e-14, "λmax");
        var dense = Dense(w);
        AssertRel(85, dense.Largest, 1e-14, "dense λmax");
        AssertRel(85, Trace(dense), 1e-14, "trace");
        AssertRel(85, Frobenius(dense), 1e-14, "‖H‖_F");
        var g = Vector<double>.Build.DenseOfArray([4, 2, 8, 1]);
        Assert.True((dense.Hessian - g.OuterProduct(g)).Enumerate().Max(Math.Abs) <= 1e-14, "H = ggᵀ");
        Assert.Equal(3, ZeroCount(dense));
        AssertRel(32, MinimumSharpness(4, w.Product()), 1e-14, "min sharpness");
        Assert.True(exact.Value > 32, "F5 is not flat");
        double r = Math.Sqrt(2);
        AssertRel(32, ExactSharpness.Of(DeepFactorization.ScalarChain(r, r, r, r), Diag(4)).Value, 1e-14, "|w_i| = √2");
        AssertRel(32, ExactSharpness.Of(DeepFactorization.ScalarChain(-r, r, -r, r), Diag(4)).Value, 1e-14, "signs do not matter");
    }

    [Fact]
    public void Check14_F5b_fifteen_layer_chain()
    {
        var weights = Enumerable.Repeat(new[] { 0.5, 1, 2 }, 5).SelectMany(x => x).ToArray();
        var w = DeepFactorization.ScalarChain(weights);
        Assert.Equal(1.0, w.Product()[0, 0]);
        var exact = ExactSharpness.Of(w);
        AssertRel(26.25, exact.Value, 1e-14, "λmax");
        var dense = Dense(w);
        AssertRel(26.25, dense.Largest, 1e-13, "dense λmax");
        Assert.Equal(14, ZeroCount(dense));
        AssertRel(15, MinimumSharpness(15, w.Product()), 1e-14, "min sharpness");
    }

    [Fact]
    public void Check15_scalar_chain_with_zero_product()
    {
        var one = DeepFactorization.ScalarChain(0, 2, 3);
        AssertRel(36, ExactSharpness.Of(one).Value, 1e-15, "w = (0,2,3)");
        AssertRel(36, Dense(one).Largest, 1e-15, "dense, w = (0,2,3)");
        var two = DeepFactorization.ScalarChain(0, 0, 3);
        Assert.Equal(0.0, ExactSharpness.Of(two).Value);
        Assert.Equal(0.0, Dense(two).Hessian.Enumerate().Max(Math.Abs));
    }

    [Fact]
    public void Check16_vector_width_scalar_counterexample()
    {
        var a = M(new double[,] { { 1, 0 } });                        // W_2 = a (1 × 2)
        var b = M(new double[,] { { Math.Cos(1) }, { Math.Sin(1) } }); // W_1 = b (2 × 1)
        var w = new DeepFactorization(b, a);
        var exact = ExactSharpness.Of(w);
        Assert.Equal(SharpnessRoute.VectorWidthScalar, exact.Route);
        AssertRel(2, exact.Value, 1e-15, "λmax");
        AssertRel(2, Dense(w).Largest, 1e-14, "dense λmax");
        AssertRel(1.0806046117, 2 * Math.Abs(w.Product()[0, 0]), 1e-10, "2|m|");
        AssertRel(1.0806046117, MinimumSharpness(2, w.Product()), 1e-10, "min sharpness 2|m|");
        // ‖a‖ = ‖b‖, so the products are constant, yet the point is not flat.
        AssertRel(a.FrobeniusNorm(), b.FrobeniusNorm(), 1e-15, "‖a‖ = ‖b‖");
    }

    [Theory]
    [InlineData(1, new[] { 1, 4, 1 })]
    [InlineData(2, new[] { 1, 3, 5, 1 })]
    [InlineData(3, new[] { 1, 2, 1, 6, 3, 1 })]
    public void Check16_vector_width_scalar_random_matches_sum_of_products_and_dense(int seed, int[] widths)
    {
        var w = RandomFactorization(new Random(seed), widths);
        double expected = Enumerable.Range(1, w.Depth).Sum(i =>
            Math.Pow(Reference.Left(w.Layers, i).FrobeniusNorm(), 2) * Math.Pow(Reference.Right(w.Layers, i).FrobeniusNorm(), 2));
        var exact = ExactSharpness.Of(w);
        Assert.Equal(SharpnessRoute.VectorWidthScalar, exact.Route);
        AssertRel(expected, exact.Value, 1e-10, "λmax = Σ‖A_i‖²‖B_i‖²");
        AssertRel(expected, Dense(w).Largest, 1e-10, "dense λmax");
    }

    [Fact]
    public void Check24_depth_one_is_one_everywhere()
    {
        var rng = new Random(24);
        for (int t = 0; t < 3; t++)
        {
            var w = new DeepFactorization(Gaussian(rng, 3, 2));
            var target = Gaussian(rng, 3, 2);
            var dense = Dense(w, target);
            AssertRel(1, dense.Largest, 1e-15, "dense λmax");
            AssertRel(1, dense.Smallest, 1e-15, "dense λmin");
            var exact = ExactSharpness.Of(w, target, new ExactSharpnessOptions { AllowNonzeroResidual = true });
            Assert.Equal(1.0, exact.Value);
            // H = I holds at every depth-1 point, so no flag is needed (the residual is still reported).
            var plain = ExactSharpness.Of(w, target);
            Assert.Equal(1.0, plain.Value);
            Assert.False(plain.ZeroLoss);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Check24_zero_target_at_the_origin_has_zero_hessian(int depth)
    {
        var layers = Enumerable.Range(0, depth).Select(i => Matrix<double>.Build.Dense(2, i == 0 ? 3 : 2)).ToArray();
        var w = new DeepFactorization(layers);
        var zero = Matrix<double>.Build.Dense(2, 3);
        Assert.Equal(0.0, Dense(w, zero).Hessian.Enumerate().Max(Math.Abs));
        var exact = ExactSharpness.Of(w, zero);
        Assert.True(exact.ZeroLoss);
        Assert.Equal(0.0, exact.Value);
    }

    [Fact]
    public void Check24_zero_target_with_nonzero_layers()
    {
        var w = DeepFactorization.FromLeftRight(M(new double[,] { { 1, 0 }, { 0, 0 } }), M(new double[,] { { 0, 2 }, { 0, 1 }, { 0, 0 } }));
        var zero = Matrix<double>.Build.Dense(2, 3);
        Assert.Equal(0.0, new FactorizationLoss(w, zero).Value);
        var exact = ExactSharpness.Of(w, zero);
        AssertRel(6, exact.Value, 1e-15, "λmax");
        AssertRel(6, Dense(w, zero).Largest, 1e-14, "dense λmax");
        var lanczos = ExactSharpness.Of(w, zero, new ExactSharpnessOptions { Route = SharpnessRoute.LanczosK });
        AssertRel(6, lanczos.Value, 1e-14, "λmax by K-Lanczos");
    }

    [Fact]
    public void Check25_degenerate_top_eigenvalue_compares_eigenvalues_only()
    {
        var i3 = Matrix<double>.Build.DenseIdentity(3);
        var w = DeepFactorization.FromLeftRight(i3, i3);
        var dense = Dense(w, i3);
        Reference.AssertSpectraEqual([.. Enumerable.Repeat(2.0, 9), .. Enumerable.Repeat(0.0, 9)], dense.Eigenvalues, 1e-14, "M = I₃ spectrum");
        foreach (var route in new[] { SharpnessRoute.DepthTwo, SharpnessRoute.DenseK, SharpnessRoute.LanczosK })
        {
            var exact = ExactSharpness.Of(w, i3, new ExactSharpnessOptions { Route = route });
            AssertRel(2, exact.Value, 1e-14, $"λmax by {route}");
            // Any top eigenvector will do: compare Rayleigh quotients, not vectors.
            var v = Reference.Vec(exact.TopEigenvector);
            AssertRel(2, v * dense.Hessian * v, 1e-13, $"Rayleigh quotient of v1 from {route}");
        }
    }

    [Fact]
    public void F8_general_route_matches_expected_value()
    {
        var exact = ExactSharpness.Of(F8);
        Assert.Equal(SharpnessRoute.DenseK, exact.Route);
        AssertRel(0.6413726136911615, exact.Value, 1e-12, "λmax");
        var lanczos = ExactSharpness.Of(F8, options: new ExactSharpnessOptions { Route = SharpnessRoute.LanczosK });
        AssertRel(0.6413726136911615, lanczos.Value, 1e-12, "λmax by K-Lanczos");
        var dense = Dense(F8);
        AssertRel(0.6413726136911615, dense.Largest, 1e-12, "dense λmax");
    }
}
