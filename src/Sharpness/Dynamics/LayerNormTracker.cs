using Sharpness.Dynamics.Flat;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Dynamics;

/// <summary>
/// Layer spectral norms ‖W_i‖₂ along a trajectory, cheap enough to take at every sample.
/// </summary>
/// <remarks>
/// <para>For each layer: the Gram matrix G of the smaller side (WWᵀ or WᵀW, s × s), scaled to max entry 1, squared
/// five times (G³²: the eigenvalue ratio λ₂/λ₁ becomes (σ₂/σ₁)⁶⁴, which matters because GD drives the top singular
/// values of a layer together), then power iteration on G³² warm-started from the
/// previous sample's vector, and finally σ² = vᵀGv (a Rayleigh quotient, whose error is quadratic in the angle error,
/// so σ comes out to about machine precision). All products use <see cref="FlatKernels.Product{TSink}"/>; a sample
/// costs a few s³ multiply–adds per layer. Scalar chains just read |w_i|.</para>
/// </remarks>
internal sealed class LayerNormTracker
{
    private const int MaxPowerIterations = 200;
    private const int Squarings = 5; // G^32: eigenvalue ratios (σ₂/σ₁)^64
    private readonly FlatLayout _layout;
    private readonly double[][] _v;
    private readonly double[] _scaled, _transposed, _gram, _square, _square2, _next;

    public LayerNormTracker(FlatLayout layout, DeepFactorization start)
    {
        _layout = layout;
        _v = new double[layout.Depth][];
        if (layout.IsScalarChain)
        {
            _scaled = _transposed = _gram = _square = _square2 = _next = [];
            return;
        }
        int maxSide = 0, maxSize = 0;
        for (int k = 0; k < layout.Depth; k++)
        {
            int r = layout.LayerRows(k), c = layout.LayerColumns(k);
            maxSide = Math.Max(maxSide, Math.Min(r, c));
            maxSize = Math.Max(maxSize, r * c);
            var top = SpectralNorm.Top(start.Layers[k]);
            _v[k] = (r <= c ? top.Left : top.Right).ToArray(); // the eigenvector of the Gram matrix we form
        }
        _scaled = new double[maxSize];
        _transposed = new double[maxSize];
        _gram = new double[maxSide * maxSide];
        _square = new double[maxSide * maxSide];
        _square2 = new double[maxSide * maxSide];
        _next = new double[maxSide];
    }

    /// <summary>‖W_i‖₂ for every layer of the flat point.</summary>
    public double[] Norms(double[] point)
    {
        var norms = new double[_layout.Depth];
        for (int k = 0; k < _layout.Depth; k++)
            norms[k] = _layout.IsScalarChain ? Math.Abs(point[k]) : SpectralNormOf(point, k);
        return norms;
    }

    /// <summary>Depth 2: ‖W₂‖/‖W₁‖ (= ‖L‖/‖R‖); otherwise max/min. Null when a norm is 0 or the ratio is not finite.</summary>
    public static double? Balance(double[] norms)
    {
        double ratio = norms.Length == 2 ? norms[1] / norms[0] : norms.Max() / norms.Min();
        return double.IsFinite(ratio) ? ratio : null;
    }

    private double SpectralNormOf(double[] w, int k)
    {
        int rows = _layout.LayerRows(k), cols = _layout.LayerColumns(k), off = _layout.Offsets[k];
        double scale = 0;
        for (int i = 0; i < rows * cols; i++) scale = Math.Max(scale, Math.Abs(w[off + i]));
        if (scale == 0) return 0;
        if (!double.IsFinite(scale)) return double.PositiveInfinity;

        // G = (W/scale)(W/scale)ᵀ or (W/scale)ᵀ(W/scale): entries ≤ its side, no overflow.
        int side = Math.Min(rows, cols);
        for (int i = 0; i < rows * cols; i++) _scaled[i] = w[off + i] / scale;
        if (rows <= cols)
        {
            FlatKernels.Transpose(_scaled, 0, rows, cols, _transposed, 0);
            FlatKernels.Product<Overwrite>(_scaled, 0, cols, 1, _transposed, 0, _gram, 0, rows, cols, rows); // WWᵀ
        }
        else
            FlatKernels.Product<Overwrite>(_scaled, 0, 1, cols, _scaled, 0, _gram, 0, cols, rows, cols); // WᵀW

        // G^32 by normalized squarings.
        Array.Copy(_gram, _square, side * side);
        for (int t = 0; t < Squarings; t++)
        {
            FlatKernels.Product<Overwrite>(_square, 0, side, 1, _square, 0, _square2, 0, side, side, side);
            double max = 0;
            for (int i = 0; i < side * side; i++) max = Math.Max(max, Math.Abs(_square2[i]));
            if (max == 0) break;
            for (int i = 0; i < side * side; i++) _square[i] = _square2[i] / max;
        }

        var v = _v[k];
        for (int it = 0; it < MaxPowerIterations; it++)
        {
            double norm2 = 0;
            for (int i = 0; i < side; i++)
            {
                double s = 0;
                for (int j = 0; j < side; j++) s += _square[i * side + j] * v[j];
                _next[i] = s;
                norm2 += s * s;
            }
            double norm = Math.Sqrt(norm2);
            if (!(norm > 0)) break; // v ⟂ the range: keep v, the Rayleigh quotient below is still a lower bound
            double change = 0;
            for (int i = 0; i < side; i++)
            {
                double x = _next[i] / norm;
                change = Math.Max(change, Math.Abs(x - v[i]));
                v[i] = x;
            }
            if (change <= 1e-10) break; // the Rayleigh quotient below is then exact to ~1e-20 relative
        }

        // σ² = vᵀ G v / vᵀv (G unsquared), in the scaled units.
        double quotient = 0, vv = 0;
        for (int i = 0; i < side; i++)
        {
            double s = 0;
            for (int j = 0; j < side; j++) s += _gram[i * side + j] * v[j];
            quotient += v[i] * s;
            vv += v[i] * v[i];
        }
        return scale * Math.Sqrt(Math.Max(quotient / vv, 0));
    }
}
