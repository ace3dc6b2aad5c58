using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.LinearAlgebra;

/// <summary>
/// The SVD through the kernel seam (LAPACK dgesdd vs MathNet, and both against A itself), the compact SVD's native
/// route against its managed one, the self-test catching a wrong SVD, the O(k²) last-row tridiagonal QL against a
/// dense eigensolver, the semi-orthogonal native Lanczos against the fully reorthogonalized managed one, and K built
/// from explicit Gram matrices against K built from a point.
/// </summary>
public class NativeSvdAndLanczosTests
{
    private static NativeBlas Native => NativeBlas.Shared
        ?? throw new InvalidOperationException($"OpenBLAS is needed for these tests: {NativeBlas.SharedNote}");

    [Theory]
    [InlineData(173, 121)]
    [InlineData(121, 173)]
    [InlineData(64, 64)]
    public void Native_svd_matches_managed_values_and_reconstructs_a(int rows, int columns)
    {
        var a = Gaussian(new Random(rows + columns), rows, columns);
        int p = Math.Min(rows, columns);
        var (s0, u0, vt0) = (new double[p], new double[rows * p], new double[p * columns]);
        var (s1, u1, vt1) = (new double[p], new double[rows * p], new double[p * columns]);
        Native.Svd(rows, columns, a.AsColumnMajorArray(), s0, u0, vt0);
        ManagedKernels.Instance.Svd(rows, columns, a.AsColumnMajorArray(), s1, u1, vt1);
        for (int k = 0; k < p; k++) Assert.True(Math.Abs(s0[k] - s1[k]) <= 1e-12 * s1[0], $"σ_{k + 1}: {s0[k]:G17} vs {s1[k]:G17}");
        foreach (var (s, u, vt) in new[] { (s0, u0, vt0), (s1, u1, vt1) })
        {
            var um = Matrix<double>.Build.Dense(rows, p, u);
            var vtm = Matrix<double>.Build.Dense(p, columns, vt);
            var back = um * Matrix<double>.Build.DenseOfDiagonalArray(s) * vtm;
            Assert.True((back - a).InfinityNorm() <= 1e-12 * a.InfinityNorm(), "U Σ Vᵀ reconstructs A");
            Assert.True((um.TransposeThisAndMultiply(um) - Matrix<double>.Build.DenseIdentity(p)).InfinityNorm() <= 1e-12);
            Assert.True((vtm.TransposeAndMultiply(vtm) - Matrix<double>.Build.DenseIdentity(p)).InfinityNorm() <= 1e-12);
        }
        // and σ₁ against an independent computation: λmax(AᵀA) by Lanczos on the Gram operator
        AssertRel(SpectralNorm.Top(a).Value, s0[0], 1e-12, "σ₁ vs SpectralNorm");
    }

    [Fact]
    public void Compact_svd_native_route_matches_mathnet()
    {
        // 150 × 120 of rank 40: m·n·p = 2.16e6 multiply-adds, above the native threshold, so dgesdd runs.
        var a = RandomOfRank(new Random(7), 150, 120, 40);
        var native = CompactSvd.Of(a);
        var reference = a.Svd(computeVectors: true); // MathNet's managed SVD, independent of the seam
        Assert.Equal(40, native.Rank);
        for (int k = 0; k < 120; k++) Assert.True(Math.Abs(native.SingularValues[k] - reference.S[k]) <= 1e-12 * reference.S[0]);
        // The factors are unique up to signs: compare the projectors U_r U_rᵀ and the reconstruction U_r Σ_r V_rᵀ.
        var ur = reference.U.SubMatrix(0, 150, 0, 40);
        Assert.True((native.U.TransposeAndMultiply(native.U) - ur.TransposeAndMultiply(ur)).InfinityNorm() <= 1e-10);
        var back = native.U * Matrix<double>.Build.DenseOfDiagonalArray(native.RetainedValues.ToArray()) * native.V.Transpose();
        Assert.True((back - a).InfinityNorm() <= 1e-12 * a.InfinityNorm());
    }

    // The verdict's values-first SVD (dgesdd without vectors, the top pair by Lanczos when σ₁ is separated) against the
    // full decomposition: the same values and rank, the same top pair up to sign; with σ₁ = σ₂ it falls back to U_r, V_r.
    [Fact]
    public void Values_first_svd_matches_the_full_one_and_its_top_pair_is_a_singular_pair()
    {
        var a = Gaussian(new Random(12), 140, 180);
        var lazy = CompactSvd.ValuesFirst(a);
        var full = CompactSvd.Of(a);
        Assert.Equal(full.Rank, lazy.Rank);
        for (int k = 0; k < 140; k++) Assert.True(Math.Abs(lazy.SingularValues[k] - full.SingularValues[k]) <= 1e-12 * full.Largest);
        var (u, v) = lazy.TopPair();
        Assert.True(Math.Abs(Math.Abs(u.DotProduct(full.U.Column(0))) - 1) <= 1e-10);
        Assert.True(((a * v) - full.Largest * u).L2Norm() <= 1e-10 * full.Largest, "A v₁ = σ₁ u₁ (a consistent pair)");

        var d = Enumerable.Range(0, 130).Select(i => i < 2 ? 5.0 : 1.0 + 0.01 * i).ToArray(); // σ₁ = σ₂ = 5
        var q1 = Gaussian(new Random(13), 150, 130).QR().Q.SubMatrix(0, 150, 0, 130);
        var q2 = Gaussian(new Random(14), 140, 130).QR().Q.SubMatrix(0, 140, 0, 130);
        var b = q1 * Matrix<double>.Build.DenseOfDiagonalArray(d) * q2.Transpose();
        var tied = CompactSvd.ValuesFirst(b);
        var (ut, vt) = tied.TopPair();
        Assert.Equal(tied.U.Column(0), ut);
        Assert.Equal(tied.V.Column(0), vt);
    }

    [Fact]
    public void Compact_svd_native_route_keeps_relative_scale_at_extreme_magnitudes()
    {
        var a = RandomOfRank(new Random(8), 130, 110, 30);
        var tiny = CompactSvd.Of(a * 1e-200);
        var unit = CompactSvd.Of(a);
        Assert.Equal(unit.Rank, tiny.Rank);
        AssertRel(unit.Largest * 1e-200, tiny.Largest, 1e-13);
    }

    [Fact]
    public void Self_test_rejects_a_wrong_svd()
    {
        string? problem = NativeBlas.SelfTestDisagreement(new SkewedSvd());
        Assert.NotNull(problem);
        Assert.Contains("dgesdd", problem);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(37)]
    [InlineData(120)]
    public void Last_row_ql_matches_a_dense_eigensolver(int k)
    {
        var rng = new Random(k);
        var alpha = Enumerable.Range(0, k).Select(_ => NextGaussian(rng) + 3).ToList();
        var beta = Enumerable.Range(0, k).Select(i => i == k / 2 ? 0 : Math.Abs(NextGaussian(rng))).ToList(); // one split, one extra entry
        Assert.True(TridiagonalQl.TryValuesAndLastRow(alpha, beta, out var values, out var lastRow));
        var t = Matrix<double>.Build.Dense(k, k);
        for (int i = 0; i < k; i++) { t[i, i] = alpha[i]; if (i + 1 < k) t[i, i + 1] = t[i + 1, i] = beta[i]; }
        var evd = t.Evd(Symmetricity.Symmetric);
        double scale = t.L2Norm();
        for (int j = 0; j < k; j++)
        {
            Assert.True(Math.Abs(values[j] - evd.EigenValues[j].Real) <= 1e-13 * scale, $"θ_{j}: {values[j]:G17} vs {evd.EigenValues[j].Real:G17}");
            Assert.True(Math.Abs(Math.Abs(lastRow[j]) - Math.Abs(evd.EigenVectors[k - 1, j])) <= 1e-10, $"s_(k,{j})");
        }
    }

    // n = 24 000 ≥ Lanczos.LargeDimension: the native path (semi-orthogonal basis, last-row QL checks) against the managed
    // one (modified Gram–Schmidt twice on every step, dense checks), for the two largest eigenvalues of a diagonal
    // operator with a known top (a ghost copy of λ₁, the sign of lost orthogonality, would show up as a wrong λ₂).
    [Fact]
    public void Semi_orthogonal_native_lanczos_matches_full_reorthogonalization_and_finds_no_ghosts()
    {
        const int n = 24_000;
        var d = Enumerable.Range(0, n).Select(i => 1.0 + 5e-5 * i).ToArray(); // bulk in [1, 2.2)
        d[^1] = 4; d[^2] = 3.6; d[^3] = 3;
        var op = new DiagonalOperator(d);
        var native = Lanczos.Largest(op, 2, new LanczosOptions { Kernels = Native, MaxIterations = 400 });
        var managed = Lanczos.Largest(op, 2, new LanczosOptions { Kernels = ManagedKernels.Instance, MaxIterations = 400 });
        Assert.True(native.Converged && managed.Converged);
        foreach (var (pair, exact) in native.Pairs.Zip(new[] { 4.0, 3.6 }))
        {
            Assert.True(Math.Abs(pair.Value - exact) <= 1e-12 * 4, $"{pair.Value:G17} vs {exact}");
            Assert.True(pair.Residual <= 1e-11 * 4);
        }
        for (int j = 0; j < 2; j++) Assert.True(Math.Abs(native.Pairs[j].Value - managed.Pairs[j].Value) <= 1e-12 * 4);
        Assert.True(native.Reorthogonalizations < native.Iterations, $"{native.Reorthogonalizations} of {native.Iterations} steps reorthogonalized");
        Assert.Equal(managed.Iterations, managed.Reorthogonalizations);
    }

    [Fact]
    public void K_from_explicit_gram_matrices_equals_k_from_the_point()
    {
        var point = RandomFactorization(new Random(9), 11, 7, 13, 9);
        var f = point.Factors;
        var left = Enumerable.Range(0, point.Depth).Select(i => i == point.Depth - 1 ? null : f.Left[i] * f.Left[i].Transpose()).ToArray();
        var right = Enumerable.Range(0, point.Depth).Select(i => i == 0 ? null : f.Right[i].Transpose() * f.Right[i]).ToArray();
        var general = KOperator.FromGrams(point.OutputDimension, point.InputDimension, left, right);
        var direct = new KOperator(point);
        var x = Gaussian(new Random(10), point.OutputDimension, point.InputDimension);
        Assert.True((general.Apply(x) - direct.Apply(x)).InfinityNorm() <= 1e-13 * direct.Apply(x).InfinityNorm());
        var e = Assert.Throws<ArgumentException>(() => KOperator.FromGrams(11, 9, left, right)); // m and n swapped
        Assert.Contains("9×9", e.Message);
        Assert.Throws<ArgumentException>(() => KOperator.FromGrams(9, 11, left, right[..1]));
        Assert.Equal(9, point.OutputDimension);
    }

    // The fused native products (three GEMMs over stacked Gram matrices) against one managed product per term, at
    // depths 3 (one stacked S_i), 4 and 5, and against the dense Σ S_i ⊗ T_i.
    [Theory]
    [InlineData(new[] { 23, 17, 29 })]
    [InlineData(new[] { 23, 17, 31, 29 })]
    [InlineData(new[] { 19, 23, 11, 31, 13, 29 })]
    public void Fused_native_k_matches_one_product_per_term(int[] widths)
    {
        var point = RandomFactorization(new Random(widths.Sum()), widths);
        var x = Gaussian(new Random(11), point.OutputDimension, point.InputDimension);
        var fused = new KOperator(point, Native).Apply(x);
        var unfused = new KOperator(point, Native, fuse: false).Apply(x);
        var managed = new KOperator(point, ManagedKernels.Instance).Apply(x);
        Assert.True((fused - managed).InfinityNorm() <= 1e-12 * managed.InfinityNorm());
        Assert.True((unfused - managed).InfinityNorm() <= 1e-12 * managed.InfinityNorm());
        var dense = new KOperator(point, ManagedKernels.Instance).ToDense();
        int m = point.OutputDimension, n = point.InputDimension;
        var expected = dense * Vector<double>.Build.Dense(m * n, i => x[i / n, i % n]);
        for (int i = 0; i < m * n; i++) Assert.True(Math.Abs(fused[i / n, i % n] - expected[i]) <= 1e-12 * managed.InfinityNorm());
    }

    private sealed class DiagonalOperator(double[] d) : ISymmetricOperator
    {
        public int Dimension => d.Length;

        public void Apply(ReadOnlySpan<double> x, Span<double> y)
        {
            for (int i = 0; i < d.Length; i++) y[i] = d[i] * x[i];
        }
    }

    /// <summary>Managed kernels whose SVD is off by 1e-9 in σ₂: what a miscompiled LAPACK looks like.</summary>
    private sealed class SkewedSvd : DenseKernels
    {
        public override string Name => "skewed SVD";
        public override string Description => "skewed SVD";
        public override bool IsNative => false;

        public override void Gemm(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c) =>
            ManagedKernels.Instance.Gemm(transposeA, transposeB, m, n, k, a, b, beta, c);

        public override void Gemv(bool transpose, int rows, int columns, double alpha, ReadOnlySpan<double> a, ReadOnlySpan<double> x, double beta, Span<double> y) =>
            ManagedKernels.Instance.Gemv(transpose, rows, columns, alpha, a, x, beta, y);

        public override void Gram(bool transpose, int rows, int columns, ReadOnlySpan<double> a, Span<double> c) =>
            ManagedKernels.Instance.Gram(transpose, rows, columns, a, c);

        public override void Svd(int rows, int columns, ReadOnlySpan<double> a, Span<double> s, Span<double> u, Span<double> vt)
        {
            base.Svd(rows, columns, a, s, u, vt);
            s[1] *= 1 + 1e-9;
        }
    }
}
