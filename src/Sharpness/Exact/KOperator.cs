using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Exact;

/// <summary>
/// The mn × mn operator K = J Jᵀ at a point: K(X) = Σ_i (A_i A_iᵀ) X (B_iᵀ B_i), whose nonzero spectrum equals the
/// nonzero spectrum of the Hessian at a zero-loss point (theory §2.2). Vectors are column-major vec(X), so a vector
/// wraps a MathNet matrix without copying.
/// </summary>
public sealed class KOperator : ISymmetricOperator
{
    private readonly Matrix<double>?[] _left;  // S_i = A_i A_iᵀ, null when it is the identity (i = N)
    private readonly Matrix<double>?[] _right; // T_i = B_iᵀ B_i, null when it is the identity (i = 1)
    private readonly Matrix<double> _t1;       // scratch for S_i X
    private readonly Matrix<double> _x, _y;    // the span form's input and output, reused across applications

    /// <summary>Builds the operator from the point's left and right factors (Gram matrices formed once).</summary>
    public KOperator(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        Rows = point.OutputDimension;
        Columns = point.InputDimension;
        var f = point.Factors;
        int n = point.Depth;
        _left = new Matrix<double>?[n];
        _right = new Matrix<double>?[n];
        for (int i = 0; i < n; i++)
        {
            _left[i] = i == n - 1 ? null : MatrixKernels.Product(f.Left[i], f.Left[i].Transpose());
            _right[i] = i == 0 ? null : MatrixKernels.Product(f.Right[i].Transpose(), f.Right[i]);
        }
        _t1 = Matrix<double>.Build.Dense(Rows, Columns);
        _x = Matrix<double>.Build.Dense(Rows, Columns);
        _y = Matrix<double>.Build.Dense(Rows, Columns);
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

    /// <summary>K(X) for an m × n matrix X.</summary>
    public Matrix<double> Apply(Matrix<double> x)
    {
        var y = Matrix<double>.Build.Dense(Rows, Columns);
        ApplyInto(x, y);
        return y;
    }

    /// <inheritdoc />
    /// <remarks>Uses internal scratch matrices (no allocation per call), so one instance must not be applied from two
    /// threads at once.</remarks>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        x.CopyTo(_x.AsColumnMajorArray());
        ApplyInto(_x, _y);
        _y.AsColumnMajorArray().CopyTo(y);
    }

    private void ApplyInto(Matrix<double> x, Matrix<double> y)
    {
        y.Clear();
        for (int i = 0; i < _left.Length; i++)
        {
            var sx = x;
            if (_left[i] is { } s) { MatrixKernels.Multiply(s, x, _t1); sx = _t1; }
            if (_right[i] is { } t) MatrixKernels.Multiply(sx, t, y, accumulate: true);
            else VectorKernels.Axpy(1, sx.AsColumnMajorArray(), y.AsColumnMajorArray());
        }
    }

    /// <summary>The dense mn × mn matrix Σ_i S_i ⊗ T_i in row-major vec (K[(a,b),(c,d)] = Σ_i S_i[a,c] T_i[b,d]).</summary>
    public Matrix<double> ToDense()
    {
        int m = Rows, n = Columns;
        var k = Matrix<double>.Build.Dense(m * n, m * n);
        for (int i = 0; i < _left.Length; i++)
        {
            var s = _left[i] ?? Matrix<double>.Build.DenseIdentity(m);
            var t = _right[i] ?? Matrix<double>.Build.DenseIdentity(n);
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
