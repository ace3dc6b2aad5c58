using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>The fixtures of theory §5 (W_1 first; depth-2 fixtures from L and R with W_1 = Rᵀ, W_2 = L).</summary>
internal static class Fixtures
{
    public static Matrix<double> M(double[,] a) => Matrix<double>.Build.DenseOfArray(a);

    public static Matrix<double> Diag(params double[] d) => Matrix<double>.Build.DenseOfDiagonalArray(d);

    /// <summary>F2: L = diag(2,1), R = diag(1,2), M = 2I.</summary>
    public static DeepFactorization F2 => DeepFactorization.FromLeftRight(Diag(2, 1), Diag(1, 2));

    /// <summary>F4: L = [[1,2,0],[0,1,1]], R = [[1,0,1],[2,1,0],[0,1,1],[1,1,1]].</summary>
    public static DeepFactorization F4 => DeepFactorization.FromLeftRight(
        M(new double[,] { { 1, 2, 0 }, { 0, 1, 1 } }),
        M(new double[,] { { 1, 0, 1 }, { 2, 1, 0 }, { 0, 1, 1 }, { 1, 1, 1 } }));

    /// <summary>F6: W₁ = diag(1,0.2), W₂ = diag(1,0.5), W₃ = diag(1,1.25).</summary>
    public static DeepFactorization F6 => new(Diag(1, 0.2), Diag(1, 0.5), Diag(1, 1.25));

    /// <summary>F7: W₁ = diag(2,1), W₂ = 2I, W₃ = diag(1,2).</summary>
    public static DeepFactorization F7 => new(Diag(2, 1), Diag(2, 2), Diag(1, 2));

    /// <summary>F8: exact dyadics.</summary>
    public static DeepFactorization F8 => new(
        M(new double[,] { { -37, -22 }, { 21, 36 } }) / 64,
        M(new double[,] { { 42, 34 }, { 105, 119 } }) / 64,
        M(new double[,] { { -16, -3 }, { -42, 23 } }) / 64);

    public static void AssertRel(double expected, double actual, double rel, string what)
    {
        double err = Math.Abs(actual - expected);
        Assert.True(err <= rel * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R} (relative error {err / Math.Abs(expected):G3} > {rel:G3})");
    }
}
