using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.IO;
using Sharpness.Model;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Runs the parsed root command in-process with captured stdout and stderr.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json()
        {
            Assert.True(ExitCode == 0, $"exit code {ExitCode}, stderr: {Stderr}");
            using var doc = JsonDocument.Parse(Stdout);
            return doc.RootElement.Clone();
        }
    }

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Asserts a failure: the given exit code, nothing on stdout, exactly one line on stderr that mentions
    /// every string in <paramref name="mentions"/>, and no stack trace.</summary>
    public static void AssertFails(Result r, int exitCode, params string[] mentions)
    {
        Assert.True(r.ExitCode == exitCode, $"expected exit code {exitCode}, got {r.ExitCode}; stderr: {r.Stderr}");
        Assert.Equal("", r.Stdout);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("sharpness: ", lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
        foreach (var m in mentions) Assert.Contains(m, lines[0]);
    }

    /// <summary>Writes each layer of <paramref name="point"/> as W1.npy … WN.npy (first layer first) and returns the paths.</summary>
    public static string[] WriteLayers(TempDir dir, DeepFactorization point, string extension = "npy")
    {
        var paths = new string[point.Depth];
        for (int i = 0; i < point.Depth; i++)
        {
            paths[i] = dir.File($"W{i + 1}.{extension}");
            if (extension == "npy") NpyFile.Write(paths[i], point.Layers[i]);
            else CsvMatrix.Write(paths[i], point.Layers[i]);
        }
        return paths;
    }

    public static string WriteMatrix(TempDir dir, string name, Matrix<double> m)
    {
        string path = dir.File(name);
        if (name.EndsWith(".npy", StringComparison.Ordinal)) NpyFile.Write(path, m);
        else CsvMatrix.Write(path, m);
        return path;
    }
}
