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

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }
}
