using Sharpness.Model;

namespace Sharpness.Dynamics.Flat;

/// <summary>
/// Where each layer lives in a flat parameter buffer: layer W_i (d_i × d_{i-1}, row-major) starts at
/// <see cref="Offsets"/>[i − 1], layers first-to-last, exactly the order of <see cref="DeepFactorization.ToVector"/>.
/// </summary>
internal sealed class FlatLayout
{
    public FlatLayout(IReadOnlyList<int> widths)
    {
        Widths = [.. widths];
        Depth = Widths.Length - 1;
        Offsets = new int[Depth + 1];
        for (int i = 0; i < Depth; i++) Offsets[i + 1] = Offsets[i] + Widths[i + 1] * Widths[i];
    }

    /// <summary>d_0..d_N.</summary>
    public int[] Widths { get; }

    /// <summary>N.</summary>
    public int Depth { get; }

    /// <summary>Offsets[k] is where layer W_{k+1} starts; Offsets[N] is the parameter count.</summary>
    public int[] Offsets { get; }

    public int ParameterCount => Offsets[Depth];

    /// <summary>m = d_N.</summary>
    public int Rows => Widths[Depth];

    /// <summary>n = d_0.</summary>
    public int Columns => Widths[0];

    /// <summary>Rows of layer k (0-based): d_{k+1}.</summary>
    public int LayerRows(int k) => Widths[k + 1];

    /// <summary>Columns of layer k (0-based): d_k.</summary>
    public int LayerColumns(int k) => Widths[k];

    public bool IsScalarChain => Widths.All(d => d == 1);

    /// <summary>The factorization whose row-major parameter vector is <paramref name="parameters"/>.</summary>
    public DeepFactorization ToFactorization(ReadOnlySpan<double> parameters) => DeepFactorization.FromVector(Widths, parameters);
}
