using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>
/// Frobenius-norm balance (theory §2.8), two flavours:
/// <list type="bullet">
/// <item>F1: equal layer norms ‖W_i‖_F;</item>
/// <item>F2: the gradient-flow invariant W_{i+1}ᵀW_{i+1} = W_iW_iᵀ for every i (depth 2: LᵀL = RᵀR).</item>
/// </list>
/// F2-balanced zero-loss points are flat; flat points need not be F1 or F2 balanced (F3 family).
/// </summary>
public sealed class FrobeniusBalance
{
    private FrobeniusBalance(double[] norms, double[] mismatch, double tolerance)
    {
        LayerNorms = norms;
        GramMismatch = mismatch;
        Tolerance = tolerance;
        double max = norms.Max(), min = norms.Min();
        LayerNormSpread = max == 0 ? 0 : (max - min) / max;
        HasEqualLayerNorms = LayerNormSpread <= tolerance;
        IsGradientFlowBalanced = mismatch.All(x => x <= tolerance);
    }

    /// <summary>‖W_i‖_F for i = 1..N (0-based list).</summary>
    public IReadOnlyList<double> LayerNorms { get; }

    /// <summary>(max − min)/max of the layer norms.</summary>
    public double LayerNormSpread { get; }

    /// <summary>For i = 1..N−1: ‖W_{i+1}ᵀW_{i+1} − W_iW_iᵀ‖_F / max(‖W_{i+1}‖_F², ‖W_i‖_F²) (0 when both vanish).</summary>
    public IReadOnlyList<double> GramMismatch { get; }

    /// <summary>Relative tolerance of both tests.</summary>
    public double Tolerance { get; }

    /// <summary>F1: all ‖W_i‖_F equal within the tolerance.</summary>
    public bool HasEqualLayerNorms { get; }

    /// <summary>F2: W_{i+1}ᵀW_{i+1} = W_iW_iᵀ for all i within the tolerance (vacuous at depth 1).</summary>
    public bool IsGradientFlowBalanced { get; }

    /// <summary>Both Frobenius balance tests at <paramref name="point"/> (any point; no target needed).</summary>
    public static FrobeniusBalance Of(DeepFactorization point, double relativeTolerance = FlatnessVerdict.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (!(relativeTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "The tolerance must be non-negative.");
        var scaling = UnitScaling.Of(point);
        var unit = scaling.Unit;
        var w = unit.Layers;
        var norms = w.Select(x => scaling.ScaleBack(Guard.FrobeniusNorm(x), ScalingPower.Layer)).ToArray();
        var mismatch = new double[point.Depth - 1];
        for (int i = 0; i + 1 < w.Count; i++)
        {
            double a = Guard.FrobeniusNorm(w[i + 1]), b = Guard.FrobeniusNorm(w[i]);
            double scale = Math.Max(a * a, b * b);
            if (scale == 0) continue;
            double difference;
            if (LowRankPays(w[i + 1], w[i])) difference = LowRankDifference(w[i + 1], w[i]);
            else
            {
                // The outer Grams W_NᵀW_N and W_1W_1ᵀ are the point's cached ones (‖H‖_F reuses them).
                var upper = i + 1 == w.Count - 1 ? unit.LastLayerGram : DeepFactorization.Gram(w[i + 1], transpose: true);
                var lower = i == 0 ? unit.FirstLayerGram : DeepFactorization.Gram(w[i], transpose: false);
                difference = Guard.FrobeniusNorm(upper - lower);
            }
            mismatch[i] = difference / scale;
        }
        return new FrobeniusBalance(norms, mismatch, relativeTolerance);
    }

    /// <summary>Whether ‖W_(i+1)ᵀW_(i+1) − W_iW_iᵀ‖_F is computed in low-rank form: the width h between the two
    /// layers is beyond 512 and at least 4 times the rank bound d_(i+1) + d_(i−1) of the difference. Below that the
    /// h × h Grams are formed, as before, so ordinary results keep their bits.</summary>
    internal static bool LowRankPays(Matrix<double> upper, Matrix<double> lower)
    {
        long h = upper.ColumnCount, rank = (long)upper.RowCount + lower.ColumnCount;
        return h > 512 && h >= 4 * rank;
    }

    /// <summary>‖UᵀU − LLᵀ‖_F for U = W_(i+1) (a × h) and L = W_i (h × b) without an h × h matrix: with
    /// C = [Uᵀ L] = Q T (thin QR, T of order a + b) and J = diag(I_a, −I_b), UᵀU − LLᵀ = C J Cᵀ = Q (T J Tᵀ) Qᵀ, so the
    /// norm is ‖T J Tᵀ‖_F = ‖T₁T₁ᵀ − T₂T₂ᵀ‖_F (T = [T₁ T₂]). No cancellation beyond the dense difference's: both
    /// subtract Gram entries of the same size.</summary>
    internal static double LowRankDifference(Matrix<double> upper, Matrix<double> lower)
    {
        int a = upper.RowCount, b = lower.ColumnCount, h = upper.ColumnCount;
        var c = Matrix<double>.Build.Dense(h, a + b);
        c.SetSubMatrix(0, 0, upper.Transpose());
        c.SetSubMatrix(0, a, lower);
        var t = c.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).R; // (a + b) × (a + b)
        var t1 = t.SubMatrix(0, a + b, 0, a);
        var t2 = t.SubMatrix(0, a + b, a, b);
        return Guard.FrobeniusNorm(t1.TransposeAndMultiply(t1) - t2.TransposeAndMultiply(t2));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"‖W_i‖_F = ({string.Join(", ", LayerNorms.Select(x => x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}): F1 {(HasEqualLayerNorms ? "holds" : "fails")}, F2 {(IsGradientFlowBalanced ? "holds" : "fails")}";
}
