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

    /// <summary>Whether the products start each sum at its first term (plain depth 2, when every loaded lane allows
    /// it; set by <see cref="Evaluate"/> after a Load or Clear). Bits are the same either way; tests check both.</summary>
    internal abstract bool UsesFirstTerm { get; }

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
    // Which iterate the cached projections belong to: bumped by every change of any lane's state (Step, Load, Clear).
    private long _version;
    private readonly Projection[] _projections;
    private int _nextProjection;
    // Plain depth 2: products may start at their first term when every loaded lane allows it (see Evaluate).
    private readonly bool _firstTermLayout;
    private readonly bool[] _loaded, _startHasNegativeZero;
    private bool _firstTerm;

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
        _projections = [new(w), new(w), new(w), new(w)];
        _firstTermLayout = !deltaMode && _depth == 2;
        _loaded = new bool[w];
        _startHasNegativeZero = new bool[w];
    }

    /// <summary>⟨W − W*, v⟩ of every lane for one direction at one iterate.</summary>
    private sealed class Projection(int width)
    {
        public double[]? Direction { get; set; }
        public long Version { get; set; } = -1;
        public double[] Values { get; } = new double[width];
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
        bool negativeZero = false;
        for (int e = 0; e < _count; e++) negativeZero |= BitConverter.DoubleToInt64Bits(point[e * w + lane]) == long.MinValue;
        _startHasNegativeZero[lane] = negativeZero;
        _loaded[lane] = true;
        _eta[lane] = eta;
        _negEta[lane] = -eta;
        _minimizerChanged = true;
        _distanceCurrent = false;
        _version++;
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
        _loaded[lane] = false;
        _eta[lane] = 0;
        _negEta[lane] = 0;
        _minimizerChanged = true;
        _distanceCurrent = false;
        _version++;
    }

    /// <summary>M = P(W*) and, in delta mode, R_k(W*), for all lanes, by the plain forward sweep (as the single-run
    /// constructor does): lanes whose W* did not change get the same bits again.</summary>
    private void RefreshMinimizerProducts()
    {
        ForwardInto(_minimizer, _depth >= 3 && DeltaMode ? _rightStar : _right, _target, firstTerm: false);
        _minimizerChanged = false;
        _firstTerm = _firstTermLayout && FirstTermAllowed();
    }

    /// <summary>
    /// Whether the plain depth-2 products may start at their first term (one add fewer per output, 800 of the step's
    /// 13 000) with every loaded lane's bits unchanged. A first-term sum differs from the +0-start sum only when it is
    /// −0 (the +0 start then gives +0), so it suffices that no such −0 reaches a result:
    /// <list type="bullet">
    /// <item>P = W₂W₁ enters only E = P − M, and (−0) − M = (+0) − M unless M = +0: no lane's M has a +0 entry;</item>
    /// <item>C₁ = W₂ᵀE enters only W₁ + (−η)·C₁, and G₂ = E W₁ᵀ only W₂ − η·G₂; with an entry ∓0 the two results
    /// differ only when the weight is −0. A weight is −0 after an update only if it was −0 before (x + y = −0 in
    /// round-to-nearest needs x = y = −0, for every x, y including ∞ and NaN), so it suffices that no lane starts
    /// with a −0 weight.</item>
    /// </list>
    /// Checked per lane when the minimizer products are refreshed (after any Load or Clear); idle lanes do not count.
    /// </summary>
    private bool FirstTermAllowed()
    {
        int w = TL.Width, mn = _m * _n;
        var target = _target.Span;
        for (int lane = 0; lane < w; lane++)
        {
            if (!_loaded[lane]) continue;
            if (_startHasNegativeZero[lane]) return false;
            for (int e = 0; e < mn; e++)
                if (BitConverter.DoubleToInt64Bits(target[e * w + lane]) == 0) return false;
        }
        return true;
    }

    internal override bool UsesFirstTerm => _firstTerm;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Evaluate()
    {
        if (_minimizerChanged) RefreshMinimizerProducts();
        var w = _point.Span;
        var residual = _residual.Span;
        int mn = _m * _n;
        if (!DeltaMode)
        {
            // E = P − M (= P + (−1)·M of the single run), subtracted as the last product is stored.
            ForwardInto(_point, _right, _residual, _firstTerm, _target);
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
        bool distanceDone = false;
        for (int k = _depth - 1; k >= 0; k--)
        {
            int rows = _w[k + 1], cols = _w[k];
            // C_{k−1} = W_kᵀ C_k, read before W_k moves: A[i, p] = W_k[p, i].
            if (k > 0)
                LaneKernels.Product<TL, TV, LaneOverwrite>(w, _off[k], 1, cols, c, 0, _n, 1, next, 0, cols, rows, _n, null, _firstTerm);
            if (k == 0 && _distanceWanted)
            {
                // The monitors will ask for ‖W − W*‖² at the new iterate: start it while the first layer is being
                // updated (the same operations, in the same order, as the update followed by the distance).
                int length = rows * cols, blocked = Math.Min(length, _count) & ~3;
                var m = DeltaMode ? Span<double>.Empty : _minimizer.Span;
                LaneKernels.AddScaledWithDistance<TL, TV>(state, _negEta, c, m, length, blocked, out var s0, out var s1, out var s2, out var s3);
                TL.Store(ref _distance[0], 0, LaneKernels.FinishDistance<TL, TV>(state, m, blocked, _count, s0, s1, s2, s3));
                distanceDone = true;
            }
            else if (k == 0)
                LaneKernels.AddScaled<TL, TV>(state, _off[0], _negEta, c, 0, state, _off[0], rows * cols);
            else
            {
                // W_k −= η C_k R_kᵀ: B[p, j] = R_k[j, p] read by strides, no transposed copy.
                bool atR = k == 1; Span<double> r = atR ? w : _right[k].Span; int rOff = atR ? _off[0] : 0;
                LaneKernels.Product<TL, TV, LaneSubtractScaled>(c, 0, _n, 1, r, rOff, 1, _n, state, _off[k], rows, _n, cols, _eta, _firstTerm);
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
        // it was computed above with the first layer's update (one lane element is a 64-byte line, so the state of an
        // 8-lane batch is ~38 KB: read again after Evaluate, it would come from L2).
        _distanceCurrent = distanceDone;
        _distanceWanted = false;
        _version++;
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

    /// <summary>⟨W − W*, v⟩ of one lane. The monitors sample every lane at the same iterates with the same two
    /// directions (v₁ and the null direction), so the first request for a direction at an iterate computes it for all
    /// lanes in one vector pass (<see cref="LaneKernels.Project{TL, TV}"/>, each lane in the order of
    /// <c>GdStepper.ProjectOffset</c>) and the other lanes read the cache: one pass instead of one strided scalar
    /// pass per lane, which was a latency-bound 600-add chain touching a cache line per element.</summary>
    public override double ProjectOffset(int lane, double[] v)
    {
        CheckLane(lane);
        ArgumentNullException.ThrowIfNull(v);
        if (v.Length > _count) throw new ArgumentException($"The direction has {v.Length} entries, the layout {_count}.", nameof(v));
        foreach (var entry in _projections)
            if (ReferenceEquals(entry.Direction, v) && entry.Version == _version) return entry.Values[lane];
        var slot = _projections[_nextProjection];
        _nextProjection = (_nextProjection + 1) % _projections.Length;
        var y = DeltaMode ? Span<double>.Empty : _minimizer.Span;
        TL.Store(ref slot.Values[0], 0, LaneKernels.Project<TL, TV>(DeltaMode ? _offset.Span : _point.Span, y, v));
        slot.Direction = v;
        slot.Version = _version;
        return slot.Values[lane];
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

    /// <summary>R_k = W_{k−1} R_{k−1} (k ≥ 2) and P = W_N R_{N−1}, as <c>DenseGdStepper.ForwardInto</c>; with
    /// <paramref name="subtract"/> (M) the last product is stored as P − M instead of P (the same roundings as
    /// subtracting afterwards, one pass over P fewer).</summary>
    private void ForwardInto(LaneBuffer weights, LaneBuffer[] right, LaneBuffer product, bool firstTerm, LaneBuffer? subtract = null)
    {
        var w = weights.Span;
        if (_depth == 1)
        {
            w.Slice(_off[0] * TL.Width, _m * _n * TL.Width).CopyTo(product.Span);
            if (subtract is { } m) LaneKernels.Subtract<TL, TV>(product.Span, 0, m.Span, 0, product.Span, 0, _m * _n);
            return;
        }
        for (int k = 2; k < _depth; k++)
        {
            bool atR = k == 2; Span<double> r = atR ? w : right[k - 1].Span; int rOff = atR ? _off[0] : 0;
            LaneKernels.Product<TL, TV, LaneOverwrite>(w, _off[k - 1], _w[k - 1], 1, r, rOff, _n, 1, right[k].Span, 0, _w[k], _w[k - 1], _n, null);
        }
        int last = _depth - 1;
        bool atRl = last == 1; Span<double> rl = atRl ? w : right[last].Span; int rlOff = atRl ? _off[0] : 0;
        if (subtract is { } target)
            LaneKernels.Product<TL, TV, LaneSubtractExisting>(w, _off[last], _w[last], 1, rl, rlOff, _n, 1, product.Span, 0, _m, _w[last], _n, null, firstTerm && _depth == 2, target.Span);
        else
            LaneKernels.Product<TL, TV, LaneOverwrite>(w, _off[last], _w[last], 1, rl, rlOff, _n, 1, product.Span, 0, _m, _w[last], _n, null, firstTerm && _depth == 2);
    }

    private void CheckLane(int lane)
    {
        if ((uint)lane >= (uint)TL.Width) throw new ArgumentOutOfRangeException(nameof(lane), lane, $"This stepper has {TL.Width} lanes.");
    }
}
