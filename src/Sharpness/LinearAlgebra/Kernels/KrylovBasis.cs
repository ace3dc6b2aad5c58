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
        if (Count % BlockColumns == 0) _blocks.Add(new double[(long)BlockColumns * Dimension > int.MaxValue
            ? throw new OutOfMemoryException($"A Lanczos block of {BlockColumns} vectors of length {Dimension} exceeds 2³¹ entries.")
            : BlockColumns * Dimension]);
        var slot = this[Count++];
        v.CopyTo(slot);
        return slot;
    }

    /// <summary>The bytes held (whole blocks).</summary>
    public long Bytes => (long)_blocks.Count * BlockColumns * Dimension * sizeof(double);

    /// <summary>w ← w − Q (Qᵀ w), block by block (classical Gram–Schmidt inside a block, modified across blocks),
    /// repeated once when the pass removed more than 1 − 1/√2 of w's norm (the DGKS criterion: Daniel, Gragg,
    /// Kaufman, Stewart, Math. Comp. 30, 1976; "twice is enough", Giraud et al. 2005), as ARPACK does.</summary>
    public void Orthogonalize(DenseKernels kernels, Span<double> w)
    {
        Span<double> h = stackalloc double[BlockColumns];
        for (int pass = 0; pass < 2; pass++)
        {
            double before = VectorKernels.Norm(w);
            for (int b = 0; b < _blocks.Count; b++)
            {
                int columns = Math.Min(BlockColumns, Count - b * BlockColumns);
                var q = _blocks[b].AsSpan(0, columns * Dimension);
                kernels.Gemv(true, Dimension, columns, 1, q, w, 0, h);   // h = Q_bᵀ w
                kernels.Gemv(false, Dimension, columns, -1, q, h, 1, w); // w -= Q_b h
            }
            if (VectorKernels.Norm(w) > 0.7071067811865476 * before) break;
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
