using System.Runtime.CompilerServices;

namespace Sharpness.Dynamics.Flat;

/// <summary>
/// GD on a deep factorization with dense layers. Per step: a forward sweep for the right factors
/// B_{i+1} = W_i B_i, the residual, then one backward sweep C_{i−1} = W_iᵀ C_i (C_N = E) that updates each layer by
/// W_i −= η C_i B_iᵀ right after W_i was last read. All products go through <see cref="FlatKernels.Product{TSink}"/>.
/// </summary>
/// <remarks>
/// Indices in the code are 0-based: layer k is W_{k+1} (d_{k+1} × d_k); R_k := B_{k+1} (d_k × n) is its right factor,
/// with R_0 = I (never formed) and R_1 = W_1 (read in place); Lf_k := A_{k+1} (m × d_{k+1}) is its left factor, with
/// Lf_{N−1} = I and Lf_{N−2} = W_N (read in place).
/// </remarks>
internal sealed class DenseGdStepper : GdStepper
{
    private readonly int _depth, _m, _n;
    private readonly int[] _off;
    private readonly int[] _w;             // widths d_0..d_N
    private readonly double[][] _right;    // R_k for k ≥ 2 (index k), current point
    private readonly double[][] _rightStar; // R_k(W*) for k ≥ 2 (delta mode)
    private readonly double[][] _left;     // Lf_k for k ≤ N − 3 (delta mode), current point
    private readonly double[] _target, _residual, _transposed, _c1, _c2, _term;

    public DenseGdStepper(FlatLayout layout, double[] minimizer, bool deltaMode) : base(layout, minimizer, deltaMode)
    {
        _depth = layout.Depth;
        _m = layout.Rows;
        _n = layout.Columns;
        _off = layout.Offsets;
        _w = layout.Widths;
        int maxWidth = _w.Max();
        _right = new double[_depth][];
        _rightStar = new double[_depth][];
        _left = new double[_depth][];
        for (int k = 2; k < _depth; k++)
        {
            _right[k] = new double[_w[k] * _n];
            if (deltaMode) _rightStar[k] = new double[_w[k] * _n];
        }
        if (deltaMode)
            for (int k = 0; k <= _depth - 3; k++) _left[k] = new double[_m * _w[k + 1]];
        _residual = new double[_m * _n];
        _transposed = new double[maxWidth * _n];
        _c1 = new double[maxWidth * _n];
        _c2 = new double[maxWidth * _n];
        _term = new double[maxWidth * _n];

        // M := P(W*) by the very forward sweep Evaluate runs in plain mode, so fl(P(W*)) − M = 0 exactly.
        _target = new double[_m * _n];
        ForwardInto(Minimizer, _right, _target);
        if (deltaMode)
            for (int k = 2; k < _depth; k++) Array.Copy(_right[k], _rightStar[k], _right[k].Length);
    }

    /// <summary>Plain-mode GD on 𝓛(W) = ½‖P(W) − M‖²_F toward a given target M (any m × n matrix, row-major, not
    /// necessarily a product), from W₀ = <paramref name="start"/>: the training loop's stepper. Its forward sweep,
    /// residual E = P + (−1)·M, loss and gradient products are those of <see cref="FlatLoss"/> (same kernels, same
    /// orders), and its update W − η·G rounds like FlatLoss's gradient followed by W + (−η)·G, so the iterates are the
    /// same bits; only the separate gradient buffer and pass are gone. <see cref="GdStepper.Minimizer"/> holds the start
    /// and means nothing here.</summary>
    public static DenseGdStepper TowardTarget(FlatLayout layout, double[] start, double[] target)
    {
        if (target.Length != layout.Rows * layout.Columns)
            throw new ArgumentException($"The target has {target.Length} entries; the product is {layout.Rows}×{layout.Columns}.");
        var stepper = new DenseGdStepper(layout, start, deltaMode: false);
        Array.Copy(target, stepper._target, target.Length);
        return stepper;
    }

    public override double[] Target => _target;

    public override double[] Residual => _residual;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Evaluate()
    {
        var w = Point;
        if (!DeltaMode)
        {
            ForwardInto(w, _right, _residual);
            FlatKernels.AddScaled(_residual, 0, -1, _target, 0, _residual, 0, _residual.Length); // E = P − M
        }
        else
        {
            var delta = Offset;
            FlatKernels.AddScaled(Minimizer, 0, 1, delta, 0, w, 0, w.Length); // W = fl(W* + Δ)
            // Left factors at the current point: Lf_k = Lf_{k+1} W_{k+2} (0-based layer k + 1), from Lf_{N−2} = W_N.
            for (int k = _depth - 3; k >= 0; k--)
            {
                var (src, srcOff) = k + 1 == _depth - 2 ? (w, _off[_depth - 1]) : (_left[k + 1], 0);
                FlatKernels.Product<Overwrite>(src, srcOff, _w[k + 2], 1, w, _off[k + 1], _left[k], 0, _m, _w[k + 2], _w[k + 1]);
            }
            // E = Σ_k Lf_k Δ_k R*_k: each term is Δ_k R*_k (d_{k+1} × n), then multiplied from the left unless k = N−1.
            Array.Clear(_residual);
            for (int k = 0; k < _depth; k++)
            {
                int rows = _w[k + 1], cols = _w[k];
                double[] t; int tOff;
                if (k == 0) { t = delta; tOff = _off[0]; }
                else
                {
                    var (r, rOff) = RightStar(k);
                    FlatKernels.Product<Overwrite>(delta, _off[k], cols, 1, r, rOff, _term, 0, rows, cols, _n);
                    t = _term; tOff = 0;
                }
                if (k == _depth - 1)
                    FlatKernels.AddScaled(_residual, 0, 1, t, tOff, _residual, 0, _residual.Length);
                else
                {
                    var (lf, lfOff) = k == _depth - 2 ? (w, _off[_depth - 1]) : (_left[k], 0);
                    FlatKernels.Product<Accumulate>(lf, lfOff, rows, 1, t, tOff, _residual, 0, _m, rows, _n);
                }
            }
            // Right factors at the current point, for the gradient.
            for (int k = 2; k < _depth; k++)
            {
                var (r, rOff) = k == 2 ? (w, _off[0]) : (_right[k - 1], 0);
                FlatKernels.Product<Overwrite>(w, _off[k - 1], _w[k - 1], 1, r, rOff, _right[k], 0, _w[k], _w[k - 1], _n);
            }
        }
        return 0.5 * FlatKernels.SumOfSquares(_residual, 0, _residual.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step(double eta)
    {
        var w = Point;
        var state = DeltaMode ? Offset : Point; // what the update writes into
        double[] c = _residual, next = _c1;
        for (int k = _depth - 1; k >= 0; k--)
        {
            int rows = _w[k + 1], cols = _w[k];
            // C_{k−1} = W_kᵀ C_k, read before W_k moves (plain mode updates W in place).
            if (k > 0)
                FlatKernels.Product<Overwrite>(w, _off[k], 1, cols, c, 0, next, 0, cols, rows, _n);
            if (k == 0)
            {
                // ∇W_1 = C_1 (B_1 = I).
                FlatKernels.AddScaled(state, _off[0], -eta, c, 0, state, _off[0], rows * cols);
            }
            else
            {
                var (r, rOff) = k == 1 ? (w, _off[0]) : (_right[k], 0);
                FlatKernels.Transpose(r, rOff, cols, _n, _transposed, 0);
                FlatKernels.Product<SubtractScaled>(c, 0, _n, 1, _transposed, 0, state, _off[k], rows, _n, cols, eta);
            }
            if (k > 0)
            {
                c = next;
                next = ReferenceEquals(next, _c1) ? _c2 : _c1;
            }
        }
    }

    private (double[] Buffer, int Offset) RightStar(int k) => k == 1 ? (Minimizer, _off[0]) : (_rightStar[k], 0);

    /// <summary>Right factors R_k = W_{k−1} R_{k−1} (k ≥ 2) into <paramref name="right"/> and P = W_N R_{N−1} into
    /// <paramref name="product"/>: the one forward sweep used for M and for the plain-mode residual.</summary>
    private void ForwardInto(double[] w, double[][] right, double[] product)
    {
        if (_depth == 1)
        {
            Array.Copy(w, _off[0], product, 0, _m * _n);
            return;
        }
        for (int k = 2; k < _depth; k++)
        {
            var (r, rOff) = k == 2 ? (w, _off[0]) : (right[k - 1], 0);
            FlatKernels.Product<Overwrite>(w, _off[k - 1], _w[k - 1], 1, r, rOff, right[k], 0, _w[k], _w[k - 1], _n);
        }
        int last = _depth - 1;
        var (rl, rlOff) = last == 1 ? (w, _off[0]) : (right[last], 0);
        FlatKernels.Product<Overwrite>(w, _off[last], _w[last], 1, rl, rlOff, product, 0, _m, _w[last], _n);
    }
}
