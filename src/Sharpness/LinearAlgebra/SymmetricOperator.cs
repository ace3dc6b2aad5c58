namespace Sharpness.LinearAlgebra;

/// <summary>A symmetric linear operator on ℝ^Dimension, given only by its action y = A x (matrix-free).</summary>
public interface ISymmetricOperator
{
    /// <summary>Dimension of the space the operator acts on.</summary>
    int Dimension { get; }

    /// <summary>Writes A x into <paramref name="y"/> (both of length <see cref="Dimension"/>).</summary>
    void Apply(ReadOnlySpan<double> x, Span<double> y);
}

/// <summary>Wraps a delegate as an <see cref="ISymmetricOperator"/>.</summary>
public sealed class DelegateOperator(int dimension, DelegateOperator.ApplyAction apply) : ISymmetricOperator
{
    /// <summary>y = A x.</summary>
    public delegate void ApplyAction(ReadOnlySpan<double> x, Span<double> y);

    /// <inheritdoc />
    public int Dimension { get; } = dimension;

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<double> x, Span<double> y) => apply(x, y);
}
