using MathNet.Numerics.LinearAlgebra;
using Sharpness.Minimizers;
using Sharpness.Model;
using Sharpness.LinearAlgebra;

namespace Sharpness.Training;

/// <summary>How the initial layers are drawn.</summary>
public enum InitializationScheme
{
    /// <summary>W_i = s · G_i / √d_(i−1), G_i standard normal (s = 1: the "LeCun" scaling).</summary>
    Gaussian,
    /// <summary>W_i = s · G_i · √(2/(d_i + d_(i−1))) (Glorot/Xavier normal).</summary>
    Xavier,
    /// <summary>W_i = s · Q_i with Q_i a Haar-random (semi-)orthogonal d_i × d_(i−1) matrix (orthonormal rows or
    /// columns, whichever is shorter).</summary>
    Orthogonal,
    /// <summary>Small initialization ("rich" or feature-learning regime): entries s · N(0, 1) with small s
    /// independent of the width (default 1e-2); GD then learns the singular values of M one by one.</summary>
    SmallScale,
    /// <summary>Gaussian (as <see cref="Gaussian"/>) with layer i multiplied by α_i = r^((N+1−2i)/(N−1)): the first layer
    /// r times larger, the last r times smaller, the product of the α_i equal to 1 (a strongly imbalanced start).</summary>
    Imbalanced,
}

/// <summary>
/// A seeded initializer for training from scratch: a scheme, a scale s and a seed; the same seed gives bit-identical
/// layers (System.Random with a seed, Box–Muller draws filled row by row, layer by layer, first layer first).
/// </summary>
public sealed record Initialization(InitializationScheme Scheme, double Scale, int Seed, double Imbalance = 4)
{
    /// <summary>Scaled Gaussian W_i = s·G/√d_(i−1).</summary>
    public static Initialization Gaussian(double scale, int seed) => new(InitializationScheme.Gaussian, scale, seed);

    /// <summary>Xavier normal, times <paramref name="gain"/>.</summary>
    public static Initialization Xavier(int seed, double gain = 1) => new(InitializationScheme.Xavier, gain, seed);

    /// <summary>s times a Haar (semi-)orthogonal matrix.</summary>
    public static Initialization Orthogonal(double scale, int seed) => new(InitializationScheme.Orthogonal, scale, seed);

    /// <summary>Small initialization, entries s·N(0, 1).</summary>
    public static Initialization SmallScale(int seed, double scale = 1e-2) => new(InitializationScheme.SmallScale, scale, seed);

    /// <summary>Scaled Gaussian with the first layer r times larger and the last r times smaller.</summary>
    public static Initialization Imbalanced(double scale, int seed, double ratio = 4) => new(InitializationScheme.Imbalanced, scale, seed, ratio);

    /// <summary>Draws the layers for widths d_0..d_N.</summary>
    public DeepFactorization Create(IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count < 2 || widths.Any(d => d < 1))
            throw new ArgumentException($"Widths need d_0..d_N, each at least 1; got ({string.Join(", ", widths)}).", nameof(widths));
        if (!double.IsFinite(Scale) || Scale < 0) throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "The scale must be finite and non-negative.");
        if (!double.IsFinite(Imbalance) || Imbalance <= 0) throw new ArgumentOutOfRangeException(nameof(Imbalance), Imbalance, "The imbalance ratio must be finite and positive.");
        var rng = new Random(Seed);
        int depth = widths.Count - 1;
        var layers = new Matrix<double>[depth];
        for (int i = 0; i < depth; i++)
        {
            int rows = widths[i + 1], cols = widths[i];
            layers[i] = Scheme switch
            {
                InitializationScheme.Gaussian or InitializationScheme.Imbalanced => RandomMatrices.Gaussian(rng, rows, cols) * (Scale / Math.Sqrt(cols)),
                InitializationScheme.Xavier => RandomMatrices.Gaussian(rng, rows, cols) * (Scale * Math.Sqrt(2.0 / (rows + cols))),
                InitializationScheme.Orthogonal => (rows >= cols
                    ? RandomMatrices.OrthonormalColumns(rng, rows, cols)
                    : RandomMatrices.OrthonormalColumns(rng, cols, rows).Transpose()) * Scale,
                InitializationScheme.SmallScale => RandomMatrices.Gaussian(rng, rows, cols) * Scale,
                _ => throw new ArgumentOutOfRangeException(nameof(Scheme), Scheme, "Unknown initialization scheme."),
            };
            if (Scheme == InitializationScheme.Imbalanced && depth > 1)
                layers[i] *= Math.Pow(Imbalance, (depth - 1 - 2.0 * i) / (depth - 1));
        }
        return new DeepFactorization(layers);
    }

    /// <inheritdoc />
    public override string ToString() => Scheme == InitializationScheme.Imbalanced
        ? FormattableString.Invariant($"{Scheme}(s = {Scale:G4}, r = {Imbalance:G4}, seed {Seed})")
        : FormattableString.Invariant($"{Scheme}(s = {Scale:G4}, seed {Seed})");
}
