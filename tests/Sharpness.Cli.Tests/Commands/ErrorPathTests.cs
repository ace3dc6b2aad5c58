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
        File.WriteAllBytes(dir.File("W1.npy"), NpyBytes.Build(1, NpyBytes.Dict("<i4", false, "(1, 2)"), new byte[8]));
        Cli.AssertFails(Cli.Run("analyze", dir.File("W1.npy")), ExitCodes.UnsupportedDtype, "W1.npy", "'<i4'");
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
