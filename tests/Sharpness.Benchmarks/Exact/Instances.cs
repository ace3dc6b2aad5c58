using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Benchmarks.Exact;

/// <summary>Seeded Gaussian instances for the benchmarks (the same seed gives the same instance).</summary>
internal static class Instances
{
    public static Matrix<double> Gaussian(Random rng, int rows, int cols) =>
        Matrix<double>.Build.Dense(rows, cols, (_, _) =>
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        });

    /// <summary>Layers with widths d_0..d_N, entries N(0, 1/d_{i−1}).</summary>
    public static DeepFactorization Random(int seed, params int[] widths)
    {
        var rng = new Random(seed);
        return new DeepFactorization(Enumerable.Range(1, widths.Length - 1)
            .Select(i => Gaussian(rng, widths[i], widths[i - 1]) / Math.Sqrt(widths[i - 1])));
    }

    /// <summary>Depth 2 with L (m × d) and R (n × d): W_1 = Rᵀ, W_2 = L.</summary>
    public static DeepFactorization DepthTwo(int seed, int m, int n, int d)
    {
        var rng = new Random(seed);
        return DeepFactorization.FromLeftRight(Gaussian(rng, m, d), Gaussian(rng, n, d));
    }

    /// <summary>Depth N with every width equal to <paramref name="width"/>.</summary>
    public static DeepFactorization Square(int seed, int depth, int width) =>
        Random(seed, Enumerable.Repeat(width, depth + 1).ToArray());
}
