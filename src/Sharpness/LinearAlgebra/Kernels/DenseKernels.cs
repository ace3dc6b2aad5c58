using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.LinearAlgebra.Kernels;

/// <summary>
/// The kit's dense-kernel seam: the three BLAS-2/3 operations the exact routes spend their time in (GEMM, GEMV and the
/// symmetric rank-k update SYRK), on column-major storage. Two providers ship: <see cref="ManagedKernels"/> (the kit's
/// own vectorized C#, always available) and <see cref="NativeBlas"/> (Debian's OpenBLAS, <c>libopenblas.so.0</c>,
/// called directly). <see cref="Default"/> picks the native one when it loads and passes a self-test against the
/// managed one, and can be swapped (MathNet's <c>Control.LinearAlgebraProvider</c> style).
/// </summary>
/// <remarks>
/// <para>Conventions follow reference BLAS (Dongarra et al., "A set of level 3 basic linear algebra subprograms",
/// ACM TOMS 16, 1990), column-major, with the leading dimension equal to the stored matrix's row count.</para>
/// <para>Selection: the environment variable <c>SHARPNESS_BLAS</c> = <c>managed</c> forces the managed kernels,
/// <c>native</c> or unset prefers OpenBLAS. The native library's own variables (<c>OPENBLAS_NUM_THREADS</c>,
/// <c>OPENBLAS_CORETYPE</c>) apply unchanged.</para>
/// <para>The managed provider is deterministic (fixed summation order). OpenBLAS is deterministic for a fixed thread
/// count on a given machine; its summation order differs from the managed one, so results agree to rounding
/// (≈ 1e-15 relative), not bit for bit.</para>
/// </remarks>
public abstract class DenseKernels
{
    private static DenseKernels? _default;
    private static readonly Lock DefaultLock = new();

    /// <summary>A short name: <c>managed</c> or <c>OpenBLAS</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One line saying what runs: the provider, its library, version, core type and threads.</summary>
    public abstract string Description { get; }

    /// <summary>True for a native library (large products pay off; matrix–vector reorthogonalization is blocked).</summary>
    public abstract bool IsNative { get; }

    /// <summary><see cref="Description"/> as short (item, value) pairs, for a table that fits a page (library,
    /// build, core type, threads, …); by default the one pair ("kernels", <see cref="Description"/>).</summary>
    public virtual IReadOnlyList<(string Item, string Value)> Details => [("kernels", Description)];

    /// <summary>C ← op(A) op(B) + β C with op(A) m × k, op(B) k × n, C m × n; β is 0 or 1.</summary>
    /// <param name="transposeA">op(A) = Aᵀ (A stored k × m) instead of A (stored m × k).</param>
    /// <param name="transposeB">op(B) = Bᵀ (B stored n × k) instead of B (stored k × n).</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="a">A, column-major.</param>
    /// <param name="b">B, column-major.</param>
    /// <param name="beta">0 (overwrite C) or 1 (accumulate into C).</param>
    /// <param name="c">C, column-major; must not overlap A or B.</param>
    public abstract void Gemm(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c);

    /// <summary>y ← α op(A) x + β y for A stored rows × columns (op(A) = Aᵀ when <paramref name="transpose"/>).</summary>
    /// <param name="transpose">Multiply by Aᵀ (x has length rows, y has length columns).</param>
    /// <param name="rows">Rows of the stored A.</param>
    /// <param name="columns">Columns of the stored A.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, column-major.</param>
    /// <param name="x">The input vector.</param>
    /// <param name="beta">0 (overwrite y) or 1 (accumulate into y).</param>
    /// <param name="y">The output vector; must not overlap A or x.</param>
    public abstract void Gemv(bool transpose, int rows, int columns, double alpha,
        ReadOnlySpan<double> a, ReadOnlySpan<double> x, double beta, Span<double> y);

    /// <summary>The full symmetric Gram matrix C = A Aᵀ (rows × rows), or C = Aᵀ A (columns × columns) when
    /// <paramref name="transpose"/>, for A stored rows × columns.</summary>
    /// <param name="transpose">Form Aᵀ A instead of A Aᵀ.</param>
    /// <param name="rows">Rows of the stored A.</param>
    /// <param name="columns">Columns of the stored A.</param>
    /// <param name="a">A, column-major.</param>
    /// <param name="c">C, column-major, both triangles written.</param>
    public abstract void Gram(bool transpose, int rows, int columns, ReadOnlySpan<double> a, Span<double> c);

    /// <summary>The thin singular value decomposition A = U diag(s) Vᵀ of A stored rows × columns, with
    /// p = min(rows, columns): s (length p) descending and non-negative, U (rows × p) and Vᵀ (p × columns) with
    /// orthonormal columns and rows, all column-major. Singular vectors are unique only up to sign (and rotation within
    /// a repeated singular value), so two providers may return different but equally valid vectors.</summary>
    /// <remarks>The managed provider runs MathNet's managed SVD (Householder bidiagonalization and implicit-shift QR, after
    /// LINPACK's dsvdc; Golub &amp; Van Loan, Matrix Computations, §8.6) and copies out the thin factors; <see cref="NativeBlas"/> calls LAPACK's divide-and-conquer
    /// <c>dgesdd</c> (Gu &amp; Eisenstat 1995), which forms the thin factors directly.</remarks>
    /// <param name="rows">Rows of A.</param>
    /// <param name="columns">Columns of A.</param>
    /// <param name="a">A, column-major (not modified).</param>
    /// <param name="s">The p singular values, descending.</param>
    /// <param name="u">U, rows × p, column-major.</param>
    /// <param name="vt">Vᵀ, p × columns, column-major.</param>
    public virtual void Svd(int rows, int columns, ReadOnlySpan<double> a, Span<double> s, Span<double> u, Span<double> vt)
    {
        int p = Math.Min(rows, columns);
        CheckSvdStorage(rows, columns, a, s, u, vt);
        if (p == 0) return;
        var svd = Matrix<double>.Build.Dense(rows, columns, a[..(rows * columns)].ToArray()).Svd(computeVectors: true);
        for (int k = 0; k < p; k++) s[k] = svd.S[k];
        svd.U.AsColumnMajorArray().AsSpan(0, rows * p).CopyTo(u);       // the first p columns of the full U
        var full = svd.VT.AsColumnMajorArray();                           // columns × columns
        for (int j = 0; j < columns; j++)
            full.AsSpan(j * columns, p).CopyTo(vt.Slice(j * p, p));       // the first p rows of the full Vᵀ
    }

    /// <summary>The p = min(rows, columns) singular values of A (stored rows × columns, column-major, not modified),
    /// descending, without the vectors: MathNet's SVD without vectors (managed), LAPACK <c>dgesdd</c> with JOBZ = 'N'
    /// (native), roughly a third of the work of <see cref="Svd"/>.</summary>
    /// <param name="rows">Rows of A.</param>
    /// <param name="columns">Columns of A.</param>
    /// <param name="a">A, column-major (not modified).</param>
    /// <param name="s">The p singular values, descending.</param>
    public virtual void SingularValues(int rows, int columns, ReadOnlySpan<double> a, Span<double> s)
    {
        int p = Math.Min(rows, columns);
        if (a.Length < rows * columns || s.Length < p) throw new ArgumentException($"Storage too short for the singular values of a {rows}×{columns} matrix.");
        if (p == 0) return;
        var values = Matrix<double>.Build.Dense(rows, columns, a[..(rows * columns)].ToArray()).Svd(computeVectors: false).S;
        for (int k = 0; k < p; k++) s[k] = values[k];
    }

    /// <summary>Throws unless the spans can hold A, s, U and Vᵀ for <see cref="Svd"/>.</summary>
    protected static void CheckSvdStorage(int rows, int columns, ReadOnlySpan<double> a, Span<double> s, Span<double> u, Span<double> vt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        int p = Math.Min(rows, columns);
        if (a.Length < rows * columns || s.Length < p || u.Length < rows * p || vt.Length < p * columns)
            throw new ArgumentException($"Storage too short for the thin SVD of a {rows}×{columns} matrix.");
    }

    /// <summary>A new matrix op(A) op(B) (MathNet dense, column-major) through <see cref="Gemm"/>.</summary>
    public Matrix<double> Product(Matrix<double> a, Matrix<double> b, bool transposeA = false, bool transposeB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int m = transposeA ? a.ColumnCount : a.RowCount, k = transposeA ? a.RowCount : a.ColumnCount;
        int kb = transposeB ? b.ColumnCount : b.RowCount, n = transposeB ? b.RowCount : b.ColumnCount;
        if (k != kb) throw new ArgumentException($"Shapes do not match for op(A) op(B): op(A) is {m}×{k}, op(B) is {kb}×{n}.");
        var c = Matrix<double>.Build.Dense(m, n);
        Gemm(transposeA, transposeB, m, n, k, a.AsColumnMajorArray() ?? a.ToColumnMajorArray(),
            b.AsColumnMajorArray() ?? b.ToColumnMajorArray(), 0, c.AsColumnMajorArray());
        return c;
    }

    /// <summary>The full Gram matrix A Aᵀ (or Aᵀ A when <paramref name="transpose"/>) as a new MathNet matrix.</summary>
    public Matrix<double> Gram(Matrix<double> a, bool transpose)
    {
        ArgumentNullException.ThrowIfNull(a);
        int size = transpose ? a.ColumnCount : a.RowCount;
        var c = Matrix<double>.Build.Dense(size, size);
        Gram(transpose, a.RowCount, a.ColumnCount, a.AsColumnMajorArray() ?? a.ToColumnMajorArray(), c.AsColumnMajorArray());
        return c;
    }

    /// <summary>Multiply–adds from which the native kernels are used (a 100 × 100 × 100 product): below it a call
    /// gains nothing measurable, and small problems (every fixture, the GD setups) stay bit-identical to the managed
    /// kernels whether or not OpenBLAS is installed.</summary>
    public const long NativeThreshold = 1_000_000;

    /// <summary>The kernels for a job of <paramref name="multiplyAdds"/>: <see cref="Default"/> when it is not native
    /// or the job reaches <see cref="NativeThreshold"/>, else the managed kernels.</summary>
    public static DenseKernels For(long multiplyAdds)
    {
        var d = Default;
        return d.IsNative && multiplyAdds < NativeThreshold ? ManagedKernels.Instance : d;
    }

    /// <summary>a b with the native kernels where they pay (<see cref="For"/>), else with <paramref name="managed"/>
    /// (the product the caller used before the seam, so the managed path stays bit-identical).</summary>
    internal static Matrix<double> LargeProduct(Matrix<double> a, Matrix<double> b, Func<Matrix<double>, Matrix<double>, Matrix<double>> managed) =>
        For((long)a.RowCount * a.ColumnCount * b.ColumnCount) is { IsNative: true } native ? native.Product(a, b) : managed(a, b);

    /// <summary>The kernels every exact route uses unless told otherwise: OpenBLAS when it loads and passes the
    /// self-test (and <c>SHARPNESS_BLAS</c> is not <c>managed</c>), otherwise <see cref="ManagedKernels.Instance"/>.
    /// Setting it swaps the provider process-wide.</summary>
    public static DenseKernels Default
    {
        get
        {
            if (_default is { } d) return d;
            lock (DefaultLock) return _default ??= Choose();
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (DefaultLock) _default = value;
        }
    }

    /// <summary>Why <see cref="Default"/> is not native, in one line (null when it is native or was set by the
    /// caller): the library is absent, disagreed with the managed kernel in the self-test, or was turned off.</summary>
    public static string? FallbackNote { get; private set; }

    /// <summary>One line for environment reports: <see cref="Description"/> of <see cref="Default"/>, and the
    /// fallback note if any.</summary>
    public static string Status => Default.Description + (FallbackNote is { } n ? $" — {n}" : "");

    /// <summary><see cref="Status"/> as short (item, value) pairs: <see cref="Details"/> of <see cref="Default"/>,
    /// the fallback note if any, and the size below which the managed kernels always run.</summary>
    public static IReadOnlyList<(string Item, string Value)> StatusItems =>
    [
        .. Default.Details,
        // The "kernels" row already says the managed kernels run; the note's reason is what is left to say.
        .. FallbackNote is { } note ? [("why not OpenBLAS", note.Replace("; using the managed kernels", "", StringComparison.Ordinal))] : Array.Empty<(string, string)>(),
        ("small products", "managed kernels below 10⁶ multiply-adds (bit-identical on every machine)"),
    ];

    private static DenseKernels Choose()
    {
        string? choice = Environment.GetEnvironmentVariable("SHARPNESS_BLAS")?.Trim().ToLowerInvariant();
        if (choice == "managed")
        {
            FallbackNote = "native BLAS turned off by SHARPNESS_BLAS=managed";
            return ManagedKernels.Instance;
        }
        if (NativeBlas.Shared is { } native) return native;
        FallbackNote = NativeBlas.SharedNote;
        return ManagedKernels.Instance;
    }
}
