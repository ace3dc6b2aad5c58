using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.LinearAlgebra;

/// <summary>
/// The kernel seam: OpenBLAS against the managed kernels (both paths, 1e-12 relative), the managed path against the
/// products the kit formed before the seam (bit for bit), the self-test catching a wrong kernel, the fallback when the
/// library is absent, and K-Lanczos on both paths against HVP-Lanczos on a deep instance.
/// </summary>
public class DenseKernelsTests
{
    // .ci/run installs libopenblas0-pthread, so the native path is required here, not skipped.
    private static NativeBlas Native => NativeBlas.Shared
        ?? throw new InvalidOperationException($"OpenBLAS is needed for these tests: {NativeBlas.SharedNote}");

    private static double[] Draw(Random rng, int count) => Enumerable.Range(0, count).Select(_ => NextGaussian(rng)).ToArray();

    private static double RelativeDifference(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double diff = 0, scale = 0;
        for (int i = 0; i < x.Length; i++) { diff = Math.Max(diff, Math.Abs(x[i] - y[i])); scale = Math.Max(scale, Math.Abs(y[i])); }
        return scale == 0 ? diff : diff / scale;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Gemm_native_matches_managed_to_1e12(bool ta, bool tb)
    {
        var rng = new Random(1);
        const int m = 203, n = 97, k = 150;
        var a = Draw(rng, m * k);
        var b = Draw(rng, k * n);
        var c0 = Draw(rng, m * n);
        var c1 = (double[])c0.Clone();
        var initial = Matrix<double>.Build.Dense(m, n, (double[])c0.Clone());
        Native.Gemm(ta, tb, m, n, k, a, b, 1, c0);
        ManagedKernels.Instance.Gemm(ta, tb, m, n, k, a, b, 1, c1);
        Assert.True(RelativeDifference(c0, c1) <= 1e-12, $"relative difference {RelativeDifference(c0, c1):G3}");
        // and against a third computation (MathNet's product), so the two kernels cannot share a mistake
        var am = Matrix<double>.Build.Dense(ta ? k : m, ta ? m : k, a);
        var bm = Matrix<double>.Build.Dense(tb ? n : k, tb ? k : n, b);
        var expected = (ta ? am.Transpose() : am) * (tb ? bm.Transpose() : bm);
        Assert.True(RelativeDifference(c0, (expected + initial).AsColumnMajorArray()) <= 1e-12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gemv_and_gram_native_match_managed_to_1e12(bool transpose)
    {
        var rng = new Random(2);
        const int rows = 311, columns = 129;
        var a = Draw(rng, rows * columns);
        var x = Draw(rng, transpose ? rows : columns);
        var y0 = new double[transpose ? columns : rows];
        var y1 = new double[y0.Length];
        Native.Gemv(transpose, rows, columns, 2.5, a, x, 0, y0);
        ManagedKernels.Instance.Gemv(transpose, rows, columns, 2.5, a, x, 0, y1);
        Assert.True(RelativeDifference(y0, y1) <= 1e-12);

        int size = transpose ? columns : rows;
        var g0 = new double[size * size];
        var g1 = new double[size * size];
        Native.Gram(transpose, rows, columns, a, g0);
        ManagedKernels.Instance.Gram(transpose, rows, columns, a, g1);
        Assert.True(RelativeDifference(g0, g1) <= 1e-12);
        var am = Matrix<double>.Build.Dense(rows, columns, a);
        var expected = transpose ? am.TransposeThisAndMultiply(am) : am.TransposeAndMultiply(am);
        Assert.True(RelativeDifference(g0, expected.AsColumnMajorArray()) <= 1e-12);
        Assert.True(Matrix<double>.Build.Dense(size, size, g0).Equals(Matrix<double>.Build.Dense(size, size, g0).Transpose()), "the Gram matrix is exactly symmetric");
    }

    [Fact]
    public void Managed_gram_is_bit_identical_to_the_explicit_product_used_before_the_seam()
    {
        var a = Gaussian(new Random(3), 37, 23);
        var expected = MatrixKernels.Product(a, a.Transpose());
        Assert.Equal(expected.AsColumnMajorArray(), ManagedKernels.Instance.Gram(a, transpose: false).AsColumnMajorArray());
        var expectedT = MatrixKernels.Product(a.Transpose(), a);
        Assert.Equal(expectedT.AsColumnMajorArray(), ManagedKernels.Instance.Gram(a, transpose: true).AsColumnMajorArray());
    }

    [Fact]
    public void Self_test_rejects_a_kernel_that_is_off_in_the_last_digits_that_matter()
    {
        Assert.Null(NativeBlas.SelfTestDisagreement(Native));
        string? problem = NativeBlas.SelfTestDisagreement(new SkewedKernels(1e-9));
        Assert.NotNull(problem);
        Assert.Contains("dgemm", problem);
    }

    [Fact]
    public void A_missing_library_falls_back_with_a_one_line_note_naming_it()
    {
        var blas = NativeBlas.TryLoad("libopenblas-does-not-exist.so.7", out string? note);
        Assert.Null(blas);
        Assert.NotNull(note);
        Assert.Contains("libopenblas-does-not-exist.so.7", note);
        Assert.DoesNotContain('\n', note);
    }

    [Fact]
    public void The_default_kernels_describe_themselves_in_one_line()
    {
        string status = DenseKernels.Status;
        Assert.DoesNotContain('\n', status);
        if (Environment.GetEnvironmentVariable("SHARPNESS_BLAS") != "managed")
        {
            Assert.True(DenseKernels.Default.IsNative, status);
            Assert.Contains("OpenBLAS", status);
        }
    }

    // Depth 3, widths 150 and 134: mn = 20 100 ≥ Lanczos.LargeDimension, so the per-step convergence check and (native)
    // the blocked reorthogonalization run. λ from K-Lanczos on both kernels and from HVP-Lanczos (the Hessian–vector
    // product, sharing no formula with K) must agree.
    [Fact]
    public void K_lanczos_on_both_kernels_matches_hvp_lanczos_on_a_deep_instance()
    {
        var point = RandomFactorization(new Random(4), 134, 90, 120, 150);
        Assert.True(point.InputDimension * point.OutputDimension >= Lanczos.LargeDimension);
        var native = ExactSharpness.Of(point, options: new ExactSharpnessOptions { Lanczos = new LanczosOptions { Kernels = Native } });
        var managed = ExactSharpness.Of(point, options: new ExactSharpnessOptions { Lanczos = new LanczosOptions { Kernels = ManagedKernels.Instance } });
        Assert.Equal(SharpnessRoute.LanczosK, native.Route);
        Assert.True(Math.Abs(native.Value - managed.Value) <= 1e-12 * managed.Value, $"{native.Value:G17} vs {managed.Value:G17}");
        Assert.True(native.RelativeEigenResidual <= 1e-11 && managed.RelativeEigenResidual <= 1e-11);
        Assert.Equal(native.Iterations + 1, native.Applications);

        var hvp = HessianLanczos.Largest(FactorizationLoss.AtOwnProduct(point));
        Assert.True(Math.Abs(native.Value - hvp.Top.Value) <= 1e-10 * hvp.Top.Value, $"{native.Value:G17} vs HVP {hvp.Top.Value:G17}");
    }

    [Fact]
    public void K_operator_on_both_kernels_agrees_to_1e12()
    {
        var point = RandomFactorization(new Random(5), 23, 17, 31, 19, 29);
        var x = Draw(new Random(6), 29 * 23);
        var y0 = new double[x.Length];
        var y1 = new double[x.Length];
        new KOperator(point, Native).Apply(x, y0);
        new KOperator(point, ManagedKernels.Instance).Apply(x, y1);
        Assert.True(RelativeDifference(y0, y1) <= 1e-12);
        // against the dense Σ S_i ⊗ T_i (row-major vec), built from MathNet products
        var dense = new KOperator(point, ManagedKernels.Instance).ToDense();
        var xm = Matrix<double>.Build.Dense(29, 23, x);
        var rowMajor = Vector<double>.Build.Dense(29 * 23, i => xm[i / 23, i % 23]);
        var expected = dense * rowMajor;
        var ym = Matrix<double>.Build.Dense(29, 23, y0);
        Assert.True(RelativeDifference(Enumerable.Range(0, 29 * 23).Select(i => ym[i / 23, i % 23]).ToArray(), expected.AsArray()) <= 1e-12);
    }

    /// <summary>Managed kernels with GEMM results off by a relative <c>skew</c>: what a miscompiled BLAS looks like.</summary>
    [Fact]
    public void Self_test_rejects_a_gram_kernel_off_in_one_entry()
    {
        string? problem = NativeBlas.SelfTestDisagreement(new SkewedKernels(1e-9, gram: true));
        Assert.NotNull(problem);
        Assert.Contains("dsyrk", problem);
    }

    private sealed class SkewedKernels(double skew, bool gram = false) : DenseKernels
    {
        public override string Name => "skewed";
        public override string Description => "skewed";
        public override bool IsNative => false;

        public override void Gemm(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
        {
            ManagedKernels.Instance.Gemm(transposeA, transposeB, m, n, k, a, b, beta, c);
            if (!gram) c[m * n / 2] *= 1 + skew;
        }

        public override void Gemv(bool transpose, int rows, int columns, double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> x, double beta, Span<double> y) =>
            ManagedKernels.Instance.Gemv(transpose, rows, columns, alpha, a, x, beta, y);

        public override void Gram(bool transpose, int rows, int columns, ReadOnlySpan<double> a, Span<double> c)
        {
            ManagedKernels.Instance.Gram(transpose, rows, columns, a, c);
            if (gram) c[c.Length / 3] *= 1 + skew;
        }
    }

    [Fact]
    public void Letting_idle_threads_sleep_sets_the_C_environment_unless_the_user_chose_otherwise()
    {
        NativeBlas.LetIdleThreadsSleep();
        NativeBlas.LetIdleThreadsSleep(); // twice is once
        // The C environment is what OpenBLAS reads when it loads; .NET's own copy still shows what the user set.
        string? user = Environment.GetEnvironmentVariable(IdleThreads.Variable);
        Assert.Equal(user ?? IdleThreads.Value, IdleThreads.CEnvironment(IdleThreads.Variable));
    }
}
