using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Training;

/// <summary>
/// The quantities D_i = W_(i+1)ᵀW_(i+1) − W_iW_iᵀ (d_i × d_i, i = 1..N−1), exactly conserved by the gradient flow of
/// ½‖P − M‖²_F (d/dt W_iW_iᵀ = −G_iW_iᵀ − W_iG_iᵀ and d/dt W_(i+1)ᵀW_(i+1) = −W_(i+1)ᵀG_(i+1) − G_(i+1)ᵀW_(i+1), and
/// G_iW_iᵀ = A_iᵀE B_(i+1)ᵀ = W_(i+1)ᵀG_(i+1); Arora, Cohen &amp; Hazan 2018). Under GD with step η the cross
/// terms cancel the same way and each step changes D_i by exactly η²(G_(i+1)ᵀG_(i+1) − G_iG_iᵀ).
/// </summary>
public static class BalanceInvariants
{
    /// <summary>D_1..D_(N−1) at <paramref name="point"/> (empty at depth 1).</summary>
    public static IReadOnlyList<Matrix<double>> Of(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var w = point.Layers;
        var d = new Matrix<double>[point.Depth - 1];
        for (int i = 0; i + 1 < w.Count; i++)
            d[i] = w[i + 1].TransposeThisAndMultiply(w[i + 1]) - w[i].TransposeAndMultiply(w[i]);
        return d;
    }

    /// <summary>‖D_i(point) − D_i(reference)‖_F for each i.</summary>
    public static double[] Drift(IReadOnlyList<Matrix<double>> reference, DeepFactorization point)
    {
        var now = Of(point);
        return now.Select((x, i) => (x - reference[i]).FrobeniusNorm()).ToArray();
    }
}
