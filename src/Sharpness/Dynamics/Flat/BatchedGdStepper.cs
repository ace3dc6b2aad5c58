using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sharpness.Dynamics.Flat;

/// <summary>
/// Several GD runs with one layout and one arithmetic mode advanced together, one run per SIMD lane: the forward
/// sweep, residual, loss, backward sweep and update of <see cref="DenseGdStepper"/>, with every buffer interleaved by
/// lane. Each lane has its own W*, M, start and η, and gets bit for bit the iterates it would get alone in
/// <see cref="DenseGdStepper"/> (or <see cref="ChainGdStepper"/>, which equals it on 1 × 1 layers).
/// </summary>
/// <remarks>
/// <para>Why the lanes cannot disturb each other: every operation is elementwise across lanes (see
/// <see cref="LaneKernels"/>), so a lane that diverged to ∞ or NaN, or an idle lane, changes no other lane's bits.
/// An idle lane holds W* = 0 and Δ = 0, an exact fixed point (E = 0, zero gradient), so it costs no subnormal or NaN
/// arithmetic.</para>
/// <para>Compared with the single-run stepper the products read the transposed operands through strides (free here:
/// one lane register is one element), so the per-step transpose of the right factor is gone.</para>
/// </remarks>
internal abstract class BatchedGdStepper
{
    /// <summary>The lane widths this machine can run: 8 (AVX-512), 4 (AVX2), 1 (scalar), widest first.</summary>
    public static IReadOnlyList<int> AvailableWidths { get; } =
        [.. new[] { Vector512.IsHardwareAccelerated ? 8 : 0, Vector256.IsHardwareAccelerated ? 4 : 0, 1 }.Where(w => w > 0)];

    /// <summary>The widest width this machine runs.</summary>
    public static int NativeWidth => AvailableWidths[0];

    /// <summary>A stepper with <paramref name="width"/> lanes (8, 4 or 1; must be in <see cref="AvailableWidths"/>),
    /// every lane idle.</summary>
    public static BatchedGdStepper Create(FlatLayout layout, bool deltaMode, int width) => width switch
    {
        8 when Vector512.IsHardwareAccelerated => new BatchedGdStepper<Lanes8, Vector512<double>>(layout, deltaMode),
        4 when Vector256.IsHardwareAccelerated => new BatchedGdStepper<Lanes4, Vector256<double>>(layout, deltaMode),
        1 => new BatchedGdStepper<Lanes1, double>(layout, deltaMode),
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, $"Lane width {width} is not available here (available: {string.Join(", ", AvailableWidths)})."),
    };

    protected BatchedGdStepper(FlatLayout layout, bool deltaMode, int width)
    {
        Layout = layout;
        DeltaMode = deltaMode;
        Width = width;
        Losses = new double[width];
    }

    public FlatLayout Layout { get; }

    public bool DeltaMode { get; }

    /// <summary>Lanes (runs at once).</summary>
    public int Width { get; }

    /// <summary>½‖E‖²_F per lane, left by the last <see cref="Evaluate"/>.</summary>
    public double[] Losses { get; }

    /// <summary>Puts a run into <paramref name="lane"/>: its W*, the start (plain W₀ = fl(W* + offset), delta
    /// Δ₀ = offset) and its η. The next <see cref="Evaluate"/> recomputes M and the right factors at W* by the forward
    /// pass (<see cref="GdStepper.ForwardProduct"/>'s order), which gives the other lanes the same bits again.</summary>
    public abstract void Load(int lane, double[] minimizer, ReadOnlySpan<double> offset, double eta);

    /// <summary>Makes <paramref name="lane"/> idle: W* = 0, Δ = 0, W = 0, η = 0 (an exact fixed point).</summary>
    public abstract void Clear(int lane);

    /// <summary>The residual and loss of every lane at its current iterate, into <see cref="Losses"/>.</summary>
    public abstract void Evaluate();

    /// <summary>One GD step of every lane with its own η, from the buffers of the last <see cref="Evaluate"/>.</summary>
    public abstract void Step();

    /// <summary>‖W − W*‖² of one lane (all lanes are computed together once per iterate and cached).</summary>
    public abstract double DistanceSquared(int lane);

    public abstract double ProjectOffset(int lane, double[] v);

    public abstract void CopyOffset(int lane, Span<double> destination);

    public abstract void CopyPoint(int lane, Span<double> destination);

    /// <summary>One lane seen as a run's state.</summary>
    public IGdState LaneState(int lane) => new LaneView(this, lane);

    private sealed class LaneView(BatchedGdStepper stepper, int lane) : IGdState
    {
        public double DistanceSquared() => stepper.DistanceSquared(lane);
        public double ProjectOffset(double[] v) => stepper.ProjectOffset(lane, v);
        public void CopyOffset(Span<double> destination) => stepper.CopyOffset(lane, destination);
        public void CopyPoint(Span<double> destination) => stepper.CopyPoint(lane, destination);
    }
}

/// <summary>The batched stepper for one register type; see <see cref="BatchedGdStepper"/>. Buffers hold element e of
/// lane ℓ at e·W + ℓ; the index comments of <see cref="DenseGdStepper"/> apply unchanged.</summary>
internal sealed class BatchedGdStepper<TL, TV> : BatchedGdStepper where TL : ILanes<TV> where TV : struct
{
    private readonly int _depth, _m, _n, _count;
    private readonly int[] _off;
    private readonly int[] _w;
    private readonly LaneBuffer _minimizer, _point, _offset;
    private readonly LaneBuffer[] _right, _rightStar, _left;
    private readonly LaneBuffer _target, _residual, _c1, _c2, _term;
    private readonly double[] _eta, _negEta, _distance;
    private bool _distanceCurrent, _distanceWanted, _minimizerChanged = true;

    public BatchedGdStepper(FlatLayout layout, bool deltaMode) : base(layout, deltaMode, TL.Width)
    {
        int w = TL.Width;
        _depth = layout.Depth;
        _m = layout.Rows;
        _n = layout.Columns;
        _off = layout.Offsets;
        _w = layout.Widths;
        _count = layout.ParameterCount;
        int maxWidth = _w.Max();
        _minimizer = new LaneBuffer(_count * w);
        _point = new LaneBuffer(_count * w);
        _offset = new LaneBuffer(_count * w);
        _right = new LaneBuffer[_depth];
        _rightStar = new LaneBuffer[_depth];
        _left = new LaneBuffer[_depth];
        for (int k = 2; k < _depth; k++)
        {
            _right[k] = new LaneBuffer(_w[k] * _n * w);
            if (deltaMode) _rightStar[k] = new LaneBuffer(_w[k] * _n * w);
        }
        if (deltaMode)
            for (int k = 0; k <= _depth - 3; k++) _left[k] = new LaneBuffer(_m * _w[k + 1] * w);
        _target = new LaneBuffer(_m * _n * w);
        _residual = new LaneBuffer(_m * _n * w);
        _c1 = new LaneBuffer(maxWidth * _n * w);
        _c2 = new LaneBuffer(maxWidth * _n * w);
        _term = new LaneBuffer(maxWidth * _n * w);
        _eta = new double[w];
        _negEta = new double[w];
        _distance = new double[w];
    }

    public override void Load(int lane, double[] minimizer, ReadOnlySpan<double> offset, double eta)
    {
        CheckLane(lane);
        if (minimizer.Length != _count || offset.Length != _count)
            throw new ArgumentException($"The minimizer and the offset need {_count} parameters (got {minimizer.Length} and {offset.Length}).");
        int w = TL.Width;
        Span<double> wStar = _minimizer.Span, point = _point.Span, delta = _offset.Span;
        for (int e = 0; e < _count; e++)
        {
            int at = e * w + lane;
            wStar[at] = minimizer[e];
            // GdStepper.Start: plain W₀ = fl(W* + offset); delta Δ₀ = offset and W = W* until Evaluate refreshes it.
            if (DeltaMode) { delta[at] = offset[e]; point[at] = minimizer[e]; }
            else { point[at] = minimizer[e] + offset[e]; delta[at] = 0; }
        }
        _eta[lane] = eta;
        _negEta[lane] = -eta;
        _minimizerChanged = true;
        _distanceCurrent = false;
    }

    public override void Clear(int lane)
    {
        CheckLane(lane);
        int w = TL.Width;
        Span<double> wStar = _minimizer.Span, point = _point.Span, delta = _offset.Span;
        for (int e = 0; e < _count; e++)
        {
            int at = e * w + lane;
            wStar[at] = 0; point[at] = 0; delta[at] = 0;
        }
        _eta[lane] = 0;
        _negEta[lane] = 0;
        _minimizerChanged = true;
        _distanceCurrent = false;
    }

    /// <summary>M = P(W*) and, in delta mode, R_k(W*), for all lanes, by the plain forward sweep (as the single-run
    /// constructor does): lanes whose W* did not change get the same bits again.</summary>
    private void RefreshMinimizerProducts()
    {
        ForwardInto(_minimizer, _depth >= 3 && DeltaMode ? _rightStar : _right, _target);
        _minimizerChanged = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Evaluate()
    {
        if (_minimizerChanged) RefreshMinimizerProducts();
        var w = _point.Span;
        var residual = _residual.Span;
        int mn = _m * _n;
        if (!DeltaMode)
        {
            ForwardInto(_point, _right, _residual);
            LaneKernels.Subtract<TL, TV>(residual, 0, _target.Span, 0, residual, 0, mn); // E = P − M (= P + (−1)·M of the single run)
        }
        else
        {
            var delta = _offset.Span;
            var wStar = _minimizer.Span;
            var term = _term.Span;
            LaneKernels.Add<TL, TV>(wStar, 0, delta, 0, w, 0, _count); // W = fl(W* + Δ) (= W* + 1·Δ of the single run)
            for (int k = _depth - 3; k >= 0; k--)
            {
                bool atSrc = k + 1 == _depth - 2; Span<double> src = atSrc ? w : _left[k + 1].Span; int srcOff = atSrc ? _off[_depth - 1] : 0;
                LaneKernels.Product<TL, TV, LaneOverwrite>(src, srcOff, _w[k + 2], 1, w, _off[k + 1], _w[k + 1], 1, _left[k].Span, 0, _m, _w[k + 2], _w[k + 1], null);
            }
            residual.Clear();
            for (int k = 0; k < _depth; k++)
            {
                int rows = _w[k + 1], cols = _w[k];
                Span<double> t; int tOff;
                if (k == 0) { t = delta; tOff = _off[0]; }
                else
                {
                    bool atR = k == 1; Span<double> r = atR ? wStar : _rightStar[k].Span; int rOff = atR ? _off[0] : 0;
                    LaneKernels.Product<TL, TV, LaneOverwrite>(delta, _off[k], cols, 1, r, rOff, _n, 1, term, 0, rows, cols, _n, null);
                    t = term; tOff = 0;
                }
                if (k == _depth - 1)
                    LaneKernels.Add<TL, TV>(residual, 0, t, tOff, residual, 0, mn);
                else
                {
                    bool atLf = k == _depth - 2; Span<double> lf = atLf ? w : _left[k].Span; int lfOff = atLf ? _off[_depth - 1] : 0;
                    LaneKernels.Product<TL, TV, LaneAccumulate>(lf, lfOff, rows, 1, t, tOff, _n, 1, residual, 0, _m, rows, _n, null);
                }
            }
            for (int k = 2; k < _depth; k++)
            {
                bool atR = k == 2; Span<double> r = atR ? w : _right[k - 1].Span; int rOff = atR ? _off[0] : 0;
                LaneKernels.Product<TL, TV, LaneOverwrite>(w, _off[k - 1], _w[k - 1], 1, r, rOff, _n, 1, _right[k].Span, 0, _w[k], _w[k - 1], _n, null);
            }
        }
        TL.Store(ref Losses[0], 0, LaneKernels.SumOfSquares<TL, TV>(residual, 0, mn));
        for (int l = 0; l < Losses.Length; l++) Losses[l] = 0.5 * Losses[l];
        // The state (W in plain mode, Δ in delta mode) is not changed here, so a distance computed after the last
        // Step still holds.
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Step()
    {
        var w = _point.Span;
        var state = DeltaMode ? _offset.Span : w;
        Span<double> c = _residual.Span, next = _c1.Span, other = _c2.Span;
        for (int k = _depth - 1; k >= 0; k--)
        {
            int rows = _w[k + 1], cols = _w[k];
            // C_{k−1} = W_kᵀ C_k, read before W_k moves: A[i, p] = W_k[p, i].
            if (k > 0)
                LaneKernels.Product<TL, TV, LaneOverwrite>(w, _off[k], 1, cols, c, 0, _n, 1, next, 0, cols, rows, _n, null);
            if (k == 0)
                LaneKernels.AddScaled<TL, TV>(state, _off[0], _negEta, c, 0, state, _off[0], rows * cols);
            else
            {
                // W_k −= η C_k R_kᵀ: B[p, j] = R_k[j, p] read by strides, no transposed copy.
                bool atR = k == 1; Span<double> r = atR ? w : _right[k].Span; int rOff = atR ? _off[0] : 0;
                LaneKernels.Product<TL, TV, LaneSubtractScaled>(c, 0, _n, 1, r, rOff, 1, _n, state, _off[k], rows, _n, cols, _eta);
            }
            if (k > 0)
            {
                // The next C goes where the one before last was (C_N = E is never overwritten).
                var done = c;
                c = next;
                next = k == _depth - 1 ? other : done;
            }
        }
        // The monitors ask for ‖W − W*‖² at every iterate until their runs escape: when they asked at the last one,
        // compute it now, while the layer just updated is still in L1 (one lane element is a 64-byte line, so the
        // state of an 8-lane batch is ~38 KB: read later, after Evaluate, it comes from L2).
        _distanceCurrent = false;
        if (_distanceWanted) ComputeDistances();
        _distanceWanted = false;
    }

    private void ComputeDistances()
    {
        TV d = DeltaMode
            ? LaneKernels.SumOfSquares<TL, TV>(_offset.Span, 0, _count)
            : LaneKernels.DistanceSquared<TL, TV>(_point.Span, _minimizer.Span, _count);
        TL.Store(ref _distance[0], 0, d);
        _distanceCurrent = true;
    }

    public override double DistanceSquared(int lane)
    {
        CheckLane(lane);
        _distanceWanted = true;
        if (!_distanceCurrent) ComputeDistances();
        return _distance[lane];
    }

    public override double ProjectOffset(int lane, double[] v)
    {
        CheckLane(lane);
        int w = TL.Width;
        Span<double> wStar = _minimizer.Span, point = _point.Span, delta = _offset.Span;
        double s = 0;
        if (DeltaMode)
            for (int i = 0; i < v.Length; i++) s += delta[i * w + lane] * v[i];
        else
            for (int i = 0; i < v.Length; i++) s += (point[i * w + lane] - wStar[i * w + lane]) * v[i];
        return s;
    }

    public override void CopyOffset(int lane, Span<double> destination)
    {
        CheckLane(lane);
        int w = TL.Width;
        Span<double> wStar = _minimizer.Span, point = _point.Span, delta = _offset.Span;
        if (DeltaMode) for (int i = 0; i < _count; i++) destination[i] = delta[i * w + lane];
        else for (int i = 0; i < _count; i++) destination[i] = point[i * w + lane] - wStar[i * w + lane];
    }

    public override void CopyPoint(int lane, Span<double> destination)
    {
        CheckLane(lane);
        int w = TL.Width;
        Span<double> wStar = _minimizer.Span, point = _point.Span, delta = _offset.Span;
        if (DeltaMode) for (int i = 0; i < _count; i++) destination[i] = wStar[i * w + lane] + delta[i * w + lane];
        else for (int i = 0; i < _count; i++) destination[i] = point[i * w + lane];
    }

    /// <summary>R_k = W_{k−1} R_{k−1} (k ≥ 2) and P = W_N R_{N−1}, as <c>DenseGdStepper.ForwardInto</c>.</summary>
    private void ForwardInto(LaneBuffer weights, LaneBuffer[] right, LaneBuffer product)
    {
        var w = weights.Span;
        if (_depth == 1)
        {
            w.Slice(_off[0] * TL.Width, _m * _n * TL.Width).CopyTo(product.Span);
            return;
        }
        for (int k = 2; k < _depth; k++)
        {
            bool atR = k == 2; Span<double> r = atR ? w : right[k - 1].Span; int rOff = atR ? _off[0] : 0;
            LaneKernels.Product<TL, TV, LaneOverwrite>(w, _off[k - 1], _w[k - 1], 1, r, rOff, _n, 1, right[k].Span, 0, _w[k], _w[k - 1], _n, null);
        }
        int last = _depth - 1;
        bool atRl = last == 1; Span<double> rl = atRl ? w : right[last].Span; int rlOff = atRl ? _off[0] : 0;
        LaneKernels.Product<TL, TV, LaneOverwrite>(w, _off[last], _w[last], 1, rl, rlOff, _n, 1, product.Span, 0, _m, _w[last], _n, null);
    }

    private void CheckLane(int lane)
    {
        if ((uint)lane >= (uint)TL.Width) throw new ArgumentOutOfRangeException(nameof(lane), lane, $"This stepper has {TL.Width} lanes.");
    }
}
