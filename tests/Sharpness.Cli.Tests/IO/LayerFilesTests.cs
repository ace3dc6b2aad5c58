using MathNet.Numerics.LinearAlgebra;
using Sharpness.IO;

namespace Sharpness.Cli.Tests.IO;

public class LayerFilesTests
{
    [Fact]
    public void Layers_are_read_first_layer_first_in_any_mix_of_formats()
    {
        using var dir = new TempDir();
        var w1 = Matrix<double>.Build.Dense(3, 2, (r, c) => r + 10 * c + 1);
        var w2 = Matrix<double>.Build.Dense(4, 3, (r, c) => r - c);
        NpyFile.Write(dir.File("W1.npy"), w1);
        CsvMatrix.Write(dir.File("W2.CSV"), w2);
        var point = LayerFiles.ReadLayers([dir.File("W1.npy"), dir.File("W2.CSV")]);
        Assert.Equal(w1, point.Layers[0]);
        Assert.Equal(w2, point.Layers[1]);
        Assert.Equal([2, 3, 4], point.Widths);
    }

    [Fact]
    public void Layers_that_do_not_chain_name_both_files_and_shapes()
    {
        using var dir = new TempDir();
        NpyFile.Write(dir.File("a.npy"), Matrix<double>.Build.Dense(3, 2));
        NpyFile.Write(dir.File("b.npy"), Matrix<double>.Build.Dense(4, 5));
        var e = Assert.Throws<WeightFileException>(() => LayerFiles.ReadLayers([dir.File("a.npy"), dir.File("b.npy")]));
        Assert.Equal(WeightFileErrorKind.ShapeMismatch, e.Kind);
        foreach (var s in new[] { "W2", "b.npy", "4×5", "W1", "a.npy", "3×2", "needs 3 columns" }) Assert.Contains(s, e.Message);
    }

    [Fact]
    public void A_target_of_the_wrong_shape_names_both_shapes()
    {
        using var dir = new TempDir();
        NpyFile.Write(dir.File("a.npy"), Matrix<double>.Build.Dense(3, 2));
        CsvMatrix.Write(dir.File("m.csv"), Matrix<double>.Build.Dense(2, 3));
        var point = LayerFiles.ReadLayers([dir.File("a.npy")]);
        var e = Assert.Throws<WeightFileException>(() => LayerFiles.ReadTarget(dir.File("m.csv"), point));
        Assert.Equal(WeightFileErrorKind.ShapeMismatch, e.Kind);
        Assert.Contains("2×3", e.Message);
        Assert.Contains("3×2", e.Message);
    }

    [Fact]
    public void Unknown_extensions_and_missing_files_are_distinct()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("w.txt"), "1,2");
        Assert.Equal(WeightFileErrorKind.Unreadable, Assert.Throws<WeightFileException>(() => MatrixFile.Read(dir.File("w.txt"))).Kind);
        Assert.Equal(WeightFileErrorKind.NotFound, Assert.Throws<WeightFileException>(() => MatrixFile.Read(dir.File("w.txt.missing"))).Kind);
        Assert.Equal(WeightFileErrorKind.NotFound, Assert.Throws<WeightFileException>(() => MatrixFile.Read(dir.File("x.csv"))).Kind);
    }

    [Fact]
    public void Large_files_read_on_several_threads_give_the_same_layers_and_the_first_failing_file_in_order()
    {
        using var dir = new TempDir();
        var rng = new Random(4);
        // 3 × 700 × 300 doubles ≈ 5 MB: above ConcurrentReadBytes, so the files are read concurrently.
        var layers = new[] { (300, 700), (700, 300), (300, 700) }
            .Select(s => Matrix<double>.Build.Dense(s.Item1, s.Item2, (_, _) => rng.NextDouble() - 0.5)).ToArray();
        Assert.True(3L * 700 * 300 * sizeof(double) >= LayerFiles.ConcurrentReadBytes);
        var paths = layers.Select((w, i) => dir.File($"W{i + 1}.npy")).ToArray();
        for (int i = 0; i < 3; i++) NpyFile.Write(paths[i], layers[i]);
        var point = LayerFiles.ReadLayers(paths);
        for (int i = 0; i < 3; i++) Assert.Equal(layers[i], point.Layers[i]);

        // W2 missing and W3 malformed: the report names W2, as a sequential read would, whichever thread fails first.
        File.WriteAllText(dir.File("bad.npy"), "not an npy file");
        for (int round = 0; round < 5; round++)
        {
            var e = Assert.Throws<WeightFileException>(() => LayerFiles.ReadLayers([paths[0], dir.File("missing.npy"), dir.File("bad.npy")]));
            Assert.Equal(WeightFileErrorKind.NotFound, e.Kind);
            Assert.Contains("missing.npy", e.Message);
            Assert.Contains("W2", e.Message);
        }
        var malformed = Assert.Throws<WeightFileException>(() => LayerFiles.ReadLayers([paths[0], paths[1], dir.File("bad.npy")]));
        Assert.Equal(WeightFileErrorKind.MalformedNpy, malformed.Kind);
        Assert.Contains("W3", malformed.Message);
    }
}
