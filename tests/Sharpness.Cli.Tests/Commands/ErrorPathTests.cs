using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.IO;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>Every error path of the issue: one line on stderr, nothing on stdout, a distinct exit code.</summary>
public class ErrorPathTests
{
    [Fact]
    public void Exit_codes_are_distinct()
    {
        int[] codes = [ExitCodes.InternalError, ExitCodes.Usage, ExitCodes.FileNotFound, ExitCodes.FileUnreadable, ExitCodes.MalformedNpy,
            ExitCodes.UnsupportedDtype, ExitCodes.UnsupportedShape, ExitCodes.MalformedCsv, ExitCodes.NonFinite, ExitCodes.ShapeMismatch,
            ExitCodes.NotZeroLoss, ExitCodes.OutputUnwritable, ExitCodes.NotComputable];
        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.DoesNotContain(ExitCodes.Ok, codes);
        foreach (WeightFileErrorKind kind in Enum.GetValues<WeightFileErrorKind>())
            Assert.NotEqual(ExitCodes.InternalError, ExitCodes.For(kind));
        Assert.Equal(Enum.GetValues<WeightFileErrorKind>().Length, Enum.GetValues<WeightFileErrorKind>().Select(ExitCodes.For).Distinct().Count());
    }

    [Theory]
    [InlineData("analyse")]
    [InlineData("foo")]
    public void A_mistyped_verb_is_named(string verb)
    {
        // System.CommandLine's first error here was "Required command was not provided." (a user's review).
        var r = Cli.Run(verb, "a.npy", "b.npy");
        Cli.AssertFails(r, ExitCodes.Usage, $"unknown verb '{verb}'", "analyze", "escape", "train");
        Assert.DoesNotContain("Required command", r.Stderr);
    }

    [Fact]
    public void Missing_file() =>
        Cli.AssertFails(Cli.Run("analyze", "/nonexistent/W1.npy"), ExitCodes.FileNotFound, "/nonexistent/W1.npy", "no such file");

    [Fact]
    public void Unreadable_file()
    {
        using var dir = new TempDir();
        Cli.AssertFails(Cli.Run("analyze", dir.Path + "/"), ExitCodes.FileUnreadable, "directory");
        File.WriteAllText(dir.File("W1.txt"), "1");
        Cli.AssertFails(Cli.Run("analyze", dir.File("W1.txt")), ExitCodes.FileUnreadable, "W1.txt", "extension");
    }

    [Fact]
    public void Malformed_npy_header()
    {
        using var dir = new TempDir();
        var bytes = NpyFile.ToBytes(Diag(1, 2));
        bytes[12] = (byte)'#'; // break the dict literal
        File.WriteAllBytes(dir.File("W1.npy"), bytes);
        Cli.AssertFails(Cli.Run("analyze", dir.File("W1.npy")), ExitCodes.MalformedNpy, "W1.npy", "malformed .npy header");
    }

    [Fact]
    public void Unsupported_dtype()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("W1.npy"), NpyBytes.Build(1, NpyBytes.Dict("<c16", false, "(1, 2)"), new byte[32]));
        Cli.AssertFails(Cli.Run("analyze", dir.File("W1.npy")), ExitCodes.UnsupportedDtype, "W1.npy (layer W1)", "'<c16'",
            "accepted are float64, float32, float16", "a.real.astype(np.float64)");
    }

    [Fact]
    public void Integer_and_float32_files_are_read_exactly_by_every_verb()
    {
        // W1 as int32, W2 as float32 (both exact in double): the same answer as the float64 files.
        using var dir = new TempDir();
        var w1 = M(new double[,] { { 1, 2 }, { -3, 4 } });
        var w2 = M(new double[,] { { 0.5, -1.25 } });
        var data = new byte[16];
        for (int i = 0; i < 4; i++) System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4 * i), (int)w1[i / 2, i % 2]);
        File.WriteAllBytes(dir.File("W1.npy"), NpyBytes.Build(1, NpyBytes.Dict("<i4", false, "(2, 2)"), data));
        NpyFile.Write(dir.File("W2.npy"), w2, new NpyWriteOptions { Dtype = NpyDtype.Float32 });
        NpyFile.Write(dir.File("V1.npy"), w1);
        NpyFile.Write(dir.File("V2.npy"), w2);
        var mixed = Cli.Run("analyze", dir.File("W1.npy"), dir.File("W2.npy"), "--json").Json();
        var plain = Cli.Run("analyze", dir.File("V1.npy"), dir.File("V2.npy"), "--json").Json();
        Assert.Equal(plain.GetProperty("sharpness").GetDouble(), mixed.GetProperty("sharpness").GetDouble());
    }

    [Fact]
    public void Every_file_error_names_the_role_of_the_file()
    {
        // The same bad file as a layer, the target, the data X and Y, and the moments S and C: each message says which.
        using var dir = new TempDir();
        var w = Cli.WriteLayers(dir, new Sharpness.Model.DeepFactorization(Diag(1, 2), Diag(3, 4)));
        string good = Cli.WriteMatrix(dir, "good.npy", Diag(1, 1));
        string bad = dir.File("bad.npy");
        File.WriteAllBytes(bad, NpyBytes.Build(1, NpyBytes.Dict("|O", false, "(2, 2)"), new byte[32]));
        Cli.AssertFails(Cli.Run("analyze", w[0], bad), ExitCodes.UnsupportedDtype, "bad.npy (layer W2)", "'|O'");
        Cli.AssertFails(Cli.Run("analyze", w[0], w[1], "--target", bad), ExitCodes.UnsupportedDtype, "bad.npy (target M)");
        Cli.AssertFails(Cli.Run("analyze", w[0], w[1], "--inputs", bad, "--outputs", good), ExitCodes.UnsupportedDtype, "bad.npy (inputs X, --inputs)");
        Cli.AssertFails(Cli.Run("analyze", w[0], w[1], "--inputs", good, "--outputs", bad), ExitCodes.UnsupportedDtype, "bad.npy (outputs Y, --outputs)");
        Cli.AssertFails(Cli.Run("train", w[0], w[1], "--inputs", good, "--outputs", bad, "--eta", "0.1"), ExitCodes.UnsupportedDtype, "(outputs Y, --outputs)");
        Cli.AssertFails(Cli.Run("analyze", w[0], w[1], "--covariance", bad, "--cross-covariance", good), ExitCodes.UnsupportedDtype, "(covariance S, --covariance)");
        Cli.AssertFails(Cli.Run("analyze", w[0], w[1], "--covariance", good, "--cross-covariance", bad), ExitCodes.UnsupportedDtype, "(cross-covariance C, --cross-covariance)");
        // Not "weights": a data file is not a weight file.
        File.WriteAllText(dir.File("X.csv"), "1,2\n3,nan\n");
        var r = Cli.Run("analyze", w[0], w[1], "--inputs", dir.File("X.csv"), "--outputs", good);
        Cli.AssertFails(r, ExitCodes.NonFinite, "X.csv (inputs X, --inputs)", "line 2, column 2");
        Assert.DoesNotContain("weight", r.Stderr);
        Cli.AssertFails(Cli.Run("analyze", w[0], w[1], "--inputs", dir.File("missing.npy"), "--outputs", good), ExitCodes.FileNotFound, "missing.npy (inputs X, --inputs)", "no such file");
        Cli.AssertFails(Cli.Run("escape", w[0], dir.File("W9.npy"), "--c", "1.1"), ExitCodes.FileNotFound, "W9.npy (layer W2)");
    }

    [Fact]
    public void Unsupported_shape()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("b.npy"), NpyBytes.Build(1, NpyBytes.Dict("<f8", false, "(2,)"), NpyBytes.Float64(1, 2)));
        Cli.AssertFails(Cli.Run("analyze", dir.File("b.npy")), ExitCodes.UnsupportedShape, "b.npy", "1-D");
    }

    [Fact]
    public void Ragged_csv_rows()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("W1.csv"), "1,2\n3\n");
        Cli.AssertFails(Cli.Run("analyze", dir.File("W1.csv")), ExitCodes.MalformedCsv, "W1.csv", "ragged", "line 2");
    }

    [Fact]
    public void NaN_and_infinity_entries()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("W1.csv"), "1,2\n3,nan\n");
        Cli.AssertFails(Cli.Run("analyze", dir.File("W1.csv")), ExitCodes.NonFinite, "W1.csv", "line 2, column 2");
        File.WriteAllBytes(dir.File("W2.npy"), NpyBytes.Build(1, NpyBytes.Dict("<f8", false, "(1, 2)"), NpyBytes.Float64(1, double.PositiveInfinity)));
        Cli.AssertFails(Cli.Run("analyze", dir.File("W2.npy")), ExitCodes.NonFinite, "W2.npy", "[0, 1]", "+Inf");
    }

    [Fact]
    public void Shapes_that_do_not_chain()
    {
        using var dir = new TempDir();
        var w1 = Cli.WriteMatrix(dir, "W1.npy", Matrix<double>.Build.Dense(3, 4, 1));
        var w2 = Cli.WriteMatrix(dir, "W2.npy", Matrix<double>.Build.Dense(2, 5, 1));
        Cli.AssertFails(Cli.Run("analyze", w1, w2), ExitCodes.ShapeMismatch, "W2 (", "2×5", "W1 (", "3×4", "needs 3 columns");
    }

    [Fact]
    public void Target_of_the_wrong_shape()
    {
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, F2);
        var target = Cli.WriteMatrix(dir, "M.csv", Matrix<double>.Build.Dense(3, 2, 1));
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--target", target]), ExitCodes.ShapeMismatch, "M.csv", "3×2", "2×2");
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("analyze")]
    [InlineData("analyze", "--nonsense", "W1.npy")]
    [InlineData("analyze", "W1.npy", "--target")]
    public void Bad_command_lines(params string[] args) => Cli.AssertFails(Cli.Run(args), ExitCodes.Usage);
}
