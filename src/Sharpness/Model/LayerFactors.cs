using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.Model;

/// <summary>
/// The left factors A_i = W_N ⋯ W_{i+1} and right factors B_i = W_{i-1} ⋯ W_1 of every layer, and the product
/// P = A_i W_i B_i. Computed with one backward sweep (A_i = A_{i+1} W_{i+1}) and one forward sweep
/// (B_{i+1} = W_i B_i): O(N) matrix products.
/// </summary>
public sealed class LayerFactors
{
    private readonly Matrix<double> _last;
    private Matrix<double>? _product;
    private object? _productLock; // formed once, also when threads share the factors

    private LayerFactors(Matrix<double>[] left, Matrix<double>[] right, Matrix<double> last)
    {
        Left = left;
        Right = right;
        _last = last;
    }

    /// <summary>Left[k] is A_{k+1} (m × d_{k+1}); Left[N-1] = I_m, stored as a diagonal matrix (O(m) memory: a
    /// 100000-wide output layer must not cost a dense 100000 × 100000 identity).</summary>
    public IReadOnlyList<Matrix<double>> Left { get; }

    /// <summary>Right[k] is B_{k+1} (d_k × n); Right[0] = I_n, stored as a diagonal matrix (O(n) memory).</summary>
    public IReadOnlyList<Matrix<double>> Right { get; }

    /// <summary>P = W_N ⋯ W_1, from the forward sweep (the same kernel and order every caller uses), formed on first
    /// access: the factors of a wide network with a narrow hidden layer are thin, but P is m × n (issue 13: a depth-2
    /// report of L 15000×8, R 8×15000 must not form a 15000 × 15000 product it never reads).</summary>
    public Matrix<double> Product => _product ?? LazyInitializer.EnsureInitialized(ref _product, ref _productLock,
        () => Left.Count == 1 ? _last.Clone() : DenseKernels.LargeProduct(_last, Right[^1], static (a, b) => a * b));

    /// <summary>P if it has been formed already, else null (nothing is computed).</summary>
    internal Matrix<double>? FormedProduct => _product;

    internal static LayerFactors Of(IReadOnlyList<Matrix<double>> layers)
    {
        int n = layers.Count;
        var right = new Matrix<double>[n];
        right[0] = Matrix<double>.Build.DiagonalIdentity(layers[0].ColumnCount);
        for (int i = 1; i < n; i++)
            right[i] = i == 1 ? layers[0].Clone() : DenseKernels.LargeProduct(layers[i - 1], right[i - 1], static (a, b) => a * b);

        var left = new Matrix<double>[n];
        left[n - 1] = Matrix<double>.Build.DiagonalIdentity(layers[n - 1].RowCount);
        for (int i = n - 2; i >= 0; i--)
            left[i] = i == n - 2 ? layers[n - 1].Clone() : DenseKernels.LargeProduct(left[i + 1], layers[i + 1], static (a, b) => a * b);
        return new LayerFactors(left, right, layers[n - 1]);
    }
}
