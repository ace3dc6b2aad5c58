namespace Sharpness.LinearAlgebra.Kernels;

/// <summary>
/// The kit's own dense kernels in C#: the register-blocked vectorized GEMM of <see cref="MatrixKernels"/> and the
/// vectorized BLAS-1 loops of <see cref="VectorKernels"/>. Always available, single-threaded, deterministic; the
/// fallback when OpenBLAS is absent or fails its self-test, and the reference the native kernels are checked against.
/// </summary>
/// <remarks>Transposed operands are copied once into column-major form and then multiplied by the same kernel, so a
/// Gram matrix is bit-identical to the explicit product A·(Aᵀ) the kit formed before the seam existed.</remarks>
public sealed class ManagedKernels : DenseKernels
{
    private ManagedKernels() { }

    /// <summary>The one instance.</summary>
    public static ManagedKernels Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "managed";

    /// <inheritdoc />
    public override string Description => $"managed kernels (C#, System.Numerics.Vector<double> width {System.Numerics.Vector<double>.Count}, 1 thread)";

    /// <inheritdoc />
    public override bool IsNative => false;

    /// <inheritdoc />
    public override IReadOnlyList<(string Item, string Value)> Details =>
    [
        ("kernels", "managed (C#)"),
        ("SIMD", $"System.Numerics.Vector<double>, width {System.Numerics.Vector<double>.Count}"),
        ("threads", "1"),
    ];

    /// <inheritdoc />
    public override void Gemm(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c)
    {
        CheckBeta(beta);
        double[]? at = transposeA ? Transpose(a, k, m) : null; // stored k × m → m × k
        double[]? bt = transposeB ? Transpose(b, n, k) : null; // stored n × k → k × n
        MatrixKernels.Multiply(at ?? a, bt ?? b, c, m, k, n, accumulate: beta == 1);
    }

    /// <inheritdoc />
    public override void Gemv(bool transpose, int rows, int columns, double alpha,
        ReadOnlySpan<double> a, ReadOnlySpan<double> x, double beta, Span<double> y)
    {
        CheckBeta(beta);
        if (transpose)
        {
            x = x[..rows];
            // (Aᵀx)_j = A[:, j]ᵀ x over contiguous columns.
            for (int j = 0; j < columns; j++)
            {
                double d = alpha * VectorKernels.Dot(a.Slice(j * rows, rows), x);
                y[j] = beta == 1 ? y[j] + d : d;
            }
        }
        else
        {
            y = y[..rows];
            if (beta == 0) y.Clear();
            for (int j = 0; j < columns; j++)
                if (x[j] != 0) VectorKernels.Axpy(alpha * x[j], a.Slice(j * rows, rows), y);
        }
    }

    /// <inheritdoc />
    public override void Gram(bool transpose, int rows, int columns, ReadOnlySpan<double> a, Span<double> c)
    {
        var at = Transpose(a, rows, columns); // columns × rows
        if (transpose) MatrixKernels.Multiply(at, a, c, columns, rows, columns, accumulate: false); // Aᵀ A
        else MatrixKernels.Multiply(a, at, c, rows, columns, rows, accumulate: false);              // A Aᵀ
    }

    // The column-major transpose of a rows × columns matrix.
    private static double[] Transpose(ReadOnlySpan<double> a, int rows, int columns)
    {
        var t = new double[rows * columns];
        for (int j = 0; j < columns; j++)
            for (int i = 0; i < rows; i++)
                t[i * columns + j] = a[j * rows + i];
        return t;
    }

    internal static void CheckBeta(double beta)
    {
        if (beta is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be 0 or 1.");
    }
}
