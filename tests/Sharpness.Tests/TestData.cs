using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Tests;

/// <summary>Seeded random inputs and the hard-coded fixtures of theory §5.</summary>
internal static class TestData
{
    public static Matrix<double> M(double[,] a) => Matrix<double>.Build.DenseOfArray(a);

    public static Matrix<double> Diag(params double[] d) => Matrix<double>.Build.DenseOfDiagonalArray(d);

    public static Matrix<double> Gaussian(Random rng, int rows, int cols) =>
        Matrix<double>.Build.Dense(rows, cols, (_, _) => NextGaussian(rng));

    public static double NextGaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Random layers with widths d_0..d_N.</summary>
    public static DeepFactorization RandomFactorization(Random rng, params int[] widths) =>
        new(Enumerable.Range(1, widths.Length - 1).Select(i => Gaussian(rng, widths[i], widths[i - 1]) / Math.Sqrt(widths[i - 1])));

    /// <summary>F2: L = diag(2,1), R = diag(1,2), M = 2I.</summary>
    public static DeepFactorization F2 => DeepFactorization.FromLeftRight(Diag(2, 1), Diag(1, 2));

    /// <summary>Check 10: the F3 family L = diag(2, g), R = diag(2, 1/g) of M = diag(4, 1) — (g, λmax) from the spec.</summary>
    public static TheoryData<double, double> F3Checkpoints => new()
    {
        { 0.5, 8.0 }, { 0.7, 8.0 }, { 1.0, 8.0 }, { 1.5, 8.0 }, { 2.0, 8.0 }, { 2.5, 10.25 }, { 0.3, 15.111111111111112 },
    };

    /// <summary>F4: integer depth-2 fixture, P = 18.</summary>
    public static DeepFactorization F4 => DeepFactorization.FromLeftRight(
        M(new double[,] { { 1, 2, 0 }, { 0, 1, 1 } }),
        M(new double[,] { { 1, 0, 1 }, { 2, 1, 0 }, { 0, 1, 1 }, { 1, 1, 1 } }));

    /// <summary>F6: flat but not strongly balanced (depth 3).</summary>
    public static DeepFactorization F6 => new(Diag(1, 0.2), Diag(1, 0.5), Diag(1, 1.25));

    /// <summary>F7: weakly balanced but not flat (depth 3).</summary>
    public static DeepFactorization F7 => new(Diag(2, 1), 2 * Diag(1, 1), Diag(1, 2));

    /// <summary>F8: top eigenvector of K far from rank one (exact dyadics).</summary>
    public static DeepFactorization F8 => new(
        M(new double[,] { { -37, -22 }, { 21, 36 } }) / 64,
        M(new double[,] { { 42, 34 }, { 105, 119 } }) / 64,
        M(new double[,] { { -16, -3 }, { -42, 23 } }) / 64);

    /// <summary>F3 flat family: M = diag(4,1), L = diag(2,g), R = diag(2,1/g).</summary>
    public static DeepFactorization F3(double g) => DeepFactorization.FromLeftRight(Diag(2, g), Diag(2, 1 / g));

    /// <summary>F5 scalar chain w = (1, 2, 0.5, 4), m = 4.</summary>
    public static DeepFactorization F5 => DeepFactorization.ScalarChain(1, 2, 0.5, 4);

    /// <summary>F5b 15-layer scalar chain: (0.5, 1, 2) repeated 5 times, m = 1.</summary>
    public static DeepFactorization F5b => DeepFactorization.ScalarChain(Enumerable.Repeat(new[] { 0.5, 1, 2 }, 5).SelectMany(x => x).ToArray());

    /// <summary>A random m × n matrix of the given rank: U diag(s) Vᵀ with Haar-like U, V (QR of Gaussians) and
    /// singular values s uniform in [0.5, 2].</summary>
    public static Matrix<double> RandomOfRank(Random rng, int rows, int cols, int rank)
    {
        if (rank == 0) return Matrix<double>.Build.Dense(rows, cols);
        var u = Gaussian(rng, rows, rank).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        var v = Gaussian(rng, cols, rank).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        var s = Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(0, rank).Select(_ => 0.5 + 1.5 * rng.NextDouble()).ToArray());
        return u * s * v.Transpose();
    }

    public static void AssertRel(double expected, double actual, double rel, string? what = null)
    {
        double err = Math.Abs(actual - expected);
        Assert.True(err <= rel * Math.Max(Math.Abs(expected), double.Epsilon),
            $"{what ?? "value"}: expected {expected:R}, got {actual:R} (relative error {err / Math.Abs(expected):G3} > {rel:G3})");
    }
}
