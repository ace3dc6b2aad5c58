using MathNet.Numerics.LinearAlgebra;
using Sharpness.Data;
using Sharpness.Exact;
using Sharpness.Model;
using Sharpness.Verification;

namespace Sharpness.Tests.Data;

/// <summary>
/// Theory §2.10: at every least-squares optimum of ½‖W_N⋯W_1X − Y‖²_F, λmax(H) = λmax(K_X). Three independent
/// computations are compared: K_X (the K operator with the right root F of S), the dense Hessian of the network with
/// X as a frozen first layer (no S, no K_X), and the data HVP (from S and G, no K_X).
/// </summary>
public class DataSharpnessTests
{
    public static TheoryData<int> Seeds
    {
        get
        {
            var data = new TheoryData<int>();
            for (int seed = 0; seed < 60; seed++) data.Add(seed);
            return data;
        }
    }

    // 60 points: depths 2–4, s from 1 (s < n) to 8 (s > n), a nonzero loss whenever s > rank X.
    private static (DeepFactorization, RegressionData) Case(int seed) =>
        DataFixtures.Random(1700 + seed, depth: 2 + seed % 3, samples: 1 + seed % 8);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Exact_route_equals_the_dense_Hessian_at_random_least_squares_optima(int seed)
    {
        var (point, data) = Case(seed);
        var result = DataSharpness.Of(point, data);
        Assert.True(result.IsExact, $"{result}: the fixture must be stationary");
        double dense = DataDenseHessian.Largest(new DataLoss(point, data));
        Assert.True(Math.Abs(result.Value - dense) <= 1e-10 * dense, $"K_X {result.Value:R} vs dense {dense:R} ({data})");
        Assert.Equal(data.Rank, result.Rank);
    }

    [Fact]
    public void The_fixtures_cover_both_sides_of_n_and_nonzero_loss()
    {
        var cases = Enumerable.Range(0, 60).Select(Case).ToArray();
        Assert.Contains(cases, c => c.Item2.SampleCount < c.Item2.InputDimension);
        Assert.Contains(cases, c => c.Item2.SampleCount > c.Item2.InputDimension);
        Assert.True(cases.Count(c => new DataLoss(c.Item1, c.Item2).Value > 1e-3) >= 20, "least-squares optima with a nonzero loss");
        Assert.All(new[] { 2, 3, 4 }, d => Assert.Contains(cases, c => c.Item1.Depth == d));
        Assert.Contains(cases, c => c.Item2.Anisotropy > 10);
    }

    [Fact]
    public void The_check_fails_on_the_matrix_factorization_value_that_ignores_S()
    {
        // λmax(K) of the same point (the whitened formula) is a wrong value for anisotropic data: the check sees it.
        int wrong = 0;
        for (int seed = 0; seed < 60; seed++)
        {
            var (point, data) = Case(seed);
            double dense = DataDenseHessian.Largest(new DataLoss(point, data));
            double plain = ExactSharpness.Of(point).Value;
            if (Math.Abs(plain - dense) > 1e-10 * dense) wrong++;
        }
        Assert.True(wrong >= 55, $"only {wrong} of 60 cases told the plain K from K_X");
    }

    [Theory]
    [InlineData(11, 3)]
    [InlineData(12, 4)]
    [InlineData(13, 2)]
    public void The_data_HVP_equals_the_dense_Hessian_at_any_point(int seed, int depth)
    {
        // A random point and random data: not stationary, so the residual term is present.
        var rng = new Random(seed);
        var point = TestData.RandomFactorization(rng, new[] { 3, 4, 3, 2, 2 }[..(depth + 1)]);
        var x = DataFixtures.AnisotropicInputs(rng, 3, 6);
        var data = RegressionData.FromSamples(x, TestData.Gaussian(rng, point.OutputDimension, 6));
        var loss = new DataLoss(point, data);
        Assert.True(loss.RelativeStationarity > 1e-2);
        var dense = DataDenseHessian.Of(loss);
        var u = new DeepFactorization(point.Layers.Select(w => TestData.Gaussian(rng, w.RowCount, w.ColumnCount)));
        var hu = Vector<double>.Build.DenseOfArray(loss.HessianTimes(u).ToVector());
        var expected = dense * Vector<double>.Build.DenseOfArray(u.ToVector());
        Assert.True((hu - expected).L2Norm() <= 1e-11 * dense.L2Norm() * u.Norm(), $"{(hu - expected).L2Norm():G3}");
    }

    [Fact]
    public void Gradient_matches_central_differences_of_the_sample_loss()
    {
        var rng = new Random(5);
        var point = TestData.RandomFactorization(rng, 3, 4, 2);
        var data = RegressionData.FromSamples(DataFixtures.AnisotropicInputs(rng, 3, 7), TestData.Gaussian(rng, 2, 7));
        var loss = new DataLoss(point, data);
        var g = loss.Gradient().ToVector();
        var w = point.ToVector();
        const double h = 1e-6;
        for (int k = 0; k < w.Length; k++)
        {
            var plus = (double[])w.Clone();
            var minus = (double[])w.Clone();
            plus[k] += h;
            minus[k] -= h;
            double fd = (new DataLoss(DeepFactorization.FromVector(point.Widths, plus), data).Value!.Value -
                         new DataLoss(DeepFactorization.FromVector(point.Widths, minus), data).Value!.Value) / (2 * h);
            Assert.True(Math.Abs(fd - g[k]) <= 1e-7 * Math.Max(1, Math.Abs(g[k])), $"entry {k}: FD {fd} vs {g[k]}");
        }
    }

    [Theory]
    [InlineData(200, 100)] // s > n: a least-squares fit with nonzero loss, full-rank S
    [InlineData(201, 25)]  // s < n: rank S = 25, K_X on the 25-dimensional span
    public void K_X_Lanczos_equals_HVP_Lanczos_on_a_large_instance(int seed, int samples)
    {
        var rng = new Random(seed);
        var point = TestData.RandomFactorization(rng, 40, 30, 30, 30);
        var x = DataFixtures.AnisotropicInputs(rng, 40, samples, spread: 0.5);
        var data = RegressionData.FromSamples(x, DataFixtures.OptimalOutputs(rng, point, x, noise: 1.0));
        var result = DataSharpness.Of(point, data);
        Assert.Equal(DataSharpnessRoute.LanczosKX, result.Route);
        Assert.Equal(Math.Min(samples, 40), result.Rank);
        var hvp = Sharpness.LinearAlgebra.Lanczos.Largest(new DataLoss(point, data).HessianOperator(), 1,
            new Sharpness.LinearAlgebra.LanczosOptions { Tolerance = 1e-12, MaxIterations = 600 });
        Assert.True(hvp.Converged);
        Assert.True(Math.Abs(result.Value - hvp.Top.Value) <= 1e-9 * result.Value, $"K_X {result.Value:R} vs HVP {hvp.Top.Value:R}");
        Assert.True(result.KEigenResidual <= 1e-10 * result.Value);
    }

    [Theory]
    [InlineData(2, 3, 4, 5)]   // depth 2: the closed form ‖L‖² + ‖R‖² against DenseKX
    [InlineData(3, 3, 4, 3)]   // DenseK against DenseKX
    [InlineData(4, 2, 3, 2)]
    [InlineData(3, 9, 8, 7)]   // mn = 63 > 48: LanczosK against LanczosKX
    public void Whitened_data_gives_the_matrix_factorization_answer(int depth, int n, int d, int m)
    {
        var rng = new Random(depth * 100 + n);
        var widths = new[] { n }.Concat(Enumerable.Repeat(d, depth - 1)).Append(m).ToArray();
        var point = TestData.RandomFactorization(rng, widths);
        var mf = ExactSharpness.Of(point);
        var whitened = DataSharpness.Of(point, RegressionData.Whitened(point.Product()));
        Assert.True(whitened.IsExact);
        Assert.True(Math.Abs(whitened.Value - mf.Value) <= 1e-12 * mf.Value, $"{whitened.Value:R} vs {mf.Value:R} ({mf.Route})");

        // Orthonormal samples (X Xᵀ = I up to rounding, s = 2n) are whitened data too.
        var q = Sharpness.LinearAlgebra.RandomMatrices.OrthonormalColumns(rng, 2 * n, n).Transpose(); // n × 2n, QQᵀ = I
        var samples = DataSharpness.Of(point, RegressionData.FromSamples(q, point.Product() * q));
        Assert.True(Math.Abs(samples.Value - mf.Value) <= 1e-12 * mf.Value, $"{samples.Value:R} vs {mf.Value:R}");
    }

    [Fact]
    public void Data_given_as_X_as_rows_and_as_S_agree()
    {
        var (point, columns) = DataFixtures.Random(77, depth: 3, samples: 9);
        var x = columns.Inputs!;
        var y = columns.Outputs!;
        var rows = RegressionData.FromSamples(x.Transpose(), y.Transpose(), SampleLayout.Rows);
        var moments = RegressionData.FromCovariance(x * x.Transpose(), y * x.Transpose());
        var a = DataSharpness.Of(point, columns);
        var b = DataSharpness.Of(point, rows);
        var c = DataSharpness.Of(point, moments);
        Assert.Equal(a.Value, b.Value); // the same matrices: bit-identical
        Assert.True(Math.Abs(a.Value - c.Value) <= 1e-12 * a.Value, $"{a.Value:R} vs {c.Value:R}");
        Assert.NotNull(a.Loss);
        Assert.Null(c.Loss); // the loss is not formed from S and C
        Assert.True(a.Loss > 1e-3);

        // Off the optimum the certified routes agree too.
        var off = TestData.RandomFactorization(new Random(78), point.Widths.ToArray());
        var ca = DataSharpness.Of(off, columns);
        var cc = DataSharpness.Of(off, moments);
        Assert.False(ca.IsExact);
        Assert.True(Math.Abs(ca.Value - cc.Value) <= 1e-9 * Math.Abs(ca.Value));
        Assert.True(Math.Abs(ca.Upper - cc.Upper) <= 1e-9 * Math.Abs(ca.Upper));
    }

    [Fact]
    public void Rank_deficient_inputs_are_handled_in_their_span_with_the_reason()
    {
        // Fewer samples than features.
        var (point, few) = DataFixtures.Random(90, depth: 3, samples: 1);
        Assert.True(few.InputDimension > 1);
        Assert.Equal(1, few.Rank);
        Assert.Contains("samples < n", few.RowSpaceNote);
        var r1 = DataSharpness.Of(point, few);
        Assert.Equal(1, r1.TopVector!.ColumnCount); // m × r with r = 1
        Assert.True(Math.Abs(r1.Value - DataDenseHessian.Largest(new DataLoss(point, few))) <= 1e-10 * r1.Value);

        // Collinear features: the third feature is twice the first, s = 10 > n = 3.
        var rng = new Random(91);
        var x = DataFixtures.AnisotropicInputs(rng, 3, 10);
        x.SetRow(2, 2 * x.Row(0));
        var w = TestData.RandomFactorization(rng, 3, 3, 2, 2);
        var collinear = RegressionData.FromSamples(x, DataFixtures.OptimalOutputs(rng, w, x, noise: 1));
        Assert.Equal(2, collinear.Rank);
        Assert.Contains("collinear", collinear.RowSpaceNote);
        var r2 = DataSharpness.Of(w, collinear);
        Assert.True(r2.IsExact);
        Assert.Equal(2 * 2, r2.TopVector!.RowCount * r2.TopVector.ColumnCount); // m × r
        Assert.True(Math.Abs(r2.Value - DataDenseHessian.Largest(new DataLoss(w, collinear))) <= 1e-10 * r2.Value);
        Assert.Null(DataFixtures.Random(92, 2, 8).Data.RowSpaceNote);
    }

    [Fact]
    public void Off_the_optimum_the_certified_interval_contains_the_dense_value_and_the_exact_route_is_refused()
    {
        for (int seed = 0; seed < 8; seed++)
        {
            var rng = new Random(300 + seed);
            var point = TestData.RandomFactorization(rng, 3, 4, 3, 2);
            var x = DataFixtures.AnisotropicInputs(rng, 3, 12);
            // Slightly off a least-squares optimum, and far off it.
            var y = DataFixtures.OptimalOutputs(rng, point, x, noise: 1) + (seed < 4 ? 1e-4 : 1.0) * TestData.Gaussian(rng, 2, 12);
            var data = RegressionData.FromSamples(x, y);
            var result = DataSharpness.Of(point, data);
            Assert.Equal(DataSharpnessRoute.CertifiedHessianLanczos, result.Route);
            double dense = DataDenseHessian.Largest(result.Problem);
            Assert.InRange(dense, result.Lower, result.Upper);
            Assert.True(Math.Abs(result.Value - dense) <= 1e-9 * Math.Abs(dense));
            var denseH = DataDenseHessian.Of(result.Problem);
            Assert.True(Math.Abs(denseH.Trace() - result.Trace) <= 1e-10 * result.Trace, "tr H = tr K_X at any point");
            if (seed < 4) Assert.True(result.RelativeWidth < 1e-2, $"near the optimum the interval is narrow: {result}");
            var error = Assert.Throws<NotStationaryException>(() => StationaryPoint.Create(point, data));
            Assert.Contains("PS = YXᵀ", error.Message);
        }
    }

    [Fact]
    public void Depth_one_has_the_covariance_as_Hessian()
    {
        var rng = new Random(8);
        var x = DataFixtures.AnisotropicInputs(rng, 4, 9);
        var w = new DeepFactorization(TestData.Gaussian(rng, 3, 4));
        var data = RegressionData.FromSamples(x, TestData.Gaussian(rng, 3, 9));
        var result = DataSharpness.Of(w, data); // depth 1 is not stationary in general, but H = I ⊗ S everywhere
        double top = SymmetricEigenvalues.Descending(x * x.Transpose())[0];
        Assert.True(Math.Abs(result.Value - top) <= 1e-10 * top);
        Assert.True(Math.Abs(result.KLambda - top) <= 1e-10 * top);
    }

    [Fact]
    public void The_top_eigenvector_is_a_Hessian_eigenvector()
    {
        var (point, data) = DataFixtures.Random(44, depth: 3, samples: 7);
        var result = DataSharpness.Of(point, data);
        var v = result.TopEigenvector()!;
        var hv = new DataLoss(point, data).HessianTimes(v);
        Assert.True(hv.Add(v, -result.Value).Norm() <= 1e-10 * result.Value);
    }

    [Fact]
    public void The_data_lower_bound_holds_at_every_optimum_and_is_the_matrix_factorization_bound_when_whitened()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            var (point, data) = Case(seed);
            var bound = DataLowerBound.Of(data, point.Depth);
            Assert.True(bound.Value >= bound.AtTopSingularVector * (1 - 1e-12));
            double lambda = DataSharpness.Of(point, data).Value;
            Assert.True(lambda >= bound.Value * (1 - 1e-9), $"seed {seed}: λ {lambda:R} < s_X {bound.Value:R}");
            // Every minimizer on the GL orbit has the same product, so the same optimum and the same bound.
            var other = Sharpness.Minimizers.RandomMinimizers.OnGLOrbit(point, seed);
            Assert.True(DataSharpness.Of(other, data).Value >= bound.Value * (1 - 1e-9));
        }
        var w = TestData.RandomFactorization(new Random(4), 3, 4, 4, 2);
        var m = w.Product();
        double mf = 3 * Math.Pow(m.L2Norm(), 4.0 / 3);
        Assert.True(Math.Abs(DataLowerBound.Of(RegressionData.Whitened(m), 3).Value - mf) <= 1e-12 * mf);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_results()
    {
        var (p1, d1) = DataFixtures.Random(3, 4, 6);
        var (p2, d2) = DataFixtures.Random(3, 4, 6);
        Assert.Equal(DataSharpness.Of(p1, d1).Value, DataSharpness.Of(p2, d2).Value);
    }

    [Theory]
    [InlineData(3)]  // the old Σ(‖·‖_F)² happened to hit this one
    [InlineData(4)]  // old: 6761.9999999999991
    [InlineData(7)]  // old: 12286.000000000002
    [InlineData(8)]  // old: 13967.999999999996
    [InlineData(11)] // old: 16667.000000000004
    public void Trace_of_integer_layers_and_square_root_covariance_is_exact(int seed)
    {
        // X = diag(2, 3, 1) (samples as columns): S = diag(4, 9, 1), whose root F = diag(2, 3, 1) is exact, so with
        // integer layers every ‖A_i‖_F² and ‖B_iF‖_F² is an integer; Σ(‖·‖_F)² missed them by an ulp (as KOperator.Trace
        // did). The reference is the dense Hessian of the network with X as a frozen first layer (no F, no K_X).
        var rng = new Random(seed);
        var point = new DeepFactorization(Enumerable.Range(0, 3)
            .Select(i => Matrix<double>.Build.Dense(i == 2 ? 2 : 3, 3, (_, _) => rng.Next(-3, 4))));
        var x = Matrix<double>.Build.DenseOfDiagonalArray([2, 3, 1]);
        var y = Matrix<double>.Build.Dense(2, 3, (_, _) => rng.Next(-3, 4));
        var data = RegressionData.FromSamples(x, y);
        double dense = DataDenseHessian.Of(new DataLoss(point, data)).Diagonal().Sum();
        Assert.Equal(Math.Round(dense), dense);
        Assert.Equal(dense, DataSharpness.Trace(point, data));
    }

    [Fact]
    public void Output_norm_squared_of_integer_outputs_is_exact()
    {
        // ‖Y‖²_F = 1 + 1 + 4 = 6; the square of the rounded norm √6 was 5.999999999999999.
        var y = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1, 2 } });
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3 }, { 0, 1, 1 } });
        Assert.Equal(y.Enumerate().Sum(v => v * v), RegressionData.FromSamples(x, y).OutputNormSquared);
        Assert.Equal(6.0, RegressionData.FromSamples(x, y).OutputNormSquared);
    }
}
