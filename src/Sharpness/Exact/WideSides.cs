using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Sharpness.Model;

namespace Sharpness.Exact;

/// <summary>
/// λmax(K) on the small side of a point whose input or output dimension is much larger than the adjacent width
/// (e.g. a 3 × 100000 first layer): K acts on m × n matrices X, but only the part of X inside the row space of W_1
/// and the column space of W_N is coupled by more than one term, so K is computed on a point of size d_(N−1) × d_1.
/// </summary>
/// <remarks>
/// <para>Let W_1ᵀ = Q_1 R_1 (thin QR, Q_1 n × d_1) and W_N = Q_N R_N (Q_N m × d_(N−1)), and W̃ = (R_1ᵀ, W_2, …,
/// W_(N−1), R_N). Then B_i = B̃_i Q_1ᵀ for i ≥ 2 and A_i = Q_N Ã_i for i ≤ N − 1, so K(Q_N Y Q_1ᵀ) = Q_N K̃(Y) Q_1ᵀ:
/// K maps {Q_N Y Q_1ᵀ} onto itself as K̃ (isometrically). On its orthogonal complement only the one-sided terms
/// survive — A_1A_1ᵀ X (i = 1, B_1 = I) and X B_NᵀB_N (i = N, A_N = I) — whose norms ‖A_1‖₂² = ‖Ã_1‖₂² and
/// ‖B_N‖₂² = ‖B̃_N‖₂² are bounded by λmax(K̃) (K̃ contains the same terms and the others are positive
/// semidefinite). Hence λmax(K) = λmax(K̃), with top eigenvector X₁ = Q_N Y₁ Q_1ᵀ and the same residual
/// ‖K X₁ − λX₁‖ = ‖K̃ Y₁ − λY₁‖. The Gram matrices B_iᵀB_i (n × n) and A_iA_iᵀ (m × m) are never formed.</para>
/// <para>Only sides above <see cref="MinimumSide"/> and at least <see cref="Ratio"/> times the adjacent width are
/// reduced, so ordinary points keep the bits of the unreduced routes; and only while the lifted X₁ (m × n, dense) has
/// at most <see cref="MaximumLiftedEntries"/> entries.</para>
/// </remarks>
internal sealed class WideSides
{
    /// <summary>A side (n or m) is reduced only above this size.</summary>
    public const int MinimumSide = 512;

    /// <summary>… and only when it is at least this many times the adjacent width.</summary>
    public const int Ratio = 4;

    private WideSides(DeepFactorization reduced, Matrix<double>? output, Matrix<double>? input)
    {
        Reduced = reduced;
        OutputBasis = output;
        InputBasis = input;
    }

    /// <summary>The point W̃ of size d_(N−1) × d_1 (or one side only) with λmax(K̃) = λmax(K).</summary>
    public DeepFactorization Reduced { get; }

    /// <summary>Q_N (m × d_(N−1)), or null when the output side is kept.</summary>
    public Matrix<double>? OutputBasis { get; }

    /// <summary>Q_1 (n × d_1), or null when the input side is kept.</summary>
    public Matrix<double>? InputBasis { get; }

    /// <summary>The reduction of <paramref name="w"/> (depth ≥ 2), or null when no side is wide enough to pay.</summary>
    public static WideSides? TryReduce(DeepFactorization w)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (w.Depth < 2) return null;
        bool input = ReducesInput(w), output = ReducesOutput(w);
        if (!input && !output) return null;
        var layers = w.Layers.ToArray();
        Matrix<double>? q1 = null, qN = null;
        if (input)
        {
            var qr = layers[0].Transpose().QR(QRMethod.Thin); // W_1ᵀ = Q_1 R_1
            q1 = qr.Q;
            layers[0] = qr.R.Transpose();
        }
        if (output)
        {
            var qr = layers[^1].QR(QRMethod.Thin); // W_N = Q_N R_N
            qN = qr.Q;
            layers[^1] = qr.R;
        }
        return new WideSides(new DeepFactorization(layers), qN, q1);
    }

    /// <summary>The widths d_0 … d_N of <see cref="Reduced"/> for <paramref name="w"/> (its own widths when no side
    /// is reduced), without factorizing anything.</summary>
    public static int[] ReducedWidths(DeepFactorization w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var widths = w.Widths.ToArray();
        if (w.Depth < 2) return widths;
        if (ReducesInput(w)) widths[0] = widths[1];
        if (ReducesOutput(w)) widths[^1] = widths[^2];
        return widths;
    }

    /// <summary>Most entries of X₁ (m × n, returned dense as <see cref="SharpnessResult.TopEigenvectorK"/>) for which the
    /// reduction runs: 2^27 (1 GiB). Beyond it the unreduced route and its memory refusal apply.</summary>
    public const long MaximumLiftedEntries = 1L << 27;

    private static bool Lifts(DeepFactorization w) => (long)w.OutputDimension * w.InputDimension <= MaximumLiftedEntries;

    private static bool ReducesInput(DeepFactorization w) =>
        Lifts(w) && w.InputDimension > MinimumSide && w.InputDimension >= (long)Ratio * w.Widths[1];

    private static bool ReducesOutput(DeepFactorization w) =>
        Lifts(w) && w.OutputDimension > MinimumSide && w.OutputDimension >= (long)Ratio * w.Widths[^2];

    /// <summary>X = Q_N Y Q_1ᵀ: an m̃ × ñ matrix of the reduced point as the m × n matrix of the original.</summary>
    public Matrix<double> Lift(Matrix<double> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        var left = OutputBasis is { } qN ? qN * y : y;
        return InputBasis is { } q1 ? left.TransposeAndMultiply(q1) : left;
    }
}
