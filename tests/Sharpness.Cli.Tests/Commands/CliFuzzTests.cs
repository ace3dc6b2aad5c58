using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.IO;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>
/// The whole analyze command on randomly damaged layer files (seeded truncations and byte flips): every run either
/// succeeds or fails with a file error code and one stderr line; never an internal error (exit code 1).
/// </summary>
public class CliFuzzTests
{
    [Fact]
    public void Analyze_on_damaged_files_never_fails_internally()
    {
        using var dir = new TempDir();
        var rng = new Random(99);
        var w1 = Matrix<double>.Build.Dense(3, 2, (_, _) => rng.NextDouble() - 0.5);
        var w2 = Matrix<double>.Build.Dense(2, 3, (_, _) => rng.NextDouble() - 0.5);
        var valid = NpyFile.ToBytes(w1);
        string w2Path = Cli.WriteMatrix(dir, "W2.npy", w2);
        string w1Path = dir.File("W1.npy");
        int[] allowed = [ExitCodes.Ok, ExitCodes.MalformedNpy, ExitCodes.UnsupportedDtype, ExitCodes.UnsupportedShape, ExitCodes.NonFinite, ExitCodes.ShapeMismatch];
        var seen = new HashSet<int>();
        for (int i = 0; i < 300; i++)
        {
            var b = (byte[])valid.Clone();
            if (rng.Next(2) == 0) b = b[..rng.Next(b.Length)];
            else for (int k = rng.Next(1, 4); k > 0; k--) b[rng.Next(b.Length)] = (byte)rng.Next(256);
            File.WriteAllBytes(w1Path, b);
            var r = Cli.Run("analyze", w1Path, w2Path, "--json");
            Assert.True(allowed.Contains(r.ExitCode), $"case {i}: exit {r.ExitCode}: {r.Stderr}");
            if (r.ExitCode != 0) Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            seen.Add(r.ExitCode);
        }
        Assert.Contains(ExitCodes.Ok, seen);
        Assert.Contains(ExitCodes.MalformedNpy, seen);
    }
}
