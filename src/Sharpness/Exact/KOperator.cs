using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Model;

namespace Sharpness.Exact;

/// <summary>
/// The mn × mn operator K = J Jᵀ at a point: K(X) = Σ_i (A_i A_iᵀ) X (B_iᵀ B_i), whose nonzero spectrum equals the
/// nonzero spectrum of the Hessian at a zero-loss point (theory §2.2). Vectors are column-major vec(X), so a vector
/// wraps a MathNet matrix without copying.
/// </summary>
public sealed class KOperator : ISymmetricOperator
{
    private readonly double[]?[] _left;  // S_i = A_i A_iᵀ (m × m, column-major), null when it is the identity (i = N)
    private readonly double[]?[] _right; // T_i = B_iᵀ B_i (n × n, column-major), null when it is the identity (i = 1)
    private readonly double[] _t1;       // scratch for S_i X
    private readonly DenseKernels _kernels;
    private readonly Fused? _fused;       // the same sum in three large products (native kernels, depth ≥ 3)

    /// <summary>Builds the operator from the point's left and right factors (Gram matrices formed once, with
    /// <paramref name="kernels"/>; by default the native kernels where they pay, <see cref="DenseKernels.For"/> of one
    /// m × n × max(m, n) product).</summary>
    public KOperator(DeepFactorization point, DenseKernels? kernels = null) : this(point, kernels, fuse: true) { }

    /// <summary>As the public constructor; <paramref name="fuse"/> = false keeps one product per term on native
    /// kernels too (for measuring what the fused products save).</summary>
    internal KOperator(DeepFactorization point, DenseKernels? kernels, bool fuse)
    {
        ArgumentNullException.ThrowIfNull(point);
        long rows = point.OutputDimension, columns = point.InputDimension;
        _kernels = kernels ?? DenseKernels.For(rows * columns * Math.Max(rows, columns));
        Rows = point.OutputDimension;
        Columns = point.InputDimension;
        var f = point.Factors;
        int n = point.Depth;
        _left = new double[]?[n];
        _right = new double[]?[n];
        for (int i = 0; i < n; i++)
        {
            _left[i] = i == n - 1 ? null : Gram(f.Left[i], transpose: false);
            _right[i] = i == 0 ? null : Gram(f.Right[i], transpose: true);
        }
        _t1 = new double[Rows * Columns];
        if (fuse && n >= 3 && _kernels is NativeBlas native) _fused = new Fused(native, Rows, Columns, _left, _right);
    }

    private KOperator(int rows, int columns, double[]?[] left, double[]?[] right, DenseKernels kernels)
    {
        Rows = rows;
        Columns = columns;
        _left = left;
        _right = right;
        _kernels = kernels;
        _t1 = new double[rows * columns];
    }

    /// <summary>The operator X ↦ Σ_i S_i X T_i for given symmetric m × m matrices S_i and n × n matrices T_i (null:
    /// the identity), e.g. a data-aware K whose right Gram matrices carry an input covariance. The matrices are copied;
    /// their symmetry is the caller's claim (K is symmetric only if every S_i and T_i is).</summary>
    /// <exception cref="ArgumentException">The lists differ in length, are empty, or a matrix has the wrong shape.</exception>
    public static KOperator FromGrams(int rows, int columns, IReadOnlyList<Matrix<double>?> left, IReadOnlyList<Matrix<double>?> right,
        DenseKernels? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (left.Count != right.Count || left.Count == 0)
            throw new ArgumentException($"K needs as many left as right Gram matrices (at least one); got {left.Count} and {right.Count}.");
        double[]? Copy(Matrix<double>? g, int size, string side, int i)
        {
            if (g is null) return null;
            if (g.RowCount != size || g.ColumnCount != size)
                throw new ArgumentException($"The {side} Gram matrix of term {i + 1} is {g.RowCount}×{g.ColumnCount}, K on {rows}×{columns} matrices needs {size}×{size}.");
            return g.ToColumnMajorArray();
        }
        var l = left.Select((g, i) => Copy(g, rows, "left", i)).ToArray();
        var r = right.Select((g, i) => Copy(g, columns, "right", i)).ToArray();
        return new KOperator(rows, columns, l, r, kernels ?? DenseKernels.For((long)rows * columns * Math.Max(rows, columns)));
    }

    /// <summary>
    /// The data-aware operator K_X(Z) = Σ_i (A_i A_iᵀ) Z (B_iF)ᵀ(B_iF) on m × r matrices Z, for a right root F (n × r)
    /// of the input covariance S = XXᵀ = FFᵀ (theory §2.10): the same operator with every right factor B_i replaced
    /// by B_iF, i.e. a second right-factor Gram T_i = FᵀB_iᵀB_iF (T_1 = FᵀF). With F = S^{1/2} this is
    /// Σ A_iA_iᵀ Z S^{1/2}B_iᵀB_iS^{1/2}; with F = U_rΛ_r^{1/2} it is that operator restricted to the span of the
    /// inputs (same nonzero spectrum, dimension mr instead of mn). F = I gives <see cref="KOperator(DeepFactorization, DenseKernels?)"/>.
    /// </summary>
    /// <exception cref="ShapeMismatchException">F does not have n = d_0 rows.</exception>
    public KOperator(DeepFactorization point, Matrix<double> rightRoot, DenseKernels? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(rightRoot);
        if (rightRoot.RowCount != point.InputDimension)
            throw new ShapeMismatchException($"The right root F is {rightRoot.RowCount}×{rightRoot.ColumnCount} but the first layer takes n = {point.InputDimension} inputs.");
        long rows = point.OutputDimension, columns = rightRoot.ColumnCount;
        _kernels = kernels ?? DenseKernels.For(rows * columns * Math.Max(rows, columns));
        Rows = point.OutputDimension;
        Columns = rightRoot.ColumnCount;
        var f = point.Factors;
        int n = point.Depth;
        _left = new double[]?[n];
        _right = new double[]?[n];
        for (int i = 0; i < n; i++)
        {
            _left[i] = i == n - 1 ? null : Gram(f.Left[i], transpose: false);
            _right[i] = Gram(i == 0 ? rightRoot : f.Right[i] * rightRoot, transpose: true);
        }
        _t1 = new double[Rows * Columns];
    }

    /// <summary>tr K = Σ_i ‖A_i‖_F² ‖B_i‖_F² of the point as given (no scaling, no residual check): tr H at a zero-loss
    /// point (theory §4), and λmax itself when d_0 = d_N = 1, where K is 1 × 1. Each ‖·‖_F² is the sum of squared
    /// entries, so integer layers give the exact integer trace (24 for K = I₂₄, not 23.999999999999996).</summary>
    public static double Trace(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var f = point.Factors;
        double sum = 0;
        for (int i = 0; i < point.Depth; i++)
        {
            // Σ x² directly, not (‖·‖_F)²: the square of a rounded square root is off by an ulp even for integers.
            sum += Guard.SquaredFrobeniusNorm(f.Left[i]) * Guard.SquaredFrobeniusNorm(f.Right[i]);
        }
        return sum;
    }

    /// <summary>Number of terms S_i ⊗ T_i.</summary>
    internal int Terms => _left.Length;

    /// <summary>S_i (m × m, column-major), or null for the identity.</summary>
    internal double[]? LeftGram(int i) => _left[i];

    /// <summary>T_i (n × n, column-major), or null for the identity.</summary>
    internal double[]? RightGram(int i) => _right[i];

    /// <summary>m (rows of X).</summary>
    public int Rows { get; }

    /// <summary>n (columns of X).</summary>
    public int Columns { get; }

    /// <inheritdoc />
    public int Dimension => Rows * Columns;

    /// <summary>The kernels the products run on.</summary>
    public DenseKernels Kernels => _kernels;

    /// <summary>Bytes held by the operator: the Gram matrices S_i, T_i, one m × n scratch, and on native kernels the
    /// stacked copies and the (N−1)·m × n buffer of the fused products.</summary>
    public long Bytes => sizeof(double) * (_left.Sum(s => (long)(s?.Length ?? 0)) + _right.Sum(t => (long)(t?.Length ?? 0)) + _t1.Length)
        + (_fused?.Bytes ?? 0);

    /// <summary>Bytes <see cref="KOperator"/> would hold for <paramref name="point"/> (see <see cref="Bytes"/>),
    /// without forming it.</summary>
    public static long BytesFor(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        long m = point.OutputDimension, n = point.InputDimension, depth = point.Depth;
        long fused = depth >= 3 ? (depth - 2) * m * m + (depth - 1) * (n * n + m * n) : 0; // native kernels only; counted always
        return sizeof(double) * ((depth - 1) * (m * m + n * n) + m * n + fused);
    }

    /// <summary>K(X) for an m × n matrix X.</summary>
    public Matrix<double> Apply(Matrix<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Matrix<double>.Build.Dense(Rows, Columns);
        Apply(x.AsColumnMajorArray() ?? x.ToColumnMajorArray(), y.AsColumnMajorArray());
        return y;
    }

    /// <summary>
    /// K(X) = S_1 X + Σ_{i=2}^{N−1} S_i X T_i + X T_N (S_N = I, T_1 = I) as three products instead of 2N − 2: one with the
    /// middle S_i stacked, Y = [S_2; …; S_{N−1}] X, whose column-major storage, with X appended as one more block, is
    /// exactly the m × (N−1)n matrix Ŷ with column b(N−1) + j holding column b of block j; then K(X) = S_1 X + Ŷ T̂
    /// with T̂ the (N−1)n × n matrix whose row b(N−1) + j is row b of T_{j+2}. Same multiply-adds, in larger products
    /// (fewer synchronizations of OpenBLAS's threads, better blocking).
    /// </summary>
    private sealed class Fused
    {
        private readonly NativeBlas _blas;
        private readonly int _m, _n, _blocks;     // blocks = N − 1 (N − 2 stacked S_i, and X)
        private readonly double[] _s1, _stack, _tHat, _y;

        public Fused(NativeBlas blas, int m, int n, double[]?[] left, double[]?[] right)
        {
            _blas = blas;
            _m = m;
            _n = n;
            int depth = left.Length;
            _blocks = depth - 1;
            _s1 = left[0]!;
            int middle = depth - 2;
            _stack = new double[(long)middle * m * m];
            for (int j = 0; j < middle; j++)
            {
                var s = left[j + 1]!;
                for (int c = 0; c < m; c++)
                    s.AsSpan(c * m, m).CopyTo(_stack.AsSpan(c * middle * m + j * m, m));
            }
            _tHat = new double[(long)_blocks * n * n];
            for (int j = 0; j < _blocks; j++)
            {
                var t = right[j + 1]!;
                for (int c = 0; c < n; c++)
                    for (int b = 0; b < n; b++)
                        _tHat[(long)c * _blocks * n + b * _blocks + j] = t[c * n + b];
            }
            _y = new double[(long)_blocks * m * n];
        }

        public long Bytes => sizeof(double) * ((long)_stack.Length + _tHat.Length + _y.Length) + (_single?.Bytes ?? 0);

        private SingleFused? _single;

        /// <summary>The same three products in single precision (copies of S_1, the stack and T̂ rounded to float,
        /// made on first use).</summary>
        public SingleFused SinglePrecision => _single ??= new SingleFused(_blas, _m, _n, _blocks, _s1, _stack, _tHat);

        public void Apply(ReadOnlySpan<double> x, Span<double> y)
        {
            int m = _m, n = _n, rows = _blocks * m;
            _blas.Gemm(false, false, m, n, m, _s1, m, x, m, 0, y, m);                                   // y = S_1 X
            if (_blocks > 1) _blas.Gemm(false, false, rows - m, n, m, _stack, rows - m, x, m, 0, _y, rows); // Y = [S_2; …] X
            for (int b = 0; b < n; b++) x.Slice(b * m, m).CopyTo(_y.AsSpan(b * rows + rows - m, m));    // last block: X
            _blas.Gemm(false, false, m, n, _blocks * n, _y, m, _tHat, _blocks * n, 1, y, m);               // y += Ŷ T̂
        }
    }

    /// <summary><see cref="Fused"/>'s three products with <c>cblas_sgemm</c>: x is rounded to float, the Gram
    /// matrices were rounded once, and the float result is widened to double. Relative error ≈ 2⁻²⁴·√(terms) per
    /// entry, at twice the double throughput (AVX-512: 16 floats per register instead of 8 doubles).</summary>
    internal sealed class SingleFused
    {
        private readonly NativeBlas _blas;
        private readonly int _m, _n, _blocks;
        private readonly float[] _s1, _stack, _tHat, _y, _x, _out;

        public SingleFused(NativeBlas blas, int m, int n, int blocks, double[] s1, double[] stack, double[] tHat)
        {
            _blas = blas;
            _m = m;
            _n = n;
            _blocks = blocks;
            static float[] Round(double[] a) { var f = new float[a.Length]; for (int i = 0; i < a.Length; i++) f[i] = (float)a[i]; return f; }
            _s1 = Round(s1);
            _stack = Round(stack);
            _tHat = Round(tHat);
            _y = new float[(long)blocks * m * n];
            _x = new float[m * n];
            _out = new float[m * n];
        }

        public long Bytes => sizeof(float) * ((long)_s1.Length + _stack.Length + _tHat.Length + _y.Length + _x.Length + _out.Length);

        public void Apply(ReadOnlySpan<double> x, Span<double> y)
        {
            int m = _m, n = _n, rows = _blocks * m;
            for (int i = 0; i < _x.Length; i++) _x[i] = (float)x[i];
            _blas.Sgemm(false, false, m, n, m, _s1, m, _x, m, 0f, _out, m);
            if (_blocks > 1) _blas.Sgemm(false, false, rows - m, n, m, _stack, rows - m, _x, m, 0f, _y, rows);
            for (int b = 0; b < n; b++) _x.AsSpan(b * m, m).CopyTo(_y.AsSpan(b * rows + rows - m, m));
            _blas.Sgemm(false, false, m, n, _blocks * n, _y, m, _tHat, _blocks * n, 1f, _out, m);
            for (int i = 0; i < _out.Length; i++) y[i] = _out[i];
        }
    }

    /// <summary>True when <see cref="ApplySingle"/> is available: the fused native products (depth ≥ 3 on
    /// <see cref="NativeBlas"/>) and a <c>cblas_sgemm</c> that passed its self-test.</summary>
    internal bool HasSinglePrecision => _fused is not null && _kernels is NativeBlas { SinglePrecision: true };

    /// <summary>K(X) with single-precision products (see <see cref="SingleFused"/>): an approximation to rounding level
    /// 2⁻²⁴, for the Krylov work of <see cref="MixedPrecisionTop"/>; never for a reported value or residual.</summary>
    internal void ApplySingle(ReadOnlySpan<double> x, Span<double> y)
    {
        if (!HasSinglePrecision) throw new InvalidOperationException("Single-precision products need the fused OpenBLAS path (depth ≥ 3) with a working cblas_sgemm.");
        int mn = Rows * Columns;
        if (x.Length < mn || y.Length < mn) throw new ArgumentException($"K acts on vectors of length {mn}.");
        _fused!.SinglePrecision.Apply(x, y[..mn]);
    }

    /// <inheritdoc />
    /// <remarks>Uses an internal scratch matrix (no allocation per call), so one instance must not be applied from two
    /// threads at once. x and y are column-major vec(X) and vec(K X) and must not overlap.</remarks>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        int m = Rows, n = Columns;
        if (x.Length < m * n || y.Length < m * n) throw new ArgumentException($"K acts on vectors of length {m * n}.");
        y = y[..(m * n)];
        if (_fused is { } fused) { fused.Apply(x, y); return; }
        y.Clear();
        for (int i = 0; i < _left.Length; i++)
        {
            ReadOnlySpan<double> sx = x;
            if (_left[i] is { } s) { _kernels.Gemm(false, false, m, n, m, s, x, 0, _t1); sx = _t1; }
            if (_right[i] is { } t) _kernels.Gemm(false, false, m, n, n, sx, t, 1, y);
            else VectorKernels.Axpy(1, sx, y);
        }
    }

    private double[] Gram(Matrix<double> a, bool transpose)
    {
        int size = transpose ? a.ColumnCount : a.RowCount;
        var c = new double[size * size];
        _kernels.Gram(transpose, a.RowCount, a.ColumnCount, a.AsColumnMajorArray() ?? a.ToColumnMajorArray(), c);
        return c;
    }

    /// <summary>The dense mn × mn matrix Σ_i S_i ⊗ T_i in row-major vec (K[(a,b),(c,d)] = Σ_i S_i[a,c] T_i[b,d]).</summary>
    public Matrix<double> ToDense()
    {
        int m = Rows, n = Columns;
        var k = Matrix<double>.Build.Dense(m * n, m * n);
        for (int i = 0; i < _left.Length; i++)
        {
            var s = _left[i] is { } sv ? Matrix<double>.Build.Dense(m, m, sv) : Matrix<double>.Build.DenseIdentity(m);
            var t = _right[i] is { } tv ? Matrix<double>.Build.Dense(n, n, tv) : Matrix<double>.Build.DenseIdentity(n);
            for (int a = 0; a < m; a++)
                for (int c = 0; c < m; c++)
                {
                    double sac = s[a, c];
                    if (sac == 0) continue;
                    for (int b = 0; b < n; b++)
                        for (int d = 0; d < n; d++)
                            k[a * n + b, c * n + d] += sac * t[b, d];
                }
        }
        return k;
    }
}
