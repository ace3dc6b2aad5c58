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

/// <summary>
/// <see cref="BalanceInvariants.Drift"/> on the trainer's flat row-major buffers: D_i = W_(i+1)ᵀW_(i+1) − W_iW_iᵀ by
/// the flat kernels, without building MathNet matrices (at widths 20 the MathNet route cost about as much as a
/// sharpness estimate's Lanczos run, at every estimate).
/// </summary>
internal sealed class FlatBalance
{
    private readonly Dynamics.Flat.FlatLayout _layout;
    private readonly double[][] _reference; // D_i(w₀), row-major d_i × d_i
    private readonly double[] _gram, _transpose;

    public FlatBalance(Dynamics.Flat.FlatLayout layout, double[] w0)
    {
        _layout = layout;
        int depth = layout.Depth;
        int maxWidth = layout.Widths.Max();
        _gram = new double[maxWidth * maxWidth];
        _transpose = new double[maxWidth * maxWidth];
        _reference = new double[Math.Max(0, depth - 1)][];
        for (int i = 0; i + 1 < depth; i++)
        {
            _reference[i] = new double[layout.Widths[i + 1] * layout.Widths[i + 1]];
            Invariant(w0, i, _reference[i]);
        }
    }

    /// <summary>‖D_i(w) − D_i(w₀)‖_F for i = 1..N−1.</summary>
    public double[] Drift(double[] w)
    {
        var drift = new double[_reference.Length];
        for (int i = 0; i < drift.Length; i++)
        {
            Invariant(w, i, _gram);
            drift[i] = Math.Sqrt(Dynamics.Flat.FlatKernels.DistanceSquared(_gram, _reference[i], _reference[i].Length));
        }
        return drift;
    }

    // D for 0-based layers i (d_(i+1) × d_i) and i + 1 (d_(i+2) × d_(i+1)), into d (d_(i+1) × d_(i+1), row-major).
    private void Invariant(double[] w, int i, double[] d)
    {
        int[] widths = _layout.Widths, off = _layout.Offsets;
        int a = widths[i + 1], cols = widths[i], rows = widths[i + 2];
        // W_(i+1)ᵀ W_(i+1): A = W_(i+1)ᵀ (strides 1, a), B = W_(i+1) (rows × a).
        Dynamics.Flat.FlatKernels.Product<Dynamics.Flat.Overwrite>(w, off[i + 1], 1, a, w, off[i + 1], d, 0, a, rows, a);
        // − W_i W_iᵀ: A = W_i (a × cols), B = W_iᵀ (cols × a, transposed into scratch).
        Dynamics.Flat.FlatKernels.Transpose(w, off[i], a, cols, _transpose, 0);
        Dynamics.Flat.FlatKernels.Product<Dynamics.Flat.SubtractScaled>(w, off[i], cols, 1, _transpose, 0, d, 0, a, cols, a, 1);
    }
}
