
namespace Sharpness.Dynamics.Flat;

/// <summary>
/// 𝓛(W) = ½‖W_N⋯W_1 − M‖²_F, its gradient and its exact Hessian–vector product on flat row-major parameter buffers
/// (the order of <see cref="Model.DeepFactorization.ToVector"/>), with preallocated scratch: nothing allocates after
/// construction.
/// </summary>
/// <remarks>
/// <para>0-based layer k is W_{k+1} (d_{k+1} × d_k). Forward sweep: B_0 = I, B_1 = W_0, B_k = W_{k−1}B_{k−1}
/// (d_k × n); P = W_{N−1}B_{N−1}; E = P − M. Backward sweep: C_{N−1} = E, C_{k−1} = W_kᵀC_k (so C_k = A_kᵀE);
/// gradient g_k = C_k B_kᵀ (theory §2.1).</para>
/// <para>Hessian–vector product by forward-over-reverse differentiation of the same two sweeps along U:
/// δB_1 = U_0, δB_k = U_{k−1}B_{k−1} + W_{k−1}δB_{k−1}; δC_{N−1} = δP = U_{N−1}B_{N−1} + W_{N−1}δB_{N−1};
/// δC_{k−1} = U_kᵀC_k + W_kᵀδC_k; (HU)_k = δC_k B_kᵀ + C_k δB_kᵀ. It costs about two gradients and is exact at any
/// point (zero residual or not); it shares no code with <see cref="Model.FactorizationLoss.HessianTimes"/>, which the
/// tests compare it against.</para>
/// <para>Not thread-safe: one instance per thread.</para>
/// </remarks>
internal sealed class FlatLoss
{
    private readonly FlatLayout _layout;
    private readonly int _depth, _m, _n;
    private readonly int[] _d, _off;
    private readonly double[] _target;
    private readonly double[][] _b, _bt, _c, _db, _dc; // B_k, B_kᵀ, C_k, δB_k, δC_k
    private readonly double[] _e, _scratchT;
    private double[] _w = [];
    private bool _haveGradientSweep;

    public FlatLoss(FlatLayout layout, double[] target)
    {
        _layout = layout;
        _depth = layout.Depth;
        _m = layout.Rows;
        _n = layout.Columns;
        _d = layout.Widths;
        _off = layout.Offsets;
        if (target.Length != _m * _n) throw new ArgumentException($"The target has {target.Length} entries; the product is {_m}×{_n}.");
        _target = (double[])target.Clone();
        _b = new double[_depth][];
        _bt = new double[_depth][];
        _c = new double[_depth][];
        _db = new double[_depth][];
        _dc = new double[_depth][];
        int maxWidth = _d.Max();
        for (int k = 0; k < _depth; k++)
        {
            if (k > 0)
            {
                _b[k] = new double[_d[k] * _n];
                _bt[k] = new double[_d[k] * _n];
                _db[k] = new double[_d[k] * _n];
            }
            _c[k] = new double[_d[k + 1] * _n];
            _dc[k] = new double[_d[k + 1] * _n];
        }
        _e = _c[_depth - 1];
        _scratchT = new double[maxWidth * _n];
    }

    public FlatLayout Layout => _layout;

    public int ParameterCount => _layout.ParameterCount;

    /// <summary>E = P − M left by the last <see cref="Evaluate"/> (m × n, row-major).</summary>
    public double[] Residual => _e;

    /// <summary>M (m × n, row-major).</summary>
    public double[] Target => _target;

    /// <summary>Forward sweep at <paramref name="w"/> (kept by reference until the next call); returns ½‖E‖²_F.</summary>
    public double Evaluate(double[] w)
    {
        _w = w;
        _haveGradientSweep = false;
        var e = _e;
        if (_depth == 1)
        {
            Array.Copy(w, _off[0], e, 0, _m * _n);
        }
        else
        {
            Array.Copy(w, _off[0], _b[1], 0, _d[1] * _n);
            for (int k = 2; k < _depth; k++)
                FlatKernels.Product<Overwrite>(w, _off[k - 1], _d[k - 1], 1, _b[k - 1], 0, _b[k], 0, _d[k], _d[k - 1], _n);
            FlatKernels.Product<Overwrite>(w, _off[_depth - 1], _d[_depth - 1], 1, _b[_depth - 1], 0, e, 0, _m, _d[_depth - 1], _n);
        }
        FlatKernels.AddScaled(e, 0, -1, _target, 0, e, 0, e.Length);
        return 0.5 * FlatKernels.SumOfSquares(e, 0, e.Length);
    }

    /// <summary>P = W_N⋯W_1 at the point of the last <see cref="Evaluate"/> into <paramref name="product"/> (m × n,
    /// row-major): the forward sweep's last product again, the same bits as the P that E = P − M was formed from.</summary>
    public void ProductInto(double[] product)
    {
        if (_depth == 1) Array.Copy(_w, _off[0], product, 0, _m * _n);
        else FlatKernels.Product<Overwrite>(_w, _off[_depth - 1], _d[_depth - 1], 1, _b[_depth - 1], 0, product, 0, _m, _d[_depth - 1], _n);
    }

    /// <summary>Gradient at the point of the last <see cref="Evaluate"/> into <paramref name="gradient"/>.</summary>
    public void Gradient(double[] gradient)
    {
        BackwardSweep();
        for (int k = 0; k < _depth; k++)
        {
            if (k == 0) Array.Copy(_c[0], 0, gradient, _off[0], _d[1] * _n);
            else FlatKernels.Product<Overwrite>(_c[k], 0, _n, 1, _bt[k], 0, gradient, _off[k], _d[k + 1], _n, _d[k]);
        }
    }

    /// <summary>y = H u at the point of the last <see cref="Evaluate"/>.</summary>
    public void HessianTimes(ReadOnlySpan<double> u, Span<double> y)
    {
        // The routines take arrays; the callers (Lanczos) pass arrays, so copy only when they are not.
        var uu = _uBuffer ??= new double[ParameterCount];
        var yy = _yBuffer ??= new double[ParameterCount];
        u.CopyTo(uu);
        HessianTimes(uu, yy);
        yy.AsSpan().CopyTo(y);
    }

    private double[]? _uBuffer, _yBuffer;

    /// <summary>y = H u at the point of the last <see cref="Evaluate"/> (arrays of length P).</summary>
    public void HessianTimes(double[] u, double[] y)
    {
        BackwardSweep();
        var w = _w;
        if (_depth == 1)
        {
            Array.Copy(u, _off[0], y, _off[0], _m * _n); // H = I at depth 1
            return;
        }
        // δB_k.
        Array.Copy(u, _off[0], _db[1], 0, _d[1] * _n);
        for (int k = 2; k < _depth; k++)
        {
            FlatKernels.Product<Overwrite>(u, _off[k - 1], _d[k - 1], 1, _b[k - 1], 0, _db[k], 0, _d[k], _d[k - 1], _n);
            FlatKernels.Product<Accumulate>(w, _off[k - 1], _d[k - 1], 1, _db[k - 1], 0, _db[k], 0, _d[k], _d[k - 1], _n);
        }
        // δC_{N−1} = δP.
        int last = _depth - 1;
        FlatKernels.Product<Overwrite>(u, _off[last], _d[last], 1, _b[last], 0, _dc[last], 0, _m, _d[last], _n);
        FlatKernels.Product<Accumulate>(w, _off[last], _d[last], 1, _db[last], 0, _dc[last], 0, _m, _d[last], _n);
        // δC_{k−1} = U_kᵀ C_k + W_kᵀ δC_k.
        for (int k = last; k >= 1; k--)
        {
            FlatKernels.Product<Overwrite>(u, _off[k], 1, _d[k], _c[k], 0, _dc[k - 1], 0, _d[k], _d[k + 1], _n);
            FlatKernels.Product<Accumulate>(w, _off[k], 1, _d[k], _dc[k], 0, _dc[k - 1], 0, _d[k], _d[k + 1], _n);
        }
        // (HU)_k = δC_k B_kᵀ + C_k δB_kᵀ; k = 0: δC_0 (B_0 = I, δB_0 = 0).
        Array.Copy(_dc[0], 0, y, _off[0], _d[1] * _n);
        for (int k = 1; k < _depth; k++)
        {
            FlatKernels.Product<Overwrite>(_dc[k], 0, _n, 1, _bt[k], 0, y, _off[k], _d[k + 1], _n, _d[k]);
            FlatKernels.Transpose(_db[k], 0, _d[k], _n, _scratchT, 0);
            FlatKernels.Product<Accumulate>(_c[k], 0, _n, 1, _scratchT, 0, y, _off[k], _d[k + 1], _n, _d[k]);
        }
    }

    private void BackwardSweep()
    {
        if (_haveGradientSweep) return;
        var w = _w;
        for (int k = _depth - 1; k >= 1; k--)
            FlatKernels.Product<Overwrite>(w, _off[k], 1, _d[k], _c[k], 0, _c[k - 1], 0, _d[k], _d[k + 1], _n);
        for (int k = 1; k < _depth; k++) FlatKernels.Transpose(_b[k], 0, _d[k], _n, _bt[k], 0);
        _haveGradientSweep = true;
    }
}
