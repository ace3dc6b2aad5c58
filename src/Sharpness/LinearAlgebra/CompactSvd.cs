using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.LinearAlgebra;

/// <summary>
/// The compact SVD A = U_r Σ_r V_rᵀ with a <em>relative</em> rank threshold σ_k &gt; τ·σ₁ (theory check 26).
/// </summary>
/// <remarks>
/// The decomposition runs on A·2^{−k} with 2^k the magnitude of A's largest entry (an exact scaling), so tiny
/// (1e-150) and huge (1e150) matrices get the same rank and the same relative accuracy as unit-scale ones; an absolute
/// threshold would call a 1e-30-scaled matrix rank 0.
/// </remarks>
public sealed class CompactSvd
{
    /// <summary>Default relative rank threshold τ: σ_k counts when σ_k &gt; 1e-12·σ₁.</summary>
    public const double DefaultRelativeThreshold = 1e-12;

    private CompactSvd(Matrix<double>? u, double[] all, Matrix<double>? v, int rank, int rows, int columns)
    {
        _u = u;
        _v = v;
        SingularValues = all;
        Rank = rank;
        Rows = rows;
        Columns = columns;
    }

    private Matrix<double>? _u, _v;
    private Func<(Matrix<double> U, Matrix<double> V)>? _vectors; // values-first decompositions: the factors on first use
    private Func<(Vector<double> U, Vector<double> V)?>? _topPair; // … and a cheaper top pair when σ₁ is well separated

    /// <summary>All min(m, n) singular values, descending.</summary>
    public IReadOnlyList<double> SingularValues { get; }

    /// <summary>Numerical rank r: the number of σ_k above the relative threshold.</summary>
    public int Rank { get; }

    /// <summary>m.</summary>
    public int Rows { get; }

    /// <summary>n.</summary>
    public int Columns { get; }

    /// <summary>σ₁ = ‖A‖₂ (0 for A = 0).</summary>
    public double Largest => SingularValues.Count == 0 ? 0 : SingularValues[0];

    /// <summary>The nuclear norm ‖A‖_* = Σ σ_k.</summary>
    public double NuclearNorm => SingularValues.Sum();

    /// <summary>U_r (m × r). Throws when r = 0 (there are no singular vectors to return).</summary>
    public Matrix<double> U => Vectors().U ?? throw new OutsideDomainException("The matrix has rank 0: U_r has no columns.");

    /// <summary>V_r (n × r). Throws when r = 0.</summary>
    public Matrix<double> V => Vectors().V ?? throw new OutsideDomainException("The matrix has rank 0: V_r has no columns.");

    private (Matrix<double>? U, Matrix<double>? V) Vectors()
    {
        if (_vectors is { } compute)
        {
            (_u, _v) = compute();
            _vectors = null;
            _topPair = null;
        }
        return (_u, _v);
    }

    /// <summary>A top singular pair (u₁, v₁) (unit vectors, M v₁ = σ₁ u₁), for r ≥ 1: the first columns of U_r, V_r —
    /// or, for a values-first decomposition whose σ₁ is separated from σ₂ by at least 1 %, the top pair by Lanczos on
    /// the Gram matrix (accurate to ≈ 1e-13/gap, without forming U_r and V_r). Vectors are unique only up to a common
    /// sign.</summary>
    internal (Vector<double> U, Vector<double> V) TopPair()
    {
        if (_vectors is not null && _topPair?.Invoke() is { } cheap) return cheap;
        return (U.Column(0), V.Column(0));
    }

    /// <summary>The singular values now (LAPACK <c>dgesdd</c> without vectors where the native kernels pay, about a
    /// third of the full decomposition) and U_r, V_r only when first asked for: for callers that need σ₁, the rank and
    /// at most the top pair (the flatness verdict). Below the native threshold this is <see cref="Of"/>, bit for
    /// bit.</summary>
    internal static CompactSvd ValuesFirst(Matrix<double> a, double relativeThreshold = DefaultRelativeThreshold)
    {
        ArgumentNullException.ThrowIfNull(a);
        int m = a.RowCount, n = a.ColumnCount, p = Math.Min(m, n);
        if (DenseKernels.For((long)m * n * p) is not { IsNative: true } native) return Of(a, relativeThreshold);
        Guard.Finite(a, "the matrix");
        if (!(relativeThreshold >= 0 && relativeThreshold < 1))
            throw new ArgumentOutOfRangeException(nameof(relativeThreshold), relativeThreshold, "The relative rank threshold must lie in [0, 1).");
        double maxAbs = Guard.MaxAbs([a]);
        if (maxAbs == 0) return new CompactSvd(null, new double[p], null, 0, m, n);
        int k = PowerOfTwo.UnitExponent(maxAbs);
        var scaled = PowerOfTwo.Scale(a, -k);
        var s = new double[p];
        native.SingularValues(m, n, scaled.AsColumnMajorArray() ?? scaled.ToColumnMajorArray(), s);
        for (int i = 0; i < p; i++) s[i] = PowerOfTwo.ScaleBack(s[i], ScalingPower.Layer, k);
        int rank = s.Count(x => x > relativeThreshold * s[0]);
        var result = new CompactSvd(null, s, null, rank, m, n);
        if (rank == 0) return result;
        result._vectors = () =>
        {
            var full = Native(scaled, k, relativeThreshold, native);
            return (full._u!, full._v!);
        };
        bool separated = p == 1 || s[1] <= 0.99 * s[0];
        result._topPair = () =>
        {
            if (!separated) return null;
            var top = SpectralNorm.Top(scaled);
            return (top.Left, top.Right);
        };
        return result;
    }

    /// <summary>The compact SVD of the product 2^<paramref name="exponent"/>·A·B from its thin factors A (m × d) and
    /// B (d × n), d ≤ min(m, n), without forming the m × n product: thin QR A = Q_A R_A and Bᵀ = Q_B R_B, then the
    /// d × d core R_A R_Bᵀ = U_c Σ V_cᵀ, so A B = (Q_A U_c) Σ (Q_B V_c)ᵀ (Golub–Van Loan §8.6.3 on both sides).
    /// O((m + n)d²) work and memory instead of the O(mn·min(m, n)) SVD of the formed product. The min(m, n) − d
    /// singular values beyond the core's are exactly 0 (a dense SVD returns rounding noise of ≈ ε·σ₁ there, below any
    /// rank threshold); the rank threshold is the same relative one.</summary>
    /// <remarks>Each factor is scaled by its own power of two first (exact), so the core is of unit scale whatever the
    /// product's magnitude; the values are scaled back by 2^(k_A + k_B + exponent).</remarks>
    internal static CompactSvd OfProduct(Matrix<double> a, Matrix<double> b, int exponent = 0, double relativeThreshold = DefaultRelativeThreshold)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int m = a.RowCount, d = a.ColumnCount, n = b.ColumnCount, p = Math.Min(m, n);
        if (b.RowCount != d) throw new ArgumentException($"A is {m}×{d} but B is {b.RowCount}×{n}: they do not chain.", nameof(b));
        if (d > p) throw new ArgumentException($"The inner width {d} exceeds min(m, n) = {p}: decompose the product itself.", nameof(b));
        Guard.Finite(a, "the left factor");
        Guard.Finite(b, "the right factor");
        double maxA = Guard.MaxAbs([a]), maxB = Guard.MaxAbs([b]);
        if (maxA == 0 || maxB == 0) return new CompactSvd(null, new double[p], null, 0, m, n);
        int ka = PowerOfTwo.UnitExponent(maxA), kb = PowerOfTwo.UnitExponent(maxB);
        var qrA = PowerOfTwo.Scale(a, -ka).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var qrB = PowerOfTwo.Scale(b, -kb).Transpose().QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var core = qrA.R.TransposeAndMultiply(qrB.R).Svd(computeVectors: true); // R_A R_Bᵀ, d × d
        var s = new double[p];
        for (int i = 0; i < d; i++) s[i] = PowerOfTwo.ScaleBack(core.S[i], ScalingPower.Layer, ka + kb + exponent);
        int rank = s[0] > 0 ? s.Count(x => x > relativeThreshold * s[0]) : 0;
        if (rank == 0) return new CompactSvd(null, s, null, 0, m, n);
        var u = qrA.Q * core.U.SubMatrix(0, d, 0, rank);
        var v = qrB.Q * core.VT.SubMatrix(0, rank, 0, d).Transpose();
        return new CompactSvd(u, s, v, rank, m, n);
    }

    /// <summary>Whether <see cref="OfProduct"/> pays for an m × n product through an inner width d: the short side is
    /// beyond <see cref="ThinLimit"/> and at least 4 times d. Below that the product itself is decomposed, as before,
    /// so ordinary results keep their bits.</summary>
    internal static bool ProductRoutePays(int m, int n, int d) => Math.Min(m, n) > ThinLimit && Math.Min(m, n) >= 4L * d;

    /// <summary>The r retained singular values, descending.</summary>
    public IReadOnlyList<double> RetainedValues => SingularValues.Take(Rank).ToArray();

    /// <summary>Decomposes <paramref name="a"/>, keeping σ_k &gt; <paramref name="relativeThreshold"/>·σ₁.</summary>
    public static CompactSvd Of(Matrix<double> a, double relativeThreshold = DefaultRelativeThreshold)
    {
        ArgumentNullException.ThrowIfNull(a);
        Guard.Finite(a, "the matrix");
        if (!(relativeThreshold >= 0 && relativeThreshold < 1))
            throw new ArgumentOutOfRangeException(nameof(relativeThreshold), relativeThreshold, "The relative rank threshold must lie in [0, 1).");
        int m = a.RowCount, n = a.ColumnCount, p = Math.Min(m, n);
        double maxAbs = Guard.MaxAbs([a]);
        if (maxAbs == 0) return new CompactSvd(null, new double[p], null, 0, m, n);
        int k = PowerOfTwo.UnitExponent(maxAbs);
        var scaled = PowerOfTwo.Scale(a, -k);
        // Large matrices go to LAPACK dgesdd where OpenBLAS is in use (thin factors directly, no m × m or n × n
        // factor); below the kernels' threshold MathNet's SVD runs as before, so ordinary results keep their bits.
        if (DenseKernels.For((long)m * n * p) is { IsNative: true } native) return Native(scaled, k, relativeThreshold, native);
        if (Math.Max(m, n) > ThinLimit && Math.Max(m, n) >= 4 * p) return Thin(scaled, k, relativeThreshold);
        var svd = scaled.Svd(computeVectors: true);
        var s = svd.S.Select(x => PowerOfTwo.ScaleBack(x, ScalingPower.Layer, k)).ToArray(); // MathNet returns them descending
        int rank = s.Count(x => x > relativeThreshold * s[0]);
        var u = svd.U.SubMatrix(0, m, 0, rank);
        var v = svd.VT.SubMatrix(0, rank, 0, n).Transpose();
        return new CompactSvd(u, s, v, rank, m, n);
    }

    /// <summary>Beyond this long side, a matrix at least 4 times longer than wide is decomposed through a thin QR
    /// (the full SVD would form an m × m or n × n factor: 80 GB for a 100000 × 1 target). Below it the full SVD
    /// runs as before, so ordinary results keep their bits.</summary>
    internal const int ThinLimit = 512;

    private static CompactSvd Native(Matrix<double> scaled, int k, double relativeThreshold, DenseKernels kernels)
    {
        int m = scaled.RowCount, n = scaled.ColumnCount, p = Math.Min(m, n);
        var s = new double[p];
        var u = new double[(long)m * p];
        var vt = new double[(long)p * n];
        kernels.Svd(m, n, scaled.AsColumnMajorArray() ?? scaled.ToColumnMajorArray(), s, u, vt);
        for (int i = 0; i < p; i++) s[i] = PowerOfTwo.ScaleBack(s[i], ScalingPower.Layer, k);
        int rank = s.Count(x => x > relativeThreshold * s[0]);
        if (rank == 0) return new CompactSvd(null, s, null, 0, m, n);
        var left = Matrix<double>.Build.Dense(m, rank, u.AsSpan(0, m * rank).ToArray()); // the first r columns of U
        var right = Matrix<double>.Build.Dense(n, rank, (j, c) => vt[(long)j * p + c]);   // V_r = (first r rows of Vᵀ)ᵀ
        return new CompactSvd(left, s, right, rank, m, n);
    }

    // A = QR (Q m × p orthonormal, R p × p) on the long side, then R = U_R S V_Rᵀ: U = Q U_R (Golub–Van Loan §8.6.3).
    private static CompactSvd Thin(Matrix<double> scaled, int k, double relativeThreshold)
    {
        int m = scaled.RowCount, n = scaled.ColumnCount;
        bool tall = m >= n;
        var a = tall ? scaled : scaled.Transpose();
        var qr = a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var svd = qr.R.Svd(computeVectors: true);
        var s = svd.S.Select(x => PowerOfTwo.ScaleBack(x, ScalingPower.Layer, k)).ToArray();
        int rank = s.Count(x => x > relativeThreshold * s[0]);
        var left = qr.Q * svd.U.SubMatrix(0, svd.U.RowCount, 0, rank);  // long side
        var right = svd.VT.SubMatrix(0, rank, 0, svd.VT.ColumnCount).Transpose();
        return tall ? new CompactSvd(left, s, right, rank, m, n) : new CompactSvd(right, s, left, rank, m, n);
    }
}
