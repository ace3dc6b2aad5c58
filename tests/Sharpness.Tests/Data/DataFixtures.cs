using MathNet.Numerics.LinearAlgebra;
using Sharpness.Data;
using Sharpness.Model;

namespace Sharpness.Tests.Data;

/// <summary>Seeded regression problems at known least-squares optima.</summary>
internal static class DataFixtures
{
    /// <summary>Anisotropic inputs X = diag(e^{g_j})·Gaussian (n × s): feature scales spread over about e^{±2}.</summary>
    public static Matrix<double> AnisotropicInputs(Random rng, int n, int s, double spread = 1.0)
    {
        var scales = Enumerable.Range(0, n).Select(_ => Math.Exp(spread * TestData.NextGaussian(rng))).ToArray();
        return Matrix<double>.Build.Dense(n, s, (i, _) => scales[i] * TestData.NextGaussian(rng));
    }

    /// <summary>Targets at which <paramref name="point"/> is a least-squares optimum: Y = PX + N with N Xᵀ = 0, so
    /// G = PS − YXᵀ = 0 exactly in exact arithmetic. With <paramref name="noise"/> = 0 (or s ≤ rank X) the loss is
    /// zero; otherwise N = Z(I − X⁺X) is the part of a Gaussian Z orthogonal to the rows of X and the loss is not.</summary>
    public static Matrix<double> OptimalOutputs(Random rng, DeepFactorization point, Matrix<double> x, double noise)
    {
        var y = point.Product() * x;
        if (noise == 0) return y;
        var z = noise * TestData.Gaussian(rng, y.RowCount, y.ColumnCount);
        // Project Z's rows off the row space of X: Z − Z X⁺X, with X⁺X from the SVD of X (s × s projector).
        var svd = x.Svd(computeVectors: true);
        int r = svd.S.Count(v => v > 1e-12 * svd.S[0]);
        var v = svd.VT.SubMatrix(0, r, 0, x.ColumnCount); // r × s, orthonormal rows
        return y + (z - z * v.Transpose() * v);
    }

    /// <summary>A random least-squares problem: depth N, widths in 2–4 (output 1–4), s samples.</summary>
    public static (DeepFactorization Point, RegressionData Data) Random(int seed, int depth, int samples, double noise = 1.0)
    {
        var rng = new Random(seed);
        int n = rng.Next(2, 5);
        var widths = new int[depth + 1];
        widths[0] = n;
        for (int i = 1; i < depth; i++) widths[i] = rng.Next(2, 5);
        widths[depth] = rng.Next(1, 5);
        var point = TestData.RandomFactorization(rng, widths);
        var x = AnisotropicInputs(rng, n, samples);
        var y = OptimalOutputs(rng, point, x, noise);
        return (point, RegressionData.FromSamples(x, y));
    }
}
