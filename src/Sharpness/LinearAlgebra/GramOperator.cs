using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.LinearAlgebra;

/// <summary>
/// The Gram matrix of a dense matrix A (r × c) as a matrix-free symmetric operator: A Aᵀ on ℝ^r
/// (<see cref="Side.Rows"/>) or Aᵀ A on ℝ^c (<see cref="Side.Columns"/>). One application costs 2rc multiply–adds
/// and allocates nothing: it runs the vectorized kernels directly on A's column-major storage
/// (A x = Σ_j x_j A[:, j] and (Aᵀ x)_j = A[:, j]ᵀ x, both over contiguous columns).
/// </summary>
/// <remarks>Holds a scratch vector, so one instance must not be applied from two threads at once.</remarks>
public sealed class GramOperator : ISymmetricOperator
{
    private readonly double[] _a;
    private readonly int _rows, _columns;
    private readonly double[] _scratch;
    private readonly Side _side;

    /// <summary>Which Gram matrix.</summary>
    public enum Side
    {
        /// <summary>A Aᵀ (dimension = rows of A); its eigenvectors are left singular vectors.</summary>
        Rows,
        /// <summary>Aᵀ A (dimension = columns of A); its eigenvectors are right singular vectors.</summary>
        Columns,
    }

    /// <summary>Wraps A (its storage is copied once if A is not a dense matrix).</summary>
    public GramOperator(Matrix<double> a, Side side)
    {
        ArgumentNullException.ThrowIfNull(a);
        _a = a.AsColumnMajorArray() ?? a.ToColumnMajorArray();
        _rows = a.RowCount;
        _columns = a.ColumnCount;
        _side = side;
        _scratch = new double[side == Side.Rows ? _columns : _rows];
    }

    /// <inheritdoc />
    public int Dimension => _side == Side.Rows ? _rows : _columns;

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        if (_side == Side.Rows)
        {
            TransposeTimes(x, _scratch); // t = Aᵀ x
            Times(_scratch, y);          // y = A t
        }
        else
        {
            Times(x, _scratch);          // t = A x
            TransposeTimes(_scratch, y); // y = Aᵀ t
        }
    }

    private void Times(ReadOnlySpan<double> x, Span<double> y)
    {
        y.Clear();
        for (int j = 0; j < _columns; j++)
            if (x[j] != 0) VectorKernels.Axpy(x[j], _a.AsSpan(j * _rows, _rows), y);
    }

    private void TransposeTimes(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int j = 0; j < _columns; j++) y[j] = VectorKernels.Dot(_a.AsSpan(j * _rows, _rows), x);
    }
}
