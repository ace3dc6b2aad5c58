using System.Globalization;
using System.Runtime.InteropServices;

namespace Sharpness.LinearAlgebra.Kernels;

/// <summary>
/// Debian's OpenBLAS (<c>libopenblas0-pthread</c>: <c>libopenblas.so.0</c>) called directly through
/// <see cref="NativeLibrary"/> and unmanaged function pointers: <c>cblas_dgemm</c>, <c>cblas_dgemv</c> and
/// <c>cblas_dsyrk</c> (column-major CBLAS, 32-bit integers), and <c>cblas_sgemm</c> for the single-precision products
/// of the mixed-precision K eigensolver (<see cref="SinglePrecision"/>).
/// </summary>
/// <remarks>
/// <para>Loading runs a self-test once: each kernel on seeded random operands large enough to reach OpenBLAS's
/// blocked, threaded paths, compared with <see cref="ManagedKernels"/> entry by entry to 1e-12 of √k·max|a|·max|b|.
/// Older OpenBLAS builds compute wrong results on some processors (the reason OPENBLAS_CORETYPE is pinned on some
/// machines); a library that disagrees is not used, and <see cref="DenseKernels.FallbackNote"/> says so in one line.</para>
/// <para>OpenBLAS's own variables apply: OPENBLAS_NUM_THREADS (default: all cores), OPENBLAS_CORETYPE, and
/// OPENBLAS_THREAD_TIMEOUT, which the <c>sharpness</c> command sets to 4 when it is not set (<see cref="LetIdleThreadsSleep"/>).</para>
/// </remarks>
public sealed unsafe class NativeBlas : DenseKernels
{
    private const int ColMajor = 102, NoTrans = 111, Trans = 112, Upper = 121;

    private static readonly Lazy<(NativeBlas? Blas, string? Note)> SharedLoad = new(() =>
    {
        var blas = TryLoad(DefaultLibrary, out string? note);
        return (blas, note);
    });

    private readonly IntPtr _handle;
    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;
    private readonly delegate* unmanaged<int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemv;
    private readonly delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void> _dsyrk;
    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private readonly bool _hasSgemm;
    // dgesdd_(jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info, jobz length): Fortran, every argument
    // by reference, plus gfortran's hidden length of the CHARACTER argument.
    private readonly delegate* unmanaged<byte*, int*, int*, double*, int*, double*, double*, int*, double*, int*, double*, int*, int*, int*, nuint, void> _dgesdd;

    /// <summary>The library name tried by default.</summary>
    public const string DefaultLibrary = "libopenblas.so.0";

    private NativeBlas(IntPtr handle, string library)
    {
        _handle = handle;
        Library = library;
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)Export("cblas_dgemm");
        _dgemv = (delegate* unmanaged<int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)Export("cblas_dgemv");
        _dsyrk = (delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void>)Export("cblas_dsyrk");
        _hasSgemm = NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm);
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
        _single = new Lazy<bool>(() => _hasSgemm && SelfTest.SgemmAgrees(this));
        _dgesdd = (delegate* unmanaged<byte*, int*, int*, double*, int*, double*, double*, int*, double*, int*, double*, int*, int*, int*, nuint, void>)Export("dgesdd_");
        Config = ReadString("openblas_get_config") ?? "OpenBLAS";
        CoreName = ReadString("openblas_get_corename") ?? "?";
        Threads = NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out var t)
            ? ((delegate* unmanaged<int>)t)() : 0;
    }

    /// <summary>The OpenBLAS loaded for the process and passed its self-test, or null (see <see cref="SharedNote"/>).</summary>
    public static NativeBlas? Shared => SharedLoad.Value.Blas;

    /// <summary>Why <see cref="Shared"/> is null, in one line; null when it loaded.</summary>
    public static string? SharedNote => SharedLoad.Value.Note;

    /// <summary>The library name or path it was loaded from.</summary>
    public string Library { get; }

    /// <summary>openblas_get_config(): version and build options.</summary>
    public string Config { get; }

    /// <summary>openblas_get_corename(): the kernel set OpenBLAS chose (or OPENBLAS_CORETYPE forced).</summary>
    public string CoreName { get; }

    /// <summary>openblas_get_num_threads().</summary>
    public int Threads { get; }

    /// <summary>True when <c>cblas_sgemm</c> is exported and agrees with the managed double-precision product to
    /// single-precision rounding in its own self-test (run once, on first use): the mixed-precision K eigensolver
    /// runs only then.</summary>
    public bool SinglePrecision => _single.Value;

    private readonly Lazy<bool> _single;

    /// <inheritdoc />
    public override string Name => "OpenBLAS";

    /// <inheritdoc />
    public override string Description => $"{Config.Trim()} ({Library}, core {CoreName}, {Threads} thread{(Threads == 1 ? "" : "s")}), self-test passed";

    /// <inheritdoc />
    public override IReadOnlyList<(string Item, string Value)> Details =>
    [
        ("kernels", "OpenBLAS, called directly"),
        ("library", Library),
        ("build", string.Join(' ', Config.Split(' ', StringSplitOptions.RemoveEmptyEntries))),
        ("core", CoreName),
        ("threads", Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("self-test", "passed: agrees with the managed kernels"),
    ];

    /// <inheritdoc />
    public override bool IsNative => true;

    /// <summary>Sets OPENBLAS_THREAD_TIMEOUT=4 in the C environment unless it is set (Linux; see
    /// <see cref="IdleThreads"/>): OpenBLAS's idle threads then sleep at once instead of spinning ≈ 0.1 s on a core the
    /// caller's own concurrent work needs. It takes effect only before OpenBLAS loads, and setenv is not thread-safe:
    /// call it first thing, before the program starts threads. The <c>sharpness</c> command does; the library never
    /// changes a host's environment by itself.</summary>
    public static void LetIdleThreadsSleep() => IdleThreads.SleepAtOnce();

    /// <summary>Loads <paramref name="library"/> and self-tests it; null with a one-line <paramref name="note"/> when
    /// it is absent, lacks a CBLAS symbol, or disagrees with the managed kernels.</summary>
    public static NativeBlas? TryLoad(string library, out string? note)
    {
        ArgumentNullException.ThrowIfNull(library);
        if (!NativeLibrary.TryLoad(library, typeof(NativeBlas).Assembly, null, out var handle))
        {
            note = $"{library} not found (install Debian's libopenblas0-pthread for native BLAS); using the managed kernels";
            return null;
        }
        NativeBlas blas;
        try
        {
            blas = new NativeBlas(handle, library);
        }
        catch (EntryPointNotFoundException e)
        {
            note = $"{library} has no {e.Message}; using the managed kernels";
            return null;
        }
        string? disagreement = SelfTest.Compare(blas, ManagedKernels.Instance);
        if (disagreement is not null)
        {
            note = $"{library} disagrees with the managed kernels in the self-test ({disagreement}; check OPENBLAS_CORETYPE); using the managed kernels";
            return null;
        }
        note = null;
        return blas;
    }

    /// <inheritdoc />
    public override void Gemm(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
    {
        ManagedKernels.CheckBeta(beta);
        if (m == 0 || n == 0) return;
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
            throw new ArgumentException($"Storage too short for C ({m}×{n}) = op(A) ({m}×{k}) op(B) ({k}×{n}).");
        int lda = Math.Max(1, transposeA ? k : m), ldb = Math.Max(1, transposeB ? n : k);
        fixed (double* pa = a, pb = b, pc = c)
            _dgemm(ColMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k, 1.0, pa, lda, pb, ldb, beta, pc, Math.Max(1, m));
    }

    /// <summary>C ← op(A) op(B) + β C on sub-matrices with explicit leading dimensions (column-major; the caller
    /// checks the storage): the strided blocks of <see cref="Sharpness.Exact.KOperator"/>'s fused products.</summary>
    internal void Gemm(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        fixed (double* pa = a, pb = b, pc = c)
            _dgemm(ColMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k, 1.0, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <summary>C ← op(A) op(B) + β C in single precision (<c>cblas_sgemm</c>), column-major with explicit leading
    /// dimensions; the caller checks the storage and <see cref="SinglePrecision"/>.</summary>
    internal void Sgemm(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (!_hasSgemm) throw new InvalidOperationException($"{Library} has no cblas_sgemm.");
        if (m == 0 || n == 0) return;
        fixed (float* pa = a, pb = b, pc = c)
            _sgemm(ColMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k, 1f, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <inheritdoc />
    public override void Gemv(bool transpose, int rows, int columns, double alpha,
        ReadOnlySpan<double> a, ReadOnlySpan<double> x, double beta, Span<double> y)
    {
        ManagedKernels.CheckBeta(beta);
        if (a.Length < rows * columns || x.Length < (transpose ? rows : columns) || y.Length < (transpose ? columns : rows))
            throw new ArgumentException($"Storage too short for y = op(A) x with A {rows}×{columns}.");
        if (rows == 0 || columns == 0)
        {
            if (beta == 0) y[..(transpose ? columns : rows)].Clear();
            return;
        }
        fixed (double* pa = a, px = x, py = y)
            _dgemv(ColMajor, transpose ? Trans : NoTrans, rows, columns, alpha, pa, rows, px, 1, beta, py, 1);
    }

    /// <inheritdoc />
    public override void Gram(bool transpose, int rows, int columns, ReadOnlySpan<double> a, Span<double> c)
    {
        int n = transpose ? columns : rows, k = transpose ? rows : columns;
        if (a.Length < rows * columns || c.Length < n * n) throw new ArgumentException($"Storage too short for the Gram matrix of a {rows}×{columns} matrix.");
        fixed (double* pa = a, pc = c)
            _dsyrk(ColMajor, Upper, transpose ? Trans : NoTrans, n, k, 1.0, pa, Math.Max(1, rows), 0.0, pc, Math.Max(1, n));
        // dsyrk writes the upper triangle only: mirror it.
        for (int j = 0; j < n; j++)
            for (int i = j + 1; i < n; i++)
                c[j * n + i] = c[i * n + j];
    }

    /// <inheritdoc />
    /// <remarks>LAPACK <c>dgesdd</c> with JOBZ = 'S' on a copy of A (it overwrites its input), after a workspace
    /// query. If its bidiagonal divide-and-conquer does not converge (INFO &gt; 0, not seen in practice), the managed
    /// SVD answers instead.</remarks>
    public override void Svd(int rows, int columns, ReadOnlySpan<double> a, Span<double> s, Span<double> u, Span<double> vt)
    {
        CheckSvdStorage(rows, columns, a, s, u, vt);
        int p = Math.Min(rows, columns);
        if (p == 0) return;
        var copy = a[..(rows * columns)].ToArray();
        var iwork = new int[8 * p];
        int m = rows, n = columns, lda = rows, ldu = rows, ldvt = p, lwork = -1, info = 0;
        byte jobz = (byte)'S';
        double query = 0;
        fixed (double* pa = copy, ps = s, pu = u, pvt = vt)
        fixed (int* pi = iwork)
        {
            _dgesdd(&jobz, &m, &n, pa, &lda, ps, pu, &ldu, pvt, &ldvt, &query, &lwork, pi, &info, 1);
            if (info == 0)
            {
                lwork = (int)Math.Min(int.MaxValue, Math.Ceiling(query));
                var work = new double[Math.Max(1, lwork)];
                fixed (double* pw = work)
                    _dgesdd(&jobz, &m, &n, pa, &lda, ps, pu, &ldu, pvt, &ldvt, pw, &lwork, pi, &info, 1);
            }
        }
        if (info < 0) throw new InvalidOperationException($"dgesdd rejected argument {-info} for a {rows}×{columns} matrix.");
        if (info > 0) base.Svd(rows, columns, a, s, u, vt);
    }

    /// <inheritdoc />
    public override void SingularValues(int rows, int columns, ReadOnlySpan<double> a, Span<double> s)
    {
        int p = Math.Min(rows, columns);
        if (a.Length < rows * columns || s.Length < p) throw new ArgumentException($"Storage too short for the singular values of a {rows}×{columns} matrix.");
        if (p == 0) return;
        var copy = a[..(rows * columns)].ToArray();
        var iwork = new int[8 * p];
        int m = rows, n = columns, lda = rows, one = 1, lwork = -1, info = 0;
        byte jobz = (byte)'N';
        double query = 0, unused = 0;
        fixed (double* pa = copy, ps = s)
        fixed (int* pi = iwork)
        {
            _dgesdd(&jobz, &m, &n, pa, &lda, ps, &unused, &one, &unused, &one, &query, &lwork, pi, &info, 1);
            if (info == 0)
            {
                lwork = (int)Math.Min(int.MaxValue, Math.Ceiling(query));
                var work = new double[Math.Max(1, lwork)];
                fixed (double* pw = work)
                    _dgesdd(&jobz, &m, &n, pa, &lda, ps, &unused, &one, &unused, &one, pw, &lwork, pi, &info, 1);
            }
        }
        if (info < 0) throw new InvalidOperationException($"dgesdd rejected argument {-info} for a {rows}×{columns} matrix.");
        if (info > 0) base.SingularValues(rows, columns, a, s);
    }

    /// <summary>The self-test against the managed kernels, for any provider: null when it agrees, else what differed.</summary>
    internal static string? SelfTestDisagreement(DenseKernels candidate) => SelfTest.Compare(candidate, ManagedKernels.Instance);

    private IntPtr Export(string name) =>
        NativeLibrary.TryGetExport(_handle, name, out var p) ? p : throw new EntryPointNotFoundException(name);

    private string? ReadString(string name) =>
        NativeLibrary.TryGetExport(_handle, name, out var p) ? Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr>)p)()) : null;

    private static class SelfTest
    {
        // Sizes above OpenBLAS's small-matrix and threading thresholds, with ragged edges (not multiples of the
        // kernels' register blocks).
        private const int M = 157, N = 131, K = 143;

        // Each routine is checked against what it must satisfy, computed with the managed matrix–vector product only
        // (O(n²) work, no managed O(n³) product or SVD to compile and run in every process; issue 13: the self-test
        // was ≈ 50 ms of a 0.5 s analyze). dgemm and dsyrk by Freivalds' test with two fixed vectors (C x against
        // op(A)(op(B) x) + C₀ x), dgemv against the managed dgemv, dgesdd by its defining properties (UΣVᵀ = A,
        // orthonormal U and V, σ descending, values-only = the full run's values), which determine the singular values
        // uniquely. A kernel off by 1e-9 in one entry or one σ fails (DenseKernelsTests, NativeSvdAndLanczosTests).
        public static string? Compare(DenseKernels native, DenseKernels managed)
        {
            var rng = new Random(20261201);
            double[] Draw(int count) => Enumerable.Range(0, count).Select(_ => rng.NextDouble() - 0.5).ToArray();
            // |x_j| in [½, 1): an error in any one entry of C shows in C x at its full size.
            double[] Probe(int count) => Enumerable.Range(0, count).Select(_ => (rng.Next(2) * 2 - 1) * (0.5 + 0.5 * rng.NextDouble())).ToArray();
            var a = Draw(M * K);
            var b = Draw(K * N);
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                var c0 = Draw(M * N);
                var c = (double[])c0.Clone();
                native.Gemm(ta, tb, M, N, K, a, b, 1, c);
                for (int probe = 0; probe < 2; probe++)
                {
                    var x = Probe(N);
                    var cx = new double[M];
                    managed.Gemv(false, M, N, 1, c, x, 0, cx);
                    var bx = new double[K];
                    if (tb) managed.Gemv(true, N, K, 1, b, x, 0, bx); else managed.Gemv(false, K, N, 1, b, x, 0, bx);
                    var expected = new double[M];
                    if (ta) managed.Gemv(true, K, M, 1, a, bx, 0, expected); else managed.Gemv(false, M, K, 1, a, bx, 0, expected);
                    managed.Gemv(false, M, N, 1, c0, x, 1, expected);
                    if (Differs(cx, expected, K) is { } d) return $"dgemm{(ta ? " Aᵀ" : "")}{(tb ? " Bᵀ" : "")} (C x vs A(B x)): {d}";
                }
            }
            foreach (bool t in new[] { false, true })
            {
                var x = Draw(t ? M : K);
                var y0 = Draw(t ? K : M);
                var y1 = (double[])y0.Clone();
                native.Gemv(t, M, K, -0.75, a, x, 1, y0);
                managed.Gemv(t, M, K, -0.75, a, x, 1, y1);
                if (Differs(y0, y1, t ? M : K) is { } d) return $"dgemv{(t ? " Aᵀ" : "")}: {d}";

                int n = t ? K : M, inner = t ? M : K;
                var g = new double[n * n];
                native.Gram(t, M, K, a, g);
                var probe = Probe(n);
                var gx = new double[n];
                managed.Gemv(false, n, n, 1, g, probe, 0, gx);
                // A Aᵀ x = A (Aᵀ x); Aᵀ A x = Aᵀ (A x)
                var half = new double[inner];
                managed.Gemv(!t, M, K, 1, a, probe, 0, half);
                var expected = new double[n];
                managed.Gemv(t, M, K, 1, a, half, 0, expected);
                if (Differs(gx, expected, inner) is { } gd) return $"dsyrk{(t ? " Aᵀ A" : " A Aᵀ")} (G x): {gd}";
            }
            return SvdDisagreement(native, rng);
        }

        // The SVD of a ragged 97 × 61 matrix and of its transpose, by its defining properties: σ non-negative and
        // descending, ‖UΣVᵀ − A‖_F ≤ 1e-12‖A‖_F, UᵀU = VᵀV = I, and the values-only run gives the same σ.
        private static string? SvdDisagreement(DenseKernels native, Random rng)
        {
            foreach (var (rows, columns) in new[] { (97, 61), (61, 97) })
            {
                int p = Math.Min(rows, columns);
                var a = Enumerable.Range(0, rows * columns).Select(_ => rng.NextDouble() - 0.5).ToArray();
                var (s0, u0, vt0) = (new double[p], new double[rows * p], new double[p * columns]);
                native.Svd(rows, columns, a, s0, u0, vt0);
                var values = new double[p];
                native.SingularValues(rows, columns, a, values);
                string shape = $"dgesdd {rows}×{columns}";
                double bound = 1e-12 * Math.Sqrt(Math.Max(rows, columns)) * s0[0];
                for (int k = 0; k < p; k++)
                {
                    if (!(s0[k] >= 0) || (k > 0 && !(s0[k] <= s0[k - 1]))) return string.Create(CultureInfo.InvariantCulture, $"{shape}: σ_{k + 1} = {s0[k]:G17} is not non-negative and descending");
                    if (!(Math.Abs(values[k] - s0[k]) <= bound)) return string.Create(CultureInfo.InvariantCulture, $"{shape} (values only): σ_{k + 1} {values[k]:G17} vs {s0[k]:G17}");
                }
                double error = 0, norm = 0;
                for (int j = 0; j < columns; j++)
                    for (int i = 0; i < rows; i++)
                    {
                        double sum = 0;
                        for (int k = 0; k < p; k++) sum += u0[k * rows + i] * s0[k] * vt0[j * p + k];
                        double e = sum - a[j * rows + i];
                        error += e * e;
                        norm += a[j * rows + i] * a[j * rows + i];
                    }
                if (!(Math.Sqrt(error) <= 1e-12 * Math.Sqrt(norm))) return string.Create(CultureInfo.InvariantCulture, $"{shape}: ‖UΣVᵀ − A‖_F = {Math.Sqrt(error):G3} (‖A‖_F = {Math.Sqrt(norm):G3})");
                for (int k = 0; k < p; k++)
                    for (int l = 0; l <= k; l++)
                    {
                        double uu = 0, vv = 0;
                        for (int i = 0; i < rows; i++) uu += u0[k * rows + i] * u0[l * rows + i];
                        for (int j = 0; j < columns; j++) vv += vt0[j * p + k] * vt0[j * p + l];
                        double want = k == l ? 1 : 0;
                        if (!(Math.Abs(uu - want) <= 1e-12 * Math.Sqrt(rows)) || !(Math.Abs(vv - want) <= 1e-12 * Math.Sqrt(columns)))
                            return string.Create(CultureInfo.InvariantCulture, $"{shape}: singular vectors {k + 1}, {l + 1} not orthonormal (uᵀu {uu:G3}, vᵀv {vv:G3})");
                    }
            }
            return null;
        }

        // sgemm on the self-test's operands (rounded to float) against the managed double product of the same rounded
        // operands, all four transpose cases: single-precision rounding of a length-k sum is ≲ k·2⁻²⁴/4 ≈ 2e-6 here,
        // far below 1e-4, while a wrong kernel is off by O(0.1).
        public static bool SgemmAgrees(NativeBlas blas)
        {
            var rng = new Random(20261202);
            float[] Draw(int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
            var a = Draw(M * K);
            var b = Draw(K * N);
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                var c = Draw(M * N);
                var expected = c.Select(v => (double)v).ToArray();
                ManagedKernels.Instance.Gemm(ta, tb, M, N, K, a.Select(v => (double)v).ToArray(), b.Select(v => (double)v).ToArray(), 1, expected);
                blas.Sgemm(ta, tb, M, N, K, a, ta ? K : M, b, tb ? N : K, 1f, c, M);
                for (int i = 0; i < c.Length; i++)
                    if (!(Math.Abs(c[i] - expected[i]) <= 1e-4)) return false;
            }
            return true;
        }

        // Entries are in (−½, ½): a length-k sum of products has rounding error ≲ k·ε/4, far below 1e-12·√k.
        private static string? Differs(double[] x, double[] y, int k)
        {
            double bound = 1e-12 * Math.Sqrt(k);
            for (int i = 0; i < x.Length; i++)
                if (!(Math.Abs(x[i] - y[i]) <= bound))
                    return string.Create(CultureInfo.InvariantCulture, $"entry {i}: {x[i]:G17} vs {y[i]:G17}");
            return null;
        }
    }
}
