using System.Runtime.CompilerServices;

namespace Sharpness.Dynamics.Flat;

/// <summary>
/// GD on a scalar chain w_N ⋯ w_1 (all widths 1) with scalar arithmetic. Every product is formed in exactly the order
/// and rounding of <see cref="DenseGdStepper"/> on 1 × 1 layers (prefix products w_k · R_k, the backward product
/// c ← w_k · c, the gradient c · R_k), so both steppers give bit-identical iterates; this one just skips the loop
/// overhead.
/// </summary>
internal sealed class ChainGdStepper : GdStepper
{
    private readonly int _depth;
    private readonly double[] _prefix;     // _prefix[k] = R_k = w_{k−1} ⋯ w_0 at the current point (k ≥ 1)
    private readonly double[] _prefixStar; // the same at W*
    private readonly double[] _suffix;     // _suffix[k] = Lf_k = w_{N−1} ⋯ w_{k+1} at the current point (delta mode)
    private readonly double[] _target = new double[1];
    private readonly double[] _residual = new double[1];

    public ChainGdStepper(FlatLayout layout, double[] minimizer, bool deltaMode) : base(layout, minimizer, deltaMode)
    {
        _depth = layout.Depth;
        _prefix = new double[_depth + 1];
        _prefixStar = new double[_depth + 1];
        _suffix = new double[_depth];
        _target[0] = Forward(Minimizer, _prefixStar);
    }

    public override double[] Target => _target;

    public override double[] Residual => _residual;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Evaluate()
    {
        var w = Point;
        double e;
        if (!DeltaMode)
        {
            e = Forward(w, _prefix) - _target[0];
        }
        else
        {
            var delta = Offset;
            for (int i = 0; i < _depth; i++) w[i] = Minimizer[i] + delta[i];
            // Lf_{N−1} = 1 (never multiplied), Lf_{N−2} = w_{N−1}, Lf_k = Lf_{k+1} · w_{k+1}.
            if (_depth >= 2) _suffix[_depth - 2] = w[_depth - 1];
            for (int k = _depth - 3; k >= 0; k--) _suffix[k] = _suffix[k + 1] * w[k + 1];
            // E = Σ_k Lf_k Δ_k R*_k, in the dense stepper's order (term k = Δ_k R*_k, then Lf_k ·, then accumulate).
            e = 0;
            for (int k = 0; k < _depth; k++)
            {
                double t = k == 0 ? delta[0] : delta[k] * _prefixStar[k];
                e += k == _depth - 1 ? t : _suffix[k] * t;
            }
            Forward(w, _prefix);
        }
        _residual[0] = e;
        return 0.5 * (e * e);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step(double eta)
    {
        var w = Point;
        var state = DeltaMode ? Offset : Point;
        double c = _residual[0];
        for (int k = _depth - 1; k >= 0; k--)
        {
            double next = k > 0 ? w[k] * c : 0; // read w_k before it moves
            double g = k == 0 ? c : c * _prefix[k];
            state[k] -= eta * g;
            c = next;
        }
    }

    /// <summary>Prefix products R_1 = w_0, R_k = w_{k−1} · R_{k−1}; returns P = w_{N−1} · R_{N−1}.</summary>
    private double Forward(double[] w, double[] prefix)
    {
        if (_depth == 1) return w[0];
        prefix[1] = w[0];
        for (int k = 2; k < _depth; k++) prefix[k] = w[k - 1] * prefix[k - 1];
        return w[_depth - 1] * prefix[_depth - 1];
    }
}
