using Sharpness.Minimizers;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;
using Sharpness.LinearAlgebra;

namespace Sharpness.Dynamics;

/// <summary>
/// The paper's escape experiments as named, seeded settings (theory §0, §3.2). The paper's own minimizers, seeds and
/// step sizes are unknown; these are the kit's reproducible stand-ins.
/// </summary>
/// <remarks>
/// <para><b>How the kit generates minimizers.</b> Random numbers are standard normal draws (Box–Muller) from
/// <c>new System.Random(seed)</c>, in the order stated for each preset, so a seed fixes the minimizer bit for bit.</para>
/// <para><b>Depth 2</b> (<see cref="DepthTwo"/>): L (m × d), then R (n × d), entries N(0, 1) drawn row by row;
/// W₁ = Rᵀ, W₂ = L, and M := fl(L Rᵀ) computed by the GD steppers' forward pass, so W* is a zero-loss point of M
/// exactly, in floating point (plain mode included). Default radius ε = 1e-15 (use delta mode there).</para>
/// <para><b>Scalar chain</b> (<see cref="ScalarChain"/>): first the target m ~ N(0, 1), redrawn while |m| &lt; 0.1 (to
/// stay away from the degenerate m = 0 case); then z₁..z_N ~ N(0, 1), centred (z_i − z̄, so Σz_i = 0);
/// w_i = |m|^{1/N} e^{0.3 z_i} for i &lt; N, and the last weight re-solved, w_N = m / fl(w_{N−1} ⋯ w_1).
/// "Exactly m" holds in real arithmetic; in floating point the stored target is M := fl(w_N ⋯ w_1) from the
/// forward pass, which may differ from the drawn m by a few ulps. That M is the one the loss uses, so W* is an exact
/// zero of the fp loss in plain mode, and in delta mode the residual is the telescoping sum, which is exactly 0 at
/// Δ = 0 whatever rounding the product had. Default radius ε = 1e-12 (plain mode is reliable from there).</para>
/// <para><b>Contour map</b> (<see cref="ContourMap"/>): the same chain, radius 1e-9, to be sliced in the (v₁, v_N)
/// plane with <see cref="Landscape.LossLandscape"/>.</para>
/// </remarks>
public static class EscapePresets
{
    /// <summary>The paper's depth-2 shapes (m, n, d): L is m × d, R is n × d, i.e. (L, R) of sizes (10×20, 20×20),
    /// (10×30, 20×30), (25×30, 20×30).</summary>
    public static IReadOnlyList<(int M, int N, int D)> PaperDepthTwoShapes { get; } = [(10, 20, 20), (10, 20, 30), (25, 20, 30)];

    /// <summary>Depth 2, M = L Rᵀ with Gaussian L (m × d) and R (n × d) from <paramref name="seed"/>; ε = 1e-15.</summary>
    public static EscapeSetting DepthTwo(int m, int n, int d, int seed, double radius = 1e-15)
    {
        if (m < 1 || n < 1 || d < 1) throw new ArgumentOutOfRangeException(nameof(m), $"Shapes must be positive (m = {m}, n = {n}, d = {d}).");
        var rng = new Random(seed);
        var left = Gaussian(rng, m, d);
        var right = Gaussian(rng, n, d);
        return new EscapeSetting(DeepFactorization.FromLeftRight(left, right), radius,
            $"depth 2, L {m}×{d}, R {n}×{d}, seed {seed}");
    }

    /// <summary>The <paramref name="figure"/>-th (0, 1, 2) paper shape of <see cref="PaperDepthTwoShapes"/>.</summary>
    public static EscapeSetting PaperDepthTwo(int figure, int seed, double radius = 1e-15)
    {
        if (figure < 0 || figure >= PaperDepthTwoShapes.Count)
            throw new ArgumentOutOfRangeException(nameof(figure), figure, $"There are {PaperDepthTwoShapes.Count} depth-2 shapes (0..{PaperDepthTwoShapes.Count - 1}).");
        var (m, n, d) = PaperDepthTwoShapes[figure];
        return DepthTwo(m, n, d, seed, radius);
    }

    /// <summary>The N-layer scalar chain w_i = |m|^{1/N} e^{0.3 z_i} (see the type remarks); ε = 1e-12.</summary>
    public static EscapeSetting ScalarChain(int seed, int depth = 15, double radius = 1e-12) =>
        new(ChainMinimizer(seed, depth), radius, $"{depth}-layer scalar chain, seed {seed}");

    /// <summary>The contour-map setting: the 15-layer chain of <paramref name="seed"/> with ε = 1e-9.</summary>
    public static EscapeSetting ContourMap(int seed) =>
        new(ChainMinimizer(seed, 15), 1e-9, $"contour map: 15-layer scalar chain, seed {seed}");

    /// <summary>The chain minimizer w_1..w_N of <see cref="ScalarChain"/>, drawn as the type remarks say.</summary>
    public static DeepFactorization ChainMinimizer(int seed, int depth = 15)
    {
        if (depth < 2) throw new ArgumentOutOfRangeException(nameof(depth), depth, "A chain for escape runs needs depth ≥ 2.");
        var rng = new Random(seed);
        double m;
        do m = RandomMatrices.NextGaussian(rng); while (Math.Abs(m) < 0.1);
        var z = new double[depth];
        for (int i = 0; i < depth; i++) z[i] = RandomMatrices.NextGaussian(rng);
        double mean = z.Average();
        var w = new double[depth];
        double scale = Math.Pow(Math.Abs(m), 1.0 / depth);
        double prefix = 1;
        for (int i = 0; i < depth - 1; i++)
        {
            w[i] = scale * Math.Exp(0.3 * (z[i] - mean));
            prefix = i == 0 ? w[0] : w[i] * prefix; // the forward pass's order
        }
        w[depth - 1] = m / prefix;
        return DeepFactorization.ScalarChain(w);
    }

    private static Matrix<double> Gaussian(Random rng, int rows, int cols)
    {
        var a = Matrix<double>.Build.Dense(rows, cols);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                a[i, j] = RandomMatrices.NextGaussian(rng);
        return a;
    }
}
