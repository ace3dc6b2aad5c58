namespace Sharpness.LinearAlgebra;

/// <summary>
/// Eigenvalues of a symmetric tridiagonal matrix T and the <em>last</em> component of each unit eigenvector, in
/// O(k²): the implicit QL iteration with Wilkinson shifts (EISPACK tql2; Bowdler, Martin, Reinsch &amp; Wilkinson,
/// Numer. Math. 11, 1968) with the rotations applied to the last row of the eigenvector matrix only. That row is all
/// a Lanczos convergence test needs: the Ritz residual estimate of pair j is |β_k s_{k,j}| (Paige).
/// </summary>
internal static class TridiagonalQl
{
    /// <summary>Ascending eigenvalues of T (diagonal <paramref name="diagonal"/>, off-diagonal
    /// <paramref name="offDiagonal"/>[i] = T[i, i+1], only the first k − 1 entries read) and the last components of the
    /// matching unit eigenvectors; false when the iteration did not converge (then use a dense solver).</summary>
    public static bool TryValuesAndLastRow(IReadOnlyList<double> diagonal, IReadOnlyList<double> offDiagonal,
        out double[] values, out double[] lastRow)
    {
        int n = diagonal.Count;
        var d = new double[n];
        var e = new double[n];
        var z = new double[n];
        for (int i = 0; i < n; i++) d[i] = diagonal[i];
        for (int i = 0; i + 1 < n; i++) e[i] = offDiagonal[i];
        if (n > 0) z[n - 1] = 1;
        values = d;
        lastRow = z;
        double f = 0, tst1 = 0, eps = Math.Pow(2, -52);
        for (int l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n && Math.Abs(e[m]) > eps * tst1) m++;
            if (m == n) m = n - 1;
            if (m > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > 60) return false;
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1, el1 = e[l + 1], s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        h = z[i + 1];                 // the rotation on columns i, i+1 of the eigenvector matrix,
                        z[i + 1] = s * z[i] + c * h;  // restricted to its last row
                        z[i] = c * z[i] - s * h;
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
                while (Math.Abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
        // Ascending, stable (ties keep their order, as OrderBy did): insertion sort of (d, z) pairs, O(k²) at worst
        // like the iteration itself, without the allocations of a LINQ sort on a path that runs after every step.
        for (int i = 1; i < n; i++)
        {
            double key = d[i], row = z[i];
            int j = i - 1;
            for (; j >= 0 && d[j] > key; j--) { d[j + 1] = d[j]; z[j + 1] = z[j]; }
            d[j + 1] = key;
            z[j + 1] = row;
        }
        for (int i = 0; i < n; i++) if (!double.IsFinite(d[i])) return false;
        return true;
    }

    /// <summary>
    /// The unit eigenvector x of the k × k symmetric tridiagonal T (diagonal <paramref name="diagonal"/>, off-diagonal
    /// <paramref name="offDiagonal"/>[i] = T[i, i+1]) for an eigenvalue <paramref name="theta"/> already known to
    /// working accuracy (from <see cref="TryValuesAndLastRow"/>), by inverse iteration: three solves of
    /// (T − θI) y = x with Gaussian elimination with partial pivoting (LAPACK dgttrf/dgttrs; a zero pivot becomes
    /// ε‖T‖, as in dstein), from a fixed generic start, each followed by normalization. O(k) instead of the O(k³) dense
    /// eigensolve, for a Lanczos run that needs one Ritz vector. Wilkinson's analysis (and dstein's use of it): with θ
    /// accurate to O(ε‖T‖) the iterate's residual ‖(T − θI)x‖ is O(ε‖T‖) after one or two solves.
    /// </summary>
    /// <returns>False when the residual ‖(T − θI)x‖₂ is not below 16·k·ε·‖T‖ (then use a dense solver); x's sign is
    /// fixed by making its largest-magnitude entry positive.</returns>
    public static bool TryEigenvector(IReadOnlyList<double> diagonal, IReadOnlyList<double> offDiagonal, double theta, Span<double> x, TridiagonalScratch scratch)
    {
        int n = x.Length;
        if (n == 0 || diagonal.Count < n) return false;
        if (n == 1) { x[0] = 1; return true; }
        double norm = Norm1(diagonal, offDiagonal, n);
        if (!(norm > 0) || !double.IsFinite(norm)) return false;
        Factor(diagonal, offDiagonal, n, theta, norm, scratch);
        // A generic fixed start (no eigenvector of an unreduced T is orthogonal to it in practice; the residual test
        // below catches the case that it is).
        for (int i = 0; i < n; i++) x[i] = 1 + 0.5 * Math.Sin(i + 1);
        for (int iteration = 0; iteration < 3; iteration++)
            if (!SolveAndScale(n, x, scratch)) return false;
        Normalize(x);
        double residual = 0;
        for (int i = 0; i < n; i++)
        {
            double r = (diagonal[i] - theta) * x[i];
            if (i > 0) r += offDiagonal[i - 1] * x[i - 1];
            if (i + 1 < n) r += offDiagonal[i] * x[i + 1];
            residual += r * r;
        }
        return Math.Sqrt(residual) <= 16 * n * Epsilon * norm;
    }

    private static readonly double Epsilon = Math.Pow(2, -52);

    private static double Norm1(IReadOnlyList<double> diagonal, IReadOnlyList<double> offDiagonal, int n)
    {
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            double row = Math.Abs(diagonal[i]) + (i > 0 ? Math.Abs(offDiagonal[i - 1]) : 0) + (i + 1 < n ? Math.Abs(offDiagonal[i]) : 0);
            norm = Math.Max(norm, row);
        }
        return norm;
    }

    /// <summary>Unit 2-norm, the largest-magnitude entry positive; false for a zero or non-finite vector.</summary>
    private static bool Normalize(Span<double> x)
    {
        double sum = 0;
        int largest = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * x[i];
            if (Math.Abs(x[i]) > Math.Abs(x[largest])) largest = i;
        }
        if (!(sum > 0) || !double.IsFinite(sum)) return false;
        double inverse = (x[largest] < 0 ? -1 : 1) / Math.Sqrt(sum);
        for (int i = 0; i < x.Length; i++) x[i] *= inverse;
        return true;
    }

    /// <summary>dgttrf: T − θI = P L U (U with two superdiagonals) into <paramref name="s"/>; a zero pivot becomes
    /// ε‖T‖ (dstein's perturbation).</summary>
    private static void Factor(IReadOnlyList<double> diagonal, IReadOnlyList<double> offDiagonal, int n, double theta, double norm, TridiagonalScratch s)
    {
        s.Ensure(n);
        var (d, du, du2, dl, pivot) = (s.D, s.Du, s.Du2, s.Dl, s.Pivot);
        double tiny = Epsilon * norm;
        for (int i = 0; i < n; i++) d[i] = diagonal[i] - theta;
        for (int i = 0; i + 1 < n; i++) { du[i] = offDiagonal[i]; dl[i] = offDiagonal[i]; du2[i] = 0; }
        for (int i = 0; i + 1 < n; i++)
        {
            if (Math.Abs(d[i]) >= Math.Abs(dl[i]))
            {
                pivot[i] = false;
                if (d[i] == 0) d[i] = tiny;
                double l = dl[i] / d[i];
                dl[i] = l;
                d[i + 1] -= l * du[i];
            }
            else
            {
                pivot[i] = true;
                double l = d[i] / dl[i];
                d[i] = dl[i];
                dl[i] = l;
                double temp = du[i];
                du[i] = d[i + 1];
                d[i + 1] = temp - l * d[i + 1];
                if (i + 2 < n)
                {
                    du2[i] = du[i + 1];
                    du[i + 1] = -l * du[i + 1];
                }
            }
        }
        if (d[n - 1] == 0) d[n - 1] = tiny;
    }

    /// <summary>dgttrs: x ← (T − θI)⁻¹x with the factors of <see cref="Factor"/> (n ≥ 2), then x scaled to max-norm 1
    /// (so that the next solve cannot overflow); false when the result is not finite.</summary>
    private static bool SolveAndScale(int n, Span<double> x, TridiagonalScratch s)
    {
        var (d, du, du2, dl, pivot) = (s.D, s.Du, s.Du2, s.Dl, s.Pivot);
        for (int i = 0; i + 1 < n; i++)
        {
            if (pivot[i]) { double t = x[i]; x[i] = x[i + 1]; x[i + 1] = t - dl[i] * x[i + 1]; }
            else x[i + 1] -= dl[i] * x[i];
        }
        x[n - 1] /= d[n - 1];
        x[n - 2] = (x[n - 2] - du[n - 2] * x[n - 1]) / d[n - 2];
        for (int i = n - 3; i >= 0; i--) x[i] = (x[i] - du[i] * x[i + 1] - du2[i] * x[i + 2]) / d[i];
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.Max(scale, Math.Abs(x[i]));
        if (!(scale > 0) || !double.IsFinite(scale)) return false;
        for (int i = 0; i < n; i++) x[i] /= scale;
        return true;
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }
}

/// <summary>Reusable scratch of <see cref="TridiagonalQl.TryEigenvector"/> (grows, never shrinks).</summary>
internal sealed class TridiagonalScratch
{
    public double[] D = [], Du = [], Du2 = [], Dl = [];
    public bool[] Pivot = [];

    public void Ensure(int n)
    {
        if (D.Length >= n) return;
        int size = Math.Max(n, 2 * D.Length);
        (D, Du, Du2, Dl, Pivot) = (new double[size], new double[size], new double[size], new double[size], new bool[size]);
    }
}
