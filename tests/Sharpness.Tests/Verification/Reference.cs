using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Tests.Verification;

/// <summary>
/// Independent reference computations for the tests: naive products, Kronecker-built Jacobian and K, plain loss,
/// dense eigenvalues, the balanced minimizer of theory §2.6. Nothing here calls the library's numerics (only its
/// <see cref="DeepFactorization.Layers"/> accessor), so comparing against it is comparing two separate computations.
/// </summary>
internal static class Reference
{
    /// <summary>W_N ⋯ W_1 multiplied left to right in the test (not by the library's sweep).</summary>
    public static Matrix<double> Product(IReadOnlyList<Matrix<double>> layers)
    {
        var p = layers[0].Clone();
        for (int i = 1; i < layers.Count; i++) p = layers[i] * p;
        return p;
    }

    /// <summary>A_i = W_N ⋯ W_{i+1} for the 1-based layer number i (identity for i = N).</summary>
    public static Matrix<double> Left(IReadOnlyList<Matrix<double>> layers, int i)
    {
        int n = layers.Count;
        var a = Matrix<double>.Build.DenseIdentity(layers[n - 1].RowCount);
        for (int j = n; j > i; j--) a = a * layers[j - 1];
        return a;
    }

    /// <summary>B_i = W_{i-1} ⋯ W_1 for the 1-based layer number i (identity for i = 1).</summary>
    public static Matrix<double> Right(IReadOnlyList<Matrix<double>> layers, int i)
    {
        var b = Matrix<double>.Build.DenseIdentity(layers[0].ColumnCount);
        for (int j = 1; j < i; j++) b = layers[j - 1] * b;
        return b;
    }

    /// <summary>½‖P − M‖²_F by a plain sum of squares.</summary>
    public static double Loss(IReadOnlyList<Matrix<double>> layers, Matrix<double> target)
    {
        var e = Product(layers) - target;
        double s = 0;
        foreach (double x in e.Enumerate()) s += x * x;
        return 0.5 * s;
    }

    /// <summary>J = [A_1 ⊗ B_1ᵀ, …, A_N ⊗ B_Nᵀ] (row-major vec of P and of each layer; theory §2.1).</summary>
    public static Matrix<double> Jacobian(IReadOnlyList<Matrix<double>> layers)
    {
        var blocks = Enumerable.Range(1, layers.Count)
            .Select(i => Left(layers, i).KroneckerProduct(Right(layers, i).Transpose())).ToArray();
        var j = blocks[0];
        for (int k = 1; k < blocks.Length; k++) j = j.Append(blocks[k]);
        return j;
    }

    /// <summary>K = Σ_i (A_iA_iᵀ) ⊗ (B_iᵀB_i), the row-major-vec form.</summary>
    public static Matrix<double> KRowMajor(IReadOnlyList<Matrix<double>> layers) =>
        Enumerable.Range(1, layers.Count)
            .Select(i => (S: Gram(Left(layers, i)), T: Right(layers, i).TransposeThisAndMultiply(Right(layers, i))))
            .Select(st => st.S.KroneckerProduct(st.T))
            .Aggregate((x, y) => x + y);

    /// <summary>K = Σ_i (B_iᵀB_i) ⊗ (A_iA_iᵀ), the column-major-vec form (same spectrum).</summary>
    public static Matrix<double> KColumnMajor(IReadOnlyList<Matrix<double>> layers) =>
        Enumerable.Range(1, layers.Count)
            .Select(i => (S: Gram(Left(layers, i)), T: Right(layers, i).TransposeThisAndMultiply(Right(layers, i))))
            .Select(st => st.T.KroneckerProduct(st.S))
            .Aggregate((x, y) => x + y);

    /// <summary>A Aᵀ.</summary>
    public static Matrix<double> Gram(Matrix<double> a) => a.TransposeAndMultiply(a);

    /// <summary>Eigenvalues of a symmetric matrix by MathNet's dense solver, largest first.</summary>
    public static double[] Eigenvalues(Matrix<double> symmetric) =>
        symmetric.Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).OrderByDescending(x => x).ToArray();

    /// <summary>Largest singular value by MathNet's SVD.</summary>
    public static double SpectralNorm(Matrix<double> a) => a.Svd(false).S[0];

    /// <summary>The concatenated row-major parameter vector, read off the layers entry by entry.</summary>
    public static Vector<double> Vec(DeepFactorization w)
    {
        var list = new List<double>();
        foreach (var layer in w.Layers)
            for (int r = 0; r < layer.RowCount; r++)
                for (int c = 0; c < layer.ColumnCount; c++)
                    list.Add(layer[r, c]);
        return Vector<double>.Build.DenseOfEnumerable(list);
    }

    /// <summary>A matrix with orthonormal columns (d × r) from the QR factorization of a seeded Gaussian matrix.</summary>
    public static Matrix<double> OrthonormalColumns(Random rng, int d, int r)
    {
        var q = TestData.Gaussian(rng, d, Math.Max(r, 1)).QR().Q;
        return q.SubMatrix(0, d, 0, r);
    }

    /// <summary>
    /// The balanced minimizer of theory §2.6 with widths d_0..d_N: W_1 = Q_1Σ^{1/N}V_rᵀ, W_i = Q_iΣ^{1/N}Q_{i−1}ᵀ,
    /// W_N = U_rΣ^{1/N}Q_{N−1}ᵀ (W_1 = M for N = 1), from MathNet's SVD of M. The rank uses the relative
    /// threshold σ &gt; 1e-12·σ₁ (theory check 26: an absolute threshold fails at small scales). M must be nonzero.
    /// </summary>
    public static DeepFactorization BalancedMinimizer(Matrix<double> m, IReadOnlyList<int> widths, Random rng)
    {
        int depth = widths.Count - 1;
        if (depth == 1) return new DeepFactorization(m);
        // MathNet's managed SVD is not scale-safe (inaccurate at 1e-150, no convergence at 1e160), so decompose
        // M·2^-k with its largest entry in [1, 2) and scale the singular values back: exact in binary.
        int k = Math.ILogB(m.Enumerate().Max(Math.Abs));
        var svd = m.Map(x => Math.ScaleB(x, -k)).Svd(true);
        int r = svd.S.Count(s => s > 1e-12 * svd.S[0]);
        var root = Matrix<double>.Build.DenseOfDiagonalArray(svd.S.Take(r)
            .Select(s => Math.Pow(s, 1.0 / depth) * Math.Pow(2, (double)k / depth)).ToArray());
        var u = svd.U.SubMatrix(0, m.RowCount, 0, r);
        var vt = svd.VT.SubMatrix(0, r, 0, m.ColumnCount);
        var q = new Matrix<double>[depth]; // q[i] for hidden width d_i, i = 1..N−1
        for (int i = 1; i < depth; i++) q[i] = OrthonormalColumns(rng, widths[i], r);
        var layers = new Matrix<double>[depth];
        layers[0] = q[1] * root * vt;
        for (int i = 2; i < depth; i++) layers[i - 1] = q[i] * root * q[i - 1].Transpose();
        layers[depth - 1] = u * root * q[depth - 1].Transpose();
        return new DeepFactorization(layers);
    }

    /// <summary>A seeded symmetric matrix Q diag(spectrum) Qᵀ with a random orthogonal Q.</summary>
    public static Matrix<double> SymmetricWithSpectrum(Random rng, double[] spectrum)
    {
        int n = spectrum.Length;
        var q = OrthonormalColumns(rng, n, n);
        var a = q * Matrix<double>.Build.DenseOfDiagonalArray(spectrum) * q.Transpose();
        return 0.5 * (a + a.Transpose());
    }

    /// <summary>Asserts two descending eigenvalue lists agree entry by entry within an absolute tolerance.</summary>
    public static void AssertSpectraEqual(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double atol, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} expected eigenvalues, {actual.Count} actual");
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= atol,
                $"{what}: eigenvalue {i} expected {expected[i]:R}, got {actual[i]:R} (|diff| {Math.Abs(expected[i] - actual[i]):G3} > {atol:G3})");
    }

    /// <summary>‖a − b‖_F / ‖b‖_F.</summary>
    public static double RelativeDifference(Matrix<double> a, Matrix<double> b) => (a - b).FrobeniusNorm() / b.FrobeniusNorm();

    /// <summary>‖a − b‖ / ‖b‖.</summary>
    public static double RelativeDifference(Vector<double> a, Vector<double> b) => (a - b).L2Norm() / b.L2Norm();
}
