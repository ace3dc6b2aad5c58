using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;

namespace Sharpness.Model;

/// <summary>
/// A deep matrix factorization (deep linear network) W = (W_1, …, W_N): layer W_i is d_i × d_{i-1},
/// W_1 is applied first, and the end-to-end product is P(W) = W_N ⋯ W_1 (d_N × d_0).
/// </summary>
/// <remarks>
/// <para>Immutable. The same type also represents a tangent direction U = (U_1, …, U_N) with the layers' shapes,
/// so it carries the vector-space operations (<see cref="Add"/>, <see cref="Scale"/>, <see cref="Dot"/>).</para>
/// <para>Indexing: <see cref="Layers"/> is a 0-based list (Layers[0] is W_1); the methods that follow the paper's
/// notation (<see cref="Layer"/>, <see cref="LeftFactor"/>, <see cref="RightFactor"/>) take the 1-based layer number.</para>
/// <para>The parameter vector is the row-major vec of each layer, concatenated for i = 1..N.</para>
/// <para>Safe to share between threads: what it computes on first use (the factors, the layers' top singular
/// triples, the outer Gram matrices) is computed once and then read.</para>
/// </remarks>
public sealed class DeepFactorization
{
    private readonly Matrix<double>[] _layers;
    // Computed on first use, once, also when threads share the point (the depth-2 route runs two Lanczos runs at once).
    // Each accessor reads the field first, so only the first use builds the initializer's delegate.
    private LayerFactors? _factors;
    private Lazy<TopSingular>[]? _layerTops;
    private Matrix<double>? _firstGram, _lastGram;
    private object? _factorsLock, _firstGramLock, _lastGramLock;

    /// <summary>Creates a factorization from layers in application order (first layer first).</summary>
    /// <exception cref="ShapeMismatchException">The layers do not chain, or a layer is empty.</exception>
    /// <exception cref="NonFiniteEntryException">An entry is NaN or ±∞.</exception>
    public DeepFactorization(IEnumerable<Matrix<double>> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers.Select(l => l?.Clone() ?? throw new ArgumentException("A layer is null.", nameof(layers))).ToArray();
        if (_layers.Length == 0) throw new ArgumentException("A factorization needs at least one layer.", nameof(layers));
        for (int i = 0; i < _layers.Length; i++)
        {
            var w = _layers[i];
            if (w.RowCount == 0 || w.ColumnCount == 0)
                throw new ShapeMismatchException($"Layer W{i + 1} is empty ({Shape(w)}).");
            Guard.Finite(w, $"layer W{i + 1}");
            if (i > 0 && w.ColumnCount != _layers[i - 1].RowCount)
                throw new ShapeMismatchException(
                    $"Layers W{i} and W{i + 1} do not chain: W{i} is {Shape(_layers[i - 1])}, so W{i + 1} needs {_layers[i - 1].RowCount} columns, but W{i + 1} is {Shape(w)}.");
        }
        Widths = [_layers[0].ColumnCount, .. _layers.Select(l => l.RowCount)];
    }

    /// <summary>The top singular triple of layer <paramref name="index"/> (0-based) by <see cref="SpectralNorm.Top"/>
    /// with the default options, computed once per point (the layers never change): the depth-2 route, the spectral
    /// products and the depth-2 identity of one report all need ‖W_1‖₂ and ‖W_N‖₂.</summary>
    internal TopSingular LayerTop(int index)
    {
        var tops = _layerTops ?? LazyInitializer.EnsureInitialized(ref _layerTops,
            () => [.. _layers.Select(l => new Lazy<TopSingular>(() => SpectralNorm.Top(l)))]);
        return tops[index].Value;
    }

    /// <summary>W_1W_1ᵀ and W_NᵀW_N, each formed once per point: the Frobenius balance (F2) and ‖H‖_F both need them
    /// (OpenBLAS's dsyrk where it pays, MathNet's product otherwise).</summary>
    internal Matrix<double> FirstLayerGram =>
        _firstGram ?? LazyInitializer.EnsureInitialized(ref _firstGram, ref _firstGramLock, () => Gram(_layers[0], transpose: false));

    /// <inheritdoc cref="FirstLayerGram"/>
    internal Matrix<double> LastLayerGram =>
        _lastGram ?? LazyInitializer.EnsureInitialized(ref _lastGram, ref _lastGramLock, () => Gram(_layers[^1], transpose: true));

    /// <summary>A Aᵀ (or Aᵀ A when <paramref name="transpose"/>): native dsyrk from
    /// <see cref="Sharpness.LinearAlgebra.Kernels.DenseKernels.NativeThreshold"/> multiply-adds on, MathNet's product below.</summary>
    internal static Matrix<double> Gram(Matrix<double> a, bool transpose)
    {
        long size = transpose ? a.ColumnCount : a.RowCount;
        var kernels = Sharpness.LinearAlgebra.Kernels.DenseKernels.For(size * size * (transpose ? a.RowCount : a.ColumnCount));
        if (kernels.IsNative) return kernels.Gram(a, transpose);
        return transpose ? a.TransposeThisAndMultiply(a) : a.TransposeAndMultiply(a);
    }

    /// <summary>The product P(W) if the factor sweep has run already, else null (nothing is computed).</summary>
    internal Matrix<double>? CachedProduct => _factors?.FormedProduct;

    /// <summary>Creates a factorization from layers in application order (first layer first).</summary>
    public DeepFactorization(params Matrix<double>[] layers) : this((IEnumerable<Matrix<double>>)layers) { }

    /// <summary>The depth-2 factorization M ≈ L Rᵀ: W_1 = Rᵀ, W_2 = L.</summary>
    public static DeepFactorization FromLeftRight(Matrix<double> left, Matrix<double> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.ColumnCount != right.ColumnCount)
            throw new ShapeMismatchException($"L and R need the same number of columns (the inner width d): L is {Shape(left)}, R is {Shape(right)}.");
        return new DeepFactorization(right.Transpose(), left);
    }

    /// <summary>The scalar chain w_N ⋯ w_1 (all widths 1); <paramref name="weights"/> are w_1..w_N.</summary>
    public static DeepFactorization ScalarChain(params double[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new DeepFactorization(weights.Select(w => Matrix<double>.Build.Dense(1, 1, w)));
    }

    /// <summary>Rebuilds a factorization (or direction) with the given widths d_0..d_N from a parameter vector.</summary>
    public static DeepFactorization FromVector(IReadOnlyList<int> widths, ReadOnlySpan<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count < 2) throw new ArgumentException("Widths need at least d_0 and d_1.", nameof(widths));
        int expected = 0;
        for (int i = 1; i < widths.Count; i++) expected += widths[i] * widths[i - 1];
        if (parameters.Length != expected)
            throw new ArgumentException($"The parameter vector has {parameters.Length} entries but widths ({string.Join(", ", widths)}) need {expected}.", nameof(parameters));
        var layers = new Matrix<double>[widths.Count - 1];
        int offset = 0;
        for (int i = 0; i < layers.Length; i++)
        {
            int rows = widths[i + 1], cols = widths[i];
            var m = Matrix<double>.Build.Dense(rows, cols);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    m[r, c] = parameters[offset++];
            layers[i] = m;
        }
        return new DeepFactorization(layers);
    }

    /// <summary>The layers in application order, 0-based: Layers[0] is W_1.</summary>
    public IReadOnlyList<Matrix<double>> Layers => _layers;

    /// <summary>Depth N (number of layers).</summary>
    public int Depth => _layers.Length;

    /// <summary>Widths d_0..d_N (d_0 = input dimension n, d_N = output dimension m).</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>Input dimension n = d_0.</summary>
    public int InputDimension => Widths[0];

    /// <summary>Output dimension m = d_N.</summary>
    public int OutputDimension => Widths[^1];

    /// <summary>Number of parameters Σ d_i d_{i-1}.</summary>
    public int ParameterCount => _layers.Sum(l => l.RowCount * l.ColumnCount);

    /// <summary>Narrowest hidden or outer width min_i d_i.</summary>
    public int MinimumWidth => Widths.Min();

    /// <summary>Layer W_i, with the paper's 1-based layer number.</summary>
    public Matrix<double> Layer(int i) => _layers[CheckLayer(i) - 1];

    /// <summary>The end-to-end product P(W) = W_N ⋯ W_1, computed by the forward sweep.</summary>
    public Matrix<double> Product() => Factors.Product;

    /// <summary>Left factor A_i = W_N ⋯ W_{i+1} (m × d_i; A_N = I_m), with the paper's 1-based layer number.</summary>
    public Matrix<double> LeftFactor(int i) => Factors.Left[CheckLayer(i) - 1];

    /// <summary>Right factor B_i = W_{i-1} ⋯ W_1 (d_{i-1} × n; B_1 = I_n), with the paper's 1-based layer number.</summary>
    public Matrix<double> RightFactor(int i) => Factors.Right[CheckLayer(i) - 1];

    /// <summary>All left and right factors, computed once (one backward and one forward sweep) and cached.</summary>
    public LayerFactors Factors =>
        _factors ?? LazyInitializer.EnsureInitialized(ref _factors, ref _factorsLock, () => LayerFactors.Of(_layers));

    /// <summary>True when P(W) (m × n) factors through a narrow hidden width d — min(m, n) beyond 512 and at least
    /// 4d — so that everything a zero-loss report needs about M := P(W) (its SVD, the flatness verdict, trace,
    /// ‖H‖_F) comes from the thin factors, and P itself is never formed unless a caller asks for it.</summary>
    public bool HasThinProduct => Depth >= 2 && CompactSvd.ProductRoutePays(OutputDimension, InputDimension, Widths.Skip(1).Take(Depth - 1).Min());

    /// <summary>True for a scalar chain: every width is 1.</summary>
    public bool IsScalarChain => Widths.All(d => d == 1);

    /// <summary>The row-major parameter vector (vec of each layer, first layer first).</summary>
    public double[] ToVector()
    {
        var v = new double[ParameterCount];
        int offset = 0;
        foreach (var w in _layers)
            for (int r = 0; r < w.RowCount; r++)
                for (int c = 0; c < w.ColumnCount; c++)
                    v[offset++] = w[r, c];
        return v;
    }

    /// <summary>this + scale · other (other must have the same shapes).</summary>
    public DeepFactorization Add(DeepFactorization other, double scale = 1.0)
    {
        RequireSameShapes(other);
        return new DeepFactorization(_layers.Select((w, i) => w + scale * other._layers[i]));
    }

    /// <summary>scale · this.</summary>
    public DeepFactorization Scale(double scale) => new(_layers.Select(w => scale * w));

    /// <summary>The Euclidean inner product of the parameter vectors.</summary>
    public double Dot(DeepFactorization other)
    {
        RequireSameShapes(other);
        double s = 0;
        for (int i = 0; i < _layers.Length; i++)
            s += _layers[i].PointwiseMultiply(other._layers[i]).Enumerate().Sum();
        return s;
    }

    /// <summary>Euclidean norm of the parameter vector (overflow-safe).</summary>
    public double Norm() => Guard.FrobeniusNorm(_layers);

    /// <summary>A direction with the same shapes and all entries zero.</summary>
    public DeepFactorization ZeroLike() => new(_layers.Select(w => Matrix<double>.Build.Dense(w.RowCount, w.ColumnCount)));

    /// <summary>Throws unless <paramref name="target"/> can be the target M of this point: the product's shape
    /// d_N × d_0 and finite entries.</summary>
    /// <exception cref="ShapeMismatchException">M does not have the product's shape.</exception>
    /// <exception cref="NonFiniteEntryException">M has a NaN or ±∞ entry.</exception>
    public void RequireTarget(Matrix<double> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.RowCount != OutputDimension || target.ColumnCount != InputDimension)
            throw new ShapeMismatchException(
                $"The target M is {target.RowCount}×{target.ColumnCount} but the product W_N⋯W_1 is {OutputDimension}×{InputDimension}.");
        Guard.Finite(target, "the target M");
    }

    /// <summary>Throws when <paramref name="other"/> has different layer shapes, naming the first mismatch.</summary>
    public void RequireSameShapes(DeepFactorization other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Depth != Depth)
            throw new ShapeMismatchException($"Depth mismatch: {Depth} layers vs {other.Depth} layers.");
        for (int i = 0; i < _layers.Length; i++)
            if (_layers[i].RowCount != other._layers[i].RowCount || _layers[i].ColumnCount != other._layers[i].ColumnCount)
                throw new ShapeMismatchException($"Shape mismatch at layer W{i + 1}: {Shape(_layers[i])} vs {Shape(other._layers[i])}.");
    }

    /// <summary>Shapes as "d_1×d_0, d_2×d_1, …".</summary>
    public override string ToString() =>
        $"DeepFactorization(N={Depth}, widths=[{string.Join(", ", Widths)}], P={ParameterCount})";

    internal static string Shape(Matrix<double> m) => $"{m.RowCount}×{m.ColumnCount}";

    private int CheckLayer(int i)
    {
        if (i < 1 || i > Depth)
            throw new ArgumentOutOfRangeException(nameof(i), i, $"Layer numbers run from 1 to N = {Depth}.");
        return i;
    }
}
