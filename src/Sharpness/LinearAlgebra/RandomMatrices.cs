using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.LinearAlgebra;

/// <summary>
/// Seeded random matrices for building minimizers. Every method draws from the <see cref="Random"/> it is given,
/// so the same seed gives bit-identical matrices (System.Random with a seed is deterministic).
/// </summary>
public static class RandomMatrices
{
    /// <summary>A standard normal draw (Box–Muller on two uniform draws).</summary>
    public static double NextGaussian(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A rows × cols matrix of independent standard normal entries, filled row by row.</summary>
    public static Matrix<double> Gaussian(Random rng, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(rng);
        RequirePositive(rows, cols);
        var a = Matrix<double>.Build.Dense(rows, cols);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                a[r, c] = NextGaussian(rng);
        return a;
    }

    /// <summary>A rows × cols matrix with orthonormal columns (cols ≤ rows), Haar-distributed: the Q of a QR
    /// decomposition of a Gaussian matrix with the signs fixed so that R has a positive diagonal.</summary>
    public static Matrix<double> OrthonormalColumns(Random rng, int rows, int cols)
    {
        RequirePositive(rows, cols);
        if (cols > rows) throw new ArgumentException($"A {rows}×{cols} matrix cannot have orthonormal columns (needs cols ≤ rows).");
        var qr = Gaussian(rng, rows, cols).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var q = qr.Q.Clone();
        for (int c = 0; c < cols; c++)
            if (qr.R[c, c] < 0) q.SetColumn(c, -q.Column(c));
        return q;
    }

    /// <summary>The canonical frame [I_cols; 0] (rows × cols).</summary>
    public static Matrix<double> CanonicalFrame(int rows, int cols)
    {
        RequirePositive(rows, cols);
        if (cols > rows) throw new ArgumentException($"A {rows}×{cols} matrix cannot have orthonormal columns (needs cols ≤ rows).");
        return Matrix<double>.Build.Dense(rows, cols, (r, c) => r == c ? 1 : 0);
    }

    /// <summary>A Haar-random d × d orthogonal matrix.</summary>
    public static Matrix<double> Orthogonal(Random rng, int d) => OrthonormalColumns(rng, d, d);

    /// <summary>A random invertible d × d matrix Q₁ diag(e^{s z_k}) Q₂ᵀ with z_k uniform in [−1, 1] and Q₁, Q₂ Haar
    /// orthogonal: its condition number is at most e^{2s}, so inverses stay accurate.</summary>
    public static Matrix<double> Invertible(Random rng, int d, double spread = 1.0)
    {
        if (!(spread >= 0) || !double.IsFinite(spread)) throw new ArgumentOutOfRangeException(nameof(spread), spread, "The log-spread must be finite and non-negative.");
        var q1 = Orthogonal(rng, d);
        var q2 = Orthogonal(rng, d);
        var s = Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(0, d).Select(_ => Math.Exp(spread * (2 * rng.NextDouble() - 1))).ToArray());
        return q1 * s * q2.Transpose();
    }

    private static void RequirePositive(int rows, int cols)
    {
        if (rows < 1 || cols < 1) throw new ArgumentException($"Matrix dimensions must be positive; got {rows}×{cols}.");
    }
}
