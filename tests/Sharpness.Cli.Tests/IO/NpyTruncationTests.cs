using Sharpness.IO;

namespace Sharpness.Cli.Tests.IO;

/// <summary>Issue 16 item 13: a file that starts like a .npy file but ends early says "truncated", with the lengths.</summary>
public class NpyTruncationTests
{
    private static readonly byte[] Valid = NpyBytes.Build(1, NpyBytes.Dict("<f8", false, "(2, 3)"), NpyBytes.Float64(1, 2, 3, 4, 5, 6));

    [Theory]
    [InlineData(3)]   // inside the magic string
    [InlineData(6)]   // the magic string only (was: "it does not start with the magic string")
    [InlineData(9)]   // inside the header length field
    [InlineData(20)]  // inside the header
    [InlineData(70)]  // inside the data
    public void A_cut_file_is_called_truncated(int length)
    {
        var e = Assert.Throws<WeightFileException>(() => NpyFile.Parse(Valid.AsSpan(0, length), "cut.npy"));
        Assert.Equal(WeightFileErrorKind.MalformedNpy, e.Kind);
        Assert.StartsWith("cut.npy: truncated .npy file: ", e.Message);
    }

    [Fact]
    public void The_data_shortfall_names_both_lengths()
    {
        var e = Assert.Throws<WeightFileException>(() => NpyFile.Parse(Valid.AsSpan(0, Valid.Length - 3), "cut.npy"));
        Assert.Contains("48 bytes", e.Message);
        Assert.Contains("45 bytes", e.Message);
    }

    [Fact]
    public void A_file_that_does_not_start_like_npy_is_not_called_truncated()
    {
        var e = Assert.Throws<WeightFileException>(() => NpyFile.Parse("PK\x03"u8, "zip.npy"));
        Assert.DoesNotContain("truncated", e.Message);
        Assert.Contains("magic", e.Message);
    }
}
