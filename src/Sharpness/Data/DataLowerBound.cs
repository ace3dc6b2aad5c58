using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.Data;

/// <summary>
/// A data-only lower bound on the sharpness of every least-squares optimum of a depth-N linear network — the analogue of
/// theory §2.7's N‖M‖₂^(2−2/N):
/// λmax(H) ≥ s_X := N · max_{‖v‖=1} (vᵀΛ_rv)^{1/N} ‖M̃v‖^{2(N−1)/N}, with S = U_rΛ_rU_rᵀ and M̃ = C U_rΛ_r^{-1/2}.
/// </summary>
/// <remarks>
/// <para><b>Proof</b> (§2.7's argument with every right factor B_i replaced by B_iF, F = U_rΛ_r^{1/2}). Where G = 0,
/// PF = M̃ and H = J_XᵀJ_X, so λmax(H) = λmax(K_X) ≥ ⟨uvᵀ, K_X(uvᵀ)⟩ = Σ_i a_i with a_i = ‖A_iᵀu‖²‖B_iFv‖² for any
/// unit u, v. For i &lt; N, A_iB_{i+1} = P, so uᵀM̃v = uᵀA_i(B_{i+1}F)v ≤ ‖A_iᵀu‖‖B_{i+1}Fv‖. Multiplying over
/// i = 1..N−1 and using A_N = I, B_1 = I: Π_i a_i ≥ ‖Fv‖²(uᵀM̃v)^{2(N−1)}; AM–GM gives
/// Σ a_i ≥ N(‖Fv‖²)^{1/N}(uᵀM̃v)^{2(N−1)/N}, and u = M̃v/‖M̃v‖ with ‖Fv‖² = vᵀΛ_rv gives the bound. For S = I it is
/// N‖M‖₂^(2−2/N). ∎ Whether it is attained (as §2.7's is) is not known: the kit treats tightness as exploration.</para>
/// <para>The maximum over v is approached by a monotone fixed-point ascent of
/// log f(v) = (1/N) log vᵀΛv + ((N−1)/N) log vᵀBv (B = M̃ᵀM̃) from the top right singular vector of M̃ and the top
/// eigenvector of Λ; every v it visits gives a valid bound, so the ascent only decides how good the bound is.</para>
/// </remarks>
public static class DataLowerBound
{
    /// <summary>s_X for depth <paramref name="depth"/> on <paramref name="data"/>, with the maximizing direction v
    /// (in the span's coordinates) and the simpler value at v = the top right singular vector of M̃.</summary>
    public static (double Value, Vector<double> Direction, double AtTopSingularVector) Of(RegressionData data, int depth)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var lambda = Vector<double>.Build.DenseOfEnumerable(Enumerable.Range(0, data.Rank).Select(k => data.Eigenvalues[k]));
        var mt = data.WhitenedTarget;
        var b = mt.TransposeThisAndMultiply(mt);
        int r = data.Rank;
        double N = depth;
        double F(Vector<double> v) => N * Math.Pow(v.PointwiseMultiply(lambda).DotProduct(v), 1 / N) * Math.Pow(Math.Max(v.DotProduct(b * v), 0), (N - 1) / N);

        var top = mt.Svd(computeVectors: true).VT.Row(0);
        double atTop = F(top);
        var starts = new[] { top, Vector<double>.Build.Dense(r, k => k == 0 ? 1 : 0) };
        var best = top;
        double bestValue = atTop;
        foreach (var start in starts)
        {
            var v = start.Normalize(2);
            double value = F(v);
            for (int iteration = 0; iteration < 500; iteration++)
            {
                double a = v.PointwiseMultiply(lambda).DotProduct(v), q = v.DotProduct(b * v);
                if (!(a > 0) || !(q > 0)) break;
                var gradient = v.PointwiseMultiply(lambda) / (N * a) + (b * v) * ((N - 1) / (N * q));
                var next = gradient.Normalize(2);
                double nextValue = F(next);
                if (!(nextValue > value * (1 + 1e-15))) break;
                (v, value) = (next, nextValue);
            }
            if (value > bestValue) (best, bestValue) = (v, value);
        }
        return (bestValue, best, atTop);
    }
}
