using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>The best rank-one value of K's quadratic form, with the maximizing unit vectors.</summary>
/// <param name="Value">max over unit u, v of ⟨uvᵀ, K uvᵀ⟩ = Σ_i (uᵀS_iu)(vᵀT_iv), as found.</param>
/// <param name="Left">The maximizing u (ℝ^m).</param>
/// <param name="Right">The maximizing v (ℝ^n).</param>
/// <param name="Restarts">How many starts were run.</param>
/// <param name="Iterations">Total alternating half-steps over all starts.</param>
public sealed record RankOneValue(double Value, Vector<double> Left, Vector<double> Right, int Restarts, int Iterations);

/// <summary>
/// max over rank-one X = uvᵀ (‖u‖ = ‖v‖ = 1) of ⟨X, K X⟩ = Σ_i (uᵀS_iu)(vᵀT_iv), with S_i = A_iA_iᵀ and
/// T_i = B_iᵀB_i, by alternating maximization: for fixed v the best u is a top eigenvector of Σ_i (vᵀT_iv) S_i, and
/// vice versa; each half-step cannot decrease the value. Seeded random restarts guard against local maxima.
/// </summary>
/// <remarks>
/// This is λmax at depth 2 and at balanced minimizers (the Kronecker terms commute there), but at depth ≥ 3 the top
/// eigenvector of K is in general not rank one and this value undercounts λmax (theory §2.3, F8: 0.6229 vs 0.6414).
/// It is shown for that contrast; the sharpness itself comes from <see cref="Sharpness.Exact.ExactSharpness"/>.
/// </remarks>
public static class RankOneSharpness
{
    /// <summary>Largest m or n accepted (each half-step decomposes a dense m × m or n × n matrix).</summary>
    public const int MaxSide = 400;

    /// <summary>Runs alternating maximization from the top right singular vector of P(W) and from
    /// <paramref name="restarts"/> − 1 seeded random starts; returns the best.</summary>
    public static RankOneValue Maximize(DeepFactorization point, int restarts = 50, int seed = 1234,
        int maxIterations = 2000, double relativeTolerance = 1e-15)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (restarts < 1) throw new ArgumentOutOfRangeException(nameof(restarts), restarts, "At least one start is needed.");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "At least one iteration is needed.");
        int m = point.OutputDimension, n = point.InputDimension;
        if (Math.Max(m, n) > MaxSide)
            throw new OutsideDomainException($"Rank-one maximization decomposes dense m × m and n × n matrices; m = {m}, n = {n} exceed {MaxSide}.");

        var scaling = UnitScaling.Of(point);
        var f = scaling.Unit.Factors;
        int depth = point.Depth;
        var s = Enumerable.Range(0, depth).Select(i => f.Left[i].TransposeAndMultiply(f.Left[i])).ToArray();
        var t = Enumerable.Range(0, depth).Select(i => f.Right[i].TransposeThisAndMultiply(f.Right[i])).ToArray();

        var rng = new Random(seed);
        RankOneValue? best = null;
        int totalIterations = 0;
        for (int start = 0; start < restarts; start++)
        {
            Vector<double> v = start == 0 ? FirstStart(f.Product, n) : RandomUnit(rng, n);
            Vector<double> u = TopEigenvector(Weighted(s, t, v));
            double value = Value(s, t, u, v);
            for (int it = 0; it < maxIterations; it++)
            {
                v = TopEigenvector(Weighted(t, s, u));
                u = TopEigenvector(Weighted(s, t, v));
                totalIterations += 2;
                double next = Value(s, t, u, v);
                bool done = next - value <= relativeTolerance * Math.Abs(next);
                value = Math.Max(value, next);
                if (done) break;
            }
            if (best is null || value > best.Value) best = new RankOneValue(value, u, v, restarts, 0);
        }
        return best! with { Value = scaling.ScaleBack(best!.Value, ScalingPower.Curvature), Iterations = totalIterations };
    }

    // Σ_i (xᵀ Y_i x) Z_i: the matrix whose top eigenvector is the best partner of x.
    private static Matrix<double> Weighted(Matrix<double>[] z, Matrix<double>[] y, Vector<double> x)
    {
        var sum = Matrix<double>.Build.Dense(z[0].RowCount, z[0].ColumnCount);
        for (int i = 0; i < z.Length; i++) sum += (x * (y[i] * x)) * z[i];
        return sum;
    }

    private static double Value(Matrix<double>[] s, Matrix<double>[] t, Vector<double> u, Vector<double> v)
    {
        double value = 0;
        for (int i = 0; i < s.Length; i++) value += (u * (s[i] * u)) * (v * (t[i] * v));
        return value;
    }

    private static Vector<double> TopEigenvector(Matrix<double> symmetric)
    {
        var evd = symmetric.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric); // ascending
        return evd.EigenVectors.Column(symmetric.RowCount - 1);
    }

    private static Vector<double> FirstStart(Matrix<double> product, int n)
    {
        var svd = CompactSvd.Of(product);
        if (svd.Rank > 0) return svd.V.Column(0);
        var e = Vector<double>.Build.Dense(n);
        e[0] = 1;
        return e;
    }

    private static Vector<double> RandomUnit(Random rng, int n)
    {
        var x = Vector<double>.Build.Dense(n, _ => RandomMatrices.NextGaussian(rng));
        double norm = x.L2Norm();
        return norm > 0 ? x / norm : Vector<double>.Build.Dense(n, i => i == 0 ? 1 : 0);
    }
}
