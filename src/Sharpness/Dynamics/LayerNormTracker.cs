using Sharpness.Dynamics.Kernels;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Dynamics;

/// <summary>
/// Layer spectral norms ‖W_i‖₂ along a trajectory, by power iteration on W_iᵀW_i warm-started from the previous
/// sample's right singular vector (initially the exact one at W*), so each sample costs a few matrix–vector products.
/// </summary>
/// <remarks>Power iteration stops when σ² changes by ≤ 1e-13 relative (at most 200 iterations); the Rayleigh quotient
/// error is quadratic in the angle error, so warm starts on a smooth path give σ to near machine precision.</remarks>
internal sealed class LayerNormTracker
{
    private readonly FlatLayout _layout;
    private readonly double[][] _v;
    private readonly double[] _u;

    public LayerNormTracker(FlatLayout layout, DeepFactorization start)
    {
        _layout = layout;
        _v = new double[layout.Depth][];
        _u = new double[layout.Widths.Max()];
        if (layout.IsScalarChain) return;
        for (int k = 0; k < layout.Depth; k++)
            _v[k] = SpectralNorm.Top(start.Layers[k]).Right.ToArray();
    }

    /// <summary>‖W_i‖₂ for every layer of the flat point.</summary>
    public double[] Norms(double[] point)
    {
        var norms = new double[_layout.Depth];
        for (int k = 0; k < _layout.Depth; k++)
            norms[k] = _layout.IsScalarChain ? Math.Abs(point[k]) : Power(point, k);
        return norms;
    }

    /// <summary>Depth 2: ‖W₂‖/‖W₁‖ (= ‖L‖/‖R‖); otherwise max/min. Null when a norm is 0 or the ratio is not finite.</summary>
    public static double? Balance(double[] norms)
    {
        double ratio = norms.Length == 2 ? norms[1] / norms[0] : norms.Max() / norms.Min();
        return double.IsFinite(ratio) ? ratio : null;
    }

    private double Power(double[] w, int k)
    {
        int rows = _layout.LayerRows(k), cols = _layout.LayerColumns(k), off = _layout.Offsets[k];
        var v = _v[k];
        // Work on W / max|W_ij| so the squares cannot overflow (or underflow) far from the minimizer.
        double scale = 0;
        for (int i = 0; i < rows * cols; i++) scale = Math.Max(scale, Math.Abs(w[off + i]));
        if (scale == 0) return 0;
        if (!double.IsFinite(scale)) return double.PositiveInfinity;
        double inv = 1 / scale;
        double sigma2 = 0;
        for (int it = 0; it < 200; it++)
        {
            // u = W v, then v = Wᵀ u / ‖Wᵀ u‖; σ² ≈ ‖W v‖² for unit v.
            double uu = 0;
            for (int i = 0; i < rows; i++)
            {
                double s = 0;
                for (int j = 0; j < cols; j++) s += w[off + i * cols + j] * inv * v[j];
                _u[i] = s;
                uu += s * s;
            }
            double vv = 0;
            for (int j = 0; j < cols; j++)
            {
                double s = 0;
                for (int i = 0; i < rows; i++) s += w[off + i * cols + j] * inv * _u[i];
                v[j] = s;
                vv += s * s;
            }
            double norm = Math.Sqrt(vv);
            if (!(norm > 0) || !double.IsFinite(norm)) return scale * Math.Sqrt(uu);
            for (int j = 0; j < cols; j++) v[j] /= norm;
            bool done = Math.Abs(uu - sigma2) <= 1e-13 * uu;
            sigma2 = uu;
            if (done) break;
        }
        return scale * Math.Sqrt(sigma2);
    }
}
