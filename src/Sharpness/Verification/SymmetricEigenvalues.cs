using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.Verification;

/// <summary>
/// All eigenvalues (no eigenvectors) of a dense symmetric matrix: Householder reduction to tridiagonal form, then
/// bisection with Sturm-sequence counts for every eigenvalue. For the brute-force spectra of large Hessians
/// (P ≈ 1000–3000), where MathNet's managed eigendecomposition spends most of its time on eigenvectors nobody reads.
/// </summary>
/// <remarks>
/// <para>Reduction: for k = 0..n−3 a reflector H_k = I − β v vᵀ zeros column k below the subdiagonal, and the
/// trailing block is updated as A ← A − v wᵀ − w vᵀ with p = βAv, w = p − ½β(pᵀv)v (Golub–Van Loan §8.3.1).
/// Every step is an operator application and two rank-one updates on contiguous columns (vectorized kernels).</para>
/// <para>Bisection: the number of eigenvalues of T below x is the number of negative pivots of T − xI
/// (q_0 = d_0 − x, q_i = d_i − x − e_{i−1}²/q_{i−1}); each eigenvalue is bisected inside the Gershgorin interval
/// until the bracket is within a few ulps, so the absolute error is O(ε‖A‖) for every eigenvalue — the accuracy of
/// a backward-stable dense solver.</para>
/// </remarks>
public static class SymmetricEigenvalues
{
    private const double MachineEpsilon = 2.220446049250313e-16;  // 2⁻⁵², the spacing of doubles at 1
    private const double SafeMinimum = 2.2250738585072014e-308;   // smallest normal double

    /// <summary>The eigenvalues of the symmetric part ½(A + Aᵀ) of a square matrix, largest first.</summary>
    public static double[] Descending(Matrix<double> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.RowCount != a.ColumnCount) throw new ShapeMismatchException($"The matrix must be square; it is {a.RowCount}×{a.ColumnCount}.");
        int n = a.RowCount;
        if (n == 0) return [];
        var work = (0.5 * (a + a.Transpose())).ToColumnMajorArray();
        for (int i = 0; i < work.Length; i++)
            if (!double.IsFinite(work[i])) throw new NonFiniteEntryException("the symmetric part of the matrix", i % n, i / n, work[i]);
        var (d, e) = Tridiagonalize(work, n);
        var values = Bisect(d, e);
        Array.Reverse(values);
        return values;
    }

    /// <summary>Householder reduction of the symmetric column-major n × n array (overwritten) to diagonal d and
    /// off-diagonal e.</summary>
    internal static (double[] Diagonal, double[] OffDiagonal) Tridiagonalize(double[] a, int n)
    {
        var d = new double[n];
        var e = new double[Math.Max(n - 1, 0)];
        var v = new double[n];
        var p = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            int m = n - k - 1; // size of the trailing block, rows/columns k+1..n−1
            var x = a.AsSpan(k * n + k + 1, m);
            double alpha = VectorKernels.Norm(x);
            if (alpha == 0) { e[k] = 0; continue; }
            // v = x + sign(x_0)‖x‖e_1 (no cancellation), β = 2/vᵀv; then H x = −sign(x_0)‖x‖ e_1.
            double sign = x[0] >= 0 ? 1 : -1;
            var vs = v.AsSpan(0, m);
            x.CopyTo(vs);
            vs[0] += sign * alpha;
            double vtv = VectorKernels.Dot(vs, vs);
            double beta = 2 / vtv;
            e[k] = -sign * alpha;

            // p = β A_{trail} v, as Σ_j v_j A[:, j] over contiguous trailing columns.
            var ps = p.AsSpan(0, m);
            ps.Clear();
            for (int j = 0; j < m; j++)
                VectorKernels.Axpy(beta * vs[j], a.AsSpan((k + 1 + j) * n + k + 1, m), ps);
            // w = p − ½β(pᵀv) v, stored in p.
            VectorKernels.Axpy(-0.5 * beta * VectorKernels.Dot(ps, vs), vs, ps);
            // A ← A − v wᵀ − w vᵀ, column by column.
            for (int j = 0; j < m; j++)
            {
                var column = a.AsSpan((k + 1 + j) * n + k + 1, m);
                VectorKernels.Axpy(-ps[j], vs, column);
                VectorKernels.Axpy(-vs[j], ps, column);
            }
        }
        for (int i = 0; i < n; i++) d[i] = a[i * n + i];
        if (n >= 2) e[n - 2] = a[(n - 2) * n + n - 1];
        return (d, e);
    }

    /// <summary>All eigenvalues of the symmetric tridiagonal (d, e), ascending, by Sturm bisection.</summary>
    internal static double[] Bisect(double[] d, double[] e)
    {
        int n = d.Length;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity, maxE2 = 0;
        for (int i = 0; i < n; i++)
        {
            double r = (i > 0 ? Math.Abs(e[i - 1]) : 0) + (i < n - 1 ? Math.Abs(e[i]) : 0);
            lo = Math.Min(lo, d[i] - r);
            hi = Math.Max(hi, d[i] + r);
            if (i < n - 1) maxE2 = Math.Max(maxE2, e[i] * e[i]);
        }
        double norm = Math.Max(Math.Abs(lo), Math.Abs(hi));
        if (norm == 0) return new double[n];
        // Pivots smaller than this are replaced by −pivotFloor (as LAPACK's dstebz), so no division by zero.
        double pivotFloor = SafeMinimum * Math.Max(1, maxE2);
        double slack = 4 * MachineEpsilon * norm + SafeMinimum;
        // Bisection stops at a few ulps of the eigenvalue, or at 1e-3 ulp of ‖T‖ for eigenvalues near zero (their
        // absolute error is O(ε‖A‖) anyway, so halving further only costs time).
        double floor = 1e-3 * MachineEpsilon * norm;
        lo -= slack;
        hi += slack;

        var values = new double[n];
        for (int k = 0; k < n; k++)
        {
            // The k-th smallest eigenvalue λ_k satisfies count(λ_k⁻) ≤ k < count(λ_k⁺).
            double a = k > 0 ? values[k - 1] - slack : lo, b = hi;
            a = Math.Max(a, lo);
            for (int it = 0; it < 200; it++)
            {
                double mid = 0.5 * (a + b);
                if (mid <= a || mid >= b || b - a <= 2 * MachineEpsilon * Math.Max(Math.Abs(a), Math.Abs(b)) + floor) break;
                if (CountBelow(d, e, mid, pivotFloor) > k) b = mid;
                else a = mid;
            }
            values[k] = 0.5 * (a + b);
        }
        return values;
    }

    private static int CountBelow(double[] d, double[] e, double x, double pivotFloor)
    {
        int count = 0;
        double q = d[0] - x;
        if (Math.Abs(q) < pivotFloor) q = -pivotFloor;
        if (q < 0) count++;
        for (int i = 1; i < d.Length; i++)
        {
            q = d[i] - x - e[i - 1] * e[i - 1] / q;
            if (Math.Abs(q) < pivotFloor) q = -pivotFloor;
            if (q < 0) count++;
        }
        return count;
    }
}
