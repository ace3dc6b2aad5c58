using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.Exact;

/// <summary>
/// A start vector for K-Lanczos from K's Kronecker structure: the top Ritz vector of K on the tensor subspace
/// span(L) ⊗ span(R), where L spans the dominant ranges of the left Gram matrices S_i and R those of the right Gram
/// matrices T_i (randomized subspace iteration; Halko, Martinsson &amp; Tropp, SIAM Review 53, 2011), plus a small
/// seeded random part so that the Krylov space is never trapped in an invariant subspace of K.
/// </summary>
/// <remarks>The projected operator Σ (LᵀS_iL) ⊗ (RᵀT_iR) is small (rank·(N−1) on each side), so its top pair costs a
/// few of K's applications at most; K-Lanczos from the result needs fewer steps to the same tolerance, whose residual
/// test is unchanged (the start vector changes how fast Lanczos converges, not what it converges to).</remarks>
internal static class KStartVector
{
    /// <summary>Size of the random part relative to the structured one.</summary>
    internal const double RandomPart = 1e-2;

    public static double[] TensorRitz(KOperator op, int rank, int seed)
    {
        int m = op.Rows, n = op.Columns;
        var kernels = op.Kernels;
        var rng = new Random(seed);
        var left = RangeBasis(Enumerable.Range(0, op.Terms).Select(op.LeftGram), m, rank, kernels, rng);
        var right = RangeBasis(Enumerable.Range(0, op.Terms).Select(op.RightGram), n, rank, kernels, rng);
        var sp = Enumerable.Range(0, op.Terms).Select(i => Project(op.LeftGram(i), left, kernels)).ToArray();
        var tp = Enumerable.Range(0, op.Terms).Select(i => Project(op.RightGram(i), right, kernels)).ToArray();
        var small = KOperator.FromGrams(left.ColumnCount, right.ColumnCount, sp, tp, ManagedKernels.Instance);
        var top = Lanczos.Largest(small, 1, new LanczosOptions { Tolerance = 1e-10, Seed = seed, Kernels = ManagedKernels.Instance }).Top;
        var y = Matrix<double>.Build.Dense(left.ColumnCount, right.ColumnCount, top.Vector);
        var x = kernels.Product(kernels.Product(left, y), right, transposeB: true).AsColumnMajorArray();
        double norm = Lanczos.Norm(x);
        double scale = RandomPart * norm / Math.Sqrt(x.Length / 12.0); // uniform(−½, ½) has variance 1/12
        for (int i = 0; i < x.Length; i++) x[i] += scale * (rng.NextDouble() - 0.5);
        return x;
    }

    // An orthonormal basis of the sum of the dominant rank-r ranges of the given symmetric matrices (null: identity,
    // skipped): G·orth(G Ω) for a seeded uniform Ω (one power step), then a thin QR of the concatenation.
    private static Matrix<double> RangeBasis(IEnumerable<double[]?> grams, int size, int rank, DenseKernels kernels, Random rng)
    {
        var blocks = new List<Matrix<double>>();
        int r = Math.Min(rank, size);
        foreach (var g in grams)
        {
            if (g is null) continue;
            var gm = Matrix<double>.Build.Dense(size, size, g);
            var omega = Matrix<double>.Build.Dense(size, r, (_, _) => rng.NextDouble() - 0.5);
            var y = kernels.Product(gm, omega);
            y = kernels.Product(gm, y.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q);
            blocks.Add(y);
        }
        if (blocks.Count == 0) return Matrix<double>.Build.DenseIdentity(size, Math.Min(size, rank));
        var all = blocks[0];
        for (int i = 1; i < blocks.Count; i++) all = all.Append(blocks[i]);
        if (all.ColumnCount > size) all = all.SubMatrix(0, size, 0, size);
        return all.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
    }

    private static Matrix<double>? Project(double[]? gram, Matrix<double> basis, DenseKernels kernels)
    {
        if (gram is null) return null;
        int size = basis.RowCount;
        var g = Matrix<double>.Build.Dense(size, size, gram);
        var p = kernels.Product(basis, kernels.Product(g, basis), transposeA: true);
        return (p + p.Transpose()) / 2; // exactly symmetric
    }
}
