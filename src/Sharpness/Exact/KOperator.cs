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

    /// <summary>Builds the operator from the point's left and right factors (Gram matrices formed once, with
    /// <paramref name="kernels"/>; by default the native kernels where they pay, <see cref="DenseKernels.For"/> of one
    /// m × n × max(m, n) product).</summary>
    public KOperator(DeepFactorization point, DenseKernels? kernels = null)
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
    /// point (theory §4), and λmax itself when d_0 = d_N = 1, where K is 1 × 1.</summary>
    public static double Trace(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var f = point.Factors;
        double sum = 0;
        for (int i = 0; i < point.Depth; i++)
        {
            double a = Guard.FrobeniusNorm(f.Left[i]), b = Guard.FrobeniusNorm(f.Right[i]);
            sum += a * a * b * b;
        }
        return sum;
    }

    /// <summary>m (rows of X).</summary>
    public int Rows { get; }

    /// <summary>n (columns of X).</summary>
    public int Columns { get; }

    /// <inheritdoc />
    public int Dimension => Rows * Columns;

    /// <summary>The kernels the products run on.</summary>
    public DenseKernels Kernels => _kernels;

    /// <summary>Bytes held by the operator: the Gram matrices S_i, T_i and one m × n scratch.</summary>
    public long Bytes => sizeof(double) * (_left.Sum(s => (long)(s?.Length ?? 0)) + _right.Sum(t => (long)(t?.Length ?? 0)) + _t1.Length);

    /// <summary>Bytes <see cref="KOperator"/> would hold for <paramref name="point"/> (see <see cref="Bytes"/>),
    /// without forming it.</summary>
    public static long BytesFor(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        long m = point.OutputDimension, n = point.InputDimension;
        return sizeof(double) * ((point.Depth - 1) * (m * m + n * n) + m * n);
    }

    /// <summary>K(X) for an m × n matrix X.</summary>
    public Matrix<double> Apply(Matrix<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Matrix<double>.Build.Dense(Rows, Columns);
        Apply(x.AsColumnMajorArray() ?? x.ToColumnMajorArray(), y.AsColumnMajorArray());
        return y;
    }

    /// <inheritdoc />
    /// <remarks>Uses an internal scratch matrix (no allocation per call), so one instance must not be applied from two
    /// threads at once. x and y are column-major vec(X) and vec(K X) and must not overlap.</remarks>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        int m = Rows, n = Columns;
        y = y[..(m * n)];
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
