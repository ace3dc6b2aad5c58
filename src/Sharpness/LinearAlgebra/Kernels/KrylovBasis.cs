namespace Sharpness.LinearAlgebra.Kernels;

/// <summary>
/// The orthonormal Lanczos basis q_0, q_1, … of ℝⁿ vectors, stored in blocks of <see cref="BlockColumns"/> contiguous
/// columns, so that reorthogonalization against many vectors is two matrix–vector products per block (BLAS-2, read
/// once per pass) instead of one dot and one axpy per vector.
/// </summary>
internal sealed class KrylovBasis(int dimension)
{
    /// <summary>Columns per block: wide enough for an efficient GEMV, narrow enough to waste little memory.</summary>
    public const int BlockColumns = 8;

    private readonly List<double[]> _blocks = [];

    /// <summary>n.</summary>
    public int Dimension { get; } = dimension;

    /// <summary>Number of basis vectors.</summary>
    public int Count { get; private set; }

    /// <summary>Vector j.</summary>
    public Span<double> this[int j] => _blocks[j / BlockColumns].AsSpan(j % BlockColumns * Dimension, Dimension);

    /// <summary>Appends a copy of <paramref name="v"/> and returns the stored vector.</summary>
    public Span<double> Add(ReadOnlySpan<double> v)
    {
        if (Count % BlockColumns == 0 && Count / BlockColumns == _blocks.Count) _blocks.Add(new double[(long)BlockColumns * Dimension > int.MaxValue
            ? throw new OutOfMemoryException($"A Lanczos block of {BlockColumns} vectors of length {Dimension} exceeds 2³¹ entries.")
            : BlockColumns * Dimension]);
        var slot = this[Count++];
        v.CopyTo(slot);
        return slot;
    }

    /// <summary>The bytes of the blocks in use (whole blocks).</summary>
    public long Bytes => (long)UsedBlocks * BlockColumns * Dimension * sizeof(double);

    /// <summary>Blocks holding at least one of the <see cref="Count"/> vectors (after a <see cref="Clear"/> more may be
    /// kept for reuse).</summary>
    private int UsedBlocks => (Count + BlockColumns - 1) / BlockColumns;

    /// <summary>Empties the basis but keeps its blocks, so that a run of repeated Lanczos runs of the same dimension
    /// (the training tracker's estimates) allocates its basis once. The blocks are not zeroed: every slot is written by
    /// <see cref="Add"/> before it is read.</summary>
    public void Clear() => Count = 0;

    private double[] _overlaps = new double[64];

    /// <summary>Makes w orthogonal to the basis: h = Qᵀw (one pass over Q); when every overlap is at most
    /// <paramref name="semiOrthogonality"/>·‖w‖ nothing else happens, otherwise w ← w − Q h (classical Gram–Schmidt),
    /// repeated once when that removed more than 1 − 1/√2 of w's norm (the DGKS criterion: Daniel, Gragg, Kaufman,
    /// Stewart, Math. Comp. 30, 1976; "twice is enough", Giraud et al. 2005), as ARPACK does. Returns whether it
    /// subtracted.</summary>
    /// <remarks>Every pair (q_j, q_{k+1}) is measured exactly once, when q_{k+1} is formed, so a positive threshold
    /// keeps the basis <em>semi-orthogonal</em> by measurement: |q_jᵀq_k| ≤ threshold for all j &lt; k. With a
    /// threshold of √ε that is the level at which the Ritz values of the Lanczos tridiagonal are as accurate as with
    /// full orthogonality and no spurious copies appear (Simon, "The Lanczos algorithm with partial
    /// reorthogonalization", Math. Comp. 42, 1984); it saves the second pass over Q on most steps. Zero subtracts
    /// on every step (full reorthogonalization).</remarks>
    public bool Orthogonalize(DenseKernels kernels, Span<double> w, double semiOrthogonality = 0)
    {
        if (_overlaps.Length < Count) Array.Resize(ref _overlaps, Math.Max(Count, 2 * _overlaps.Length));
        var h = _overlaps.AsSpan(0, Count);
        for (int pass = 0; pass < 2; pass++)
        {
            double before = VectorKernels.Norm(w);
            for (int b = 0; b < UsedBlocks; b++)
            {
                int columns = Math.Min(BlockColumns, Count - b * BlockColumns);
                kernels.Gemv(true, Dimension, columns, 1, _blocks[b].AsSpan(0, columns * Dimension), w, 0, h.Slice(b * BlockColumns, columns)); // h_b = Q_bᵀ w
            }
            if (pass == 0 && MaxAbs(h) <= semiOrthogonality * before) return false;
            for (int b = 0; b < UsedBlocks; b++)
            {
                int columns = Math.Min(BlockColumns, Count - b * BlockColumns);
                kernels.Gemv(false, Dimension, columns, -1, _blocks[b].AsSpan(0, columns * Dimension), h.Slice(b * BlockColumns, columns), 1, w); // w -= Q_b h_b
            }
            if (VectorKernels.Norm(w) > 0.7071067811865476 * before) break;
        }
        return true;
    }

    private static double MaxAbs(ReadOnlySpan<double> h)
    {
        double max = 0;
        foreach (double x in h) max = Math.Max(max, Math.Abs(x));
        return max;
    }

    /// <summary>Several combinations in one pass over the basis: column l of Y (n × count, column-major) ←
    /// Σ_j C[j, l] q_j for j &lt; <paramref name="terms"/>, with C stored terms × count column-major (one GEMM per block
    /// instead of one GEMV per block and combination).</summary>
    public void CombineMany(DenseKernels kernels, int terms, int count, ReadOnlySpan<double> c, Span<double> y)
    {
        y[..(Dimension * count)].Clear();
        var block = new double[BlockColumns * count];
        for (int b = 0; b * BlockColumns < terms; b++)
        {
            int columns = Math.Min(BlockColumns, terms - b * BlockColumns);
            for (int l = 0; l < count; l++)
                for (int j = 0; j < columns; j++) block[l * columns + j] = c[l * terms + b * BlockColumns + j];
            kernels.Gemm(false, false, Dimension, count, columns, _blocks[b].AsSpan(0, columns * Dimension), block.AsSpan(0, columns * count), 1, y);
        }
    }

    /// <summary>y ← Σ_j c_j q_j for j &lt; c.Length.</summary>
    public void Combine(DenseKernels kernels, ReadOnlySpan<double> c, Span<double> y)
    {
        y.Clear();
        for (int b = 0; b * BlockColumns < c.Length; b++)
        {
            int columns = Math.Min(BlockColumns, c.Length - b * BlockColumns);
            kernels.Gemv(false, Dimension, columns, 1, _blocks[b].AsSpan(0, columns * Dimension), c.Slice(b * BlockColumns, columns), 1, y);
        }
    }
}
