using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Dynamics.Flat;

/// <summary>
/// The exact Hessian of 𝓛(W) = ½‖W_N⋯W_1 − M‖²_F at any point (zero residual or not) as a matrix-free symmetric
/// operator on the row-major parameter vector, allocation-free per application: forward-over-reverse
/// differentiation of the gradient's two sweeps (about the cost of two gradients; see the remarks of the flat loss).
/// </summary>
/// <remarks>Each application uses internal scratch buffers, so one instance must not be applied from two threads
/// at once. Independent of <see cref="FactorizationLoss.HessianTimes"/> (tested against it and the dense
/// Hessian).</remarks>
public sealed class HessianOperator : ISymmetricOperator
{
    private readonly FlatLoss _loss;
    private readonly double[] _point;

    /// <summary>The Hessian at <paramref name="point"/> for the target <paramref name="target"/>.</summary>
    public HessianOperator(DeepFactorization point, Matrix<double> target)
    {
        ArgumentNullException.ThrowIfNull(point);
        point.RequireTarget(target);
        var layout = new FlatLayout(point.Widths);
        _loss = new FlatLoss(layout, RowMajor(target));
        _point = point.ToVector();
        Loss = _loss.Evaluate(_point);
    }

    internal HessianOperator(FlatLoss loss, double[] point)
    {
        _loss = loss;
        _point = point;
        Loss = _loss.Evaluate(_point);
    }

    /// <summary>½‖P − M‖²_F at the point.</summary>
    public double Loss { get; }

    /// <inheritdoc />
    public int Dimension => _loss.ParameterCount;

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<double> x, Span<double> y) => _loss.HessianTimes(x, y);

    internal static double[] RowMajor(Matrix<double> m)
    {
        var a = new double[m.RowCount * m.ColumnCount];
        for (int r = 0; r < m.RowCount; r++)
            for (int c = 0; c < m.ColumnCount; c++)
                a[r * m.ColumnCount + c] = m[r, c];
        return a;
    }
}
