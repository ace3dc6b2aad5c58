using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.IO;

/// <summary>
/// Loads a deep factorization from one file per layer, first (input) layer first, and an optional target; checks
/// that the shapes chain and names the offending files and shapes when they do not.
/// </summary>
public static class LayerFiles
{
    /// <summary>Reads W_1..W_N from <paramref name="paths"/> (W_i is d_i × d_(i-1), the PyTorch nn.Linear.weight
    /// layout) and checks that each layer's column count equals the previous layer's row count.</summary>
    /// <exception cref="WeightFileException">A file problem, or kind ShapeMismatch when the layers do not chain; the
    /// message names the layer ("layer W2").</exception>
    public static DeepFactorization ReadLayers(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) throw new ArgumentException("At least one layer file is needed.", nameof(paths));
        var layers = ReadAll(paths);
        for (int i = 1; i < layers.Length; i++)
            if (layers[i].ColumnCount != layers[i - 1].RowCount)
                throw new WeightFileException(WeightFileErrorKind.ShapeMismatch, paths[i], LayerRole(i + 1),
                    $"layers do not chain: W{i + 1} ({paths[i]}) is {Shape(layers[i])} but W{i} ({paths[i - 1]}) is {Shape(layers[i - 1])}, " +
                    $"so W{i + 1} needs {layers[i - 1].RowCount} columns (layers are given first layer first, each d_i × d_(i-1))");
        return new DeepFactorization(layers);
    }

    /// <summary>Total file size in bytes from which <see cref="ReadLayers"/> reads the layers on several threads (the reader decodes
    /// ≈ 0.5 GB/s on one core: a million-parameter network's two files take ≈ 15 ms each).</summary>
    public const long ConcurrentReadBytes = 1 << 22;

    // Every file read, on several threads when they are large; a failure is reported for the first failing file in
    // the given order, as when they are read one after another.
    private static Matrix<double>[] ReadAll(IReadOnlyList<string> paths)
    {
        Matrix<double> ReadOne(int i) => MatrixFile.Read(paths[i], LayerRole(i + 1));
        if (paths.Count < 2 || Environment.ProcessorCount < 2 || TotalBytes(paths) < ConcurrentReadBytes)
            return [.. Enumerable.Range(0, paths.Count).Select(ReadOne)];
        var layers = new Matrix<double>[paths.Count];
        var failures = new Exception?[paths.Count];
        Parallel.For(0, paths.Count, i =>
        {
            try { layers[i] = ReadOne(i); }
            catch (Exception e) { failures[i] = e; }
        });
        if (failures.FirstOrDefault(e => e is not null) is { } first)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        return layers;
    }

    // The sizes of the files that exist (a missing or special one is the reader's to report).
    private static long TotalBytes(IReadOnlyList<string> paths)
    {
        long total = 0;
        foreach (var path in paths)
        {
            try
            {
                var info = new FileInfo(path);
                if (info.Exists) total += info.Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // The reader names this file's problem.
            }
        }
        return total;
    }

    /// <summary>Reads the target M and checks that it is d_N × d_0 like the product W_N⋯W_1.</summary>
    /// <exception cref="WeightFileException">A file problem, or kind ShapeMismatch; the message names the role
    /// "target M".</exception>
    public static Matrix<double> ReadTarget(string path, DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var m = MatrixFile.Read(path, TargetRole);
        if (m.RowCount != point.OutputDimension || m.ColumnCount != point.InputDimension)
            throw new WeightFileException(WeightFileErrorKind.ShapeMismatch, path, TargetRole,
                $"the target M is {Shape(m)} but the product W{point.Depth}⋯W1 is {point.OutputDimension}×{point.InputDimension}");
        return m;
    }

    /// <summary>The role of layer file <paramref name="i"/> (1-based) in error messages: "layer W<i>i</i>".</summary>
    public static string LayerRole(int i) => $"layer W{i}";

    /// <summary>The role of the target file in error messages.</summary>
    public const string TargetRole = "target M";

    private static string Shape(Matrix<double> m) => $"{m.RowCount}×{m.ColumnCount}";
}
