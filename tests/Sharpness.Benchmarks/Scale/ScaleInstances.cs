using Sharpness.Benchmarks.Exact;
using Sharpness.IO;
using Sharpness.Model;

namespace Sharpness.Benchmarks.Scale;

/// <summary>The three instances of issue 13, seeded Gaussian layers (entries N(0, 1/d_{i-1})), M := P(W).</summary>
public static class ScaleInstances
{
    /// <summary>Names in the order they are measured.</summary>
    public static IReadOnlyList<string> Names { get; } = ["depth4-width600", "depth3-width900", "depth2-L400x800-R800x800"];

    /// <summary>The instance called <paramref name="name"/>.</summary>
    public static DeepFactorization Create(string name) => name switch
    {
        "depth4-width600" => Instances.Square(4, 4, 600),      // P = 1 440 000, mn = 360 000
        "depth3-width900" => Instances.Square(3, 3, 900),      // P = 2 430 000, mn = 810 000
        "depth2-L400x800-R800x800" => Instances.DepthTwo(1, 400, 800, 800), // P = 960 000
        "depth4-width60" => Instances.Square(4, 4, 60),        // a small one for a quick try
        _ => throw new ArgumentException($"Unknown instance {name}; known: {string.Join(", ", Names)}, depth4-width60."),
    };

    /// <summary>Writes W1.npy … WN.npy of the instance into <paramref name="folder"/>.</summary>
    public static void Write(DeepFactorization point, string folder)
    {
        Directory.CreateDirectory(folder);
        for (int i = 0; i < point.Depth; i++) NpyFile.Write(Path.Combine(folder, $"W{i + 1}.npy"), point.Layers[i]);
    }
}
