using MathNet.Numerics.LinearAlgebra;
using Sharpness.IO;

namespace Sharpness.Cli.Tests.IO;

public class CsvMatrixTests
{
    private static WeightFileException Fails(string text, WeightFileErrorKind kind, params string[] mentions)
    {
        var e = Assert.Throws<WeightFileException>(() => CsvMatrix.Parse(text, "bad.csv"));
        Assert.Equal(kind, e.Kind);
        Assert.StartsWith("bad.csv: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        foreach (var m in mentions) Assert.Contains(m, e.Message);
        return e;
    }

    [Fact]
    public void Plain_numbers_parse_in_every_accepted_layout()
    {
        var expected = Matrix<double>.Build.DenseOfArray(new[,] { { 1.5, -2.25, 3e-5 }, { 4, 0.1, -7E+2 } });
        string[] texts =
        [
            "1.5,-2.25,3e-5\n4,0.1,-7E+2\n",
            "1.5,-2.25,3e-5\r\n4,0.1,-7E+2\r\n",
            "\uFEFF1.5, -2.25 , 3e-5\n 4,0.1,-7E+2",
            "1.5,-2.25,3e-5\n4,0.1,-7E+2\n\n\n",
            "+1.5,-2.25,0.00003\n4.0,.1,-700\n",
        ];
        foreach (var t in texts) Assert.Equal(expected, CsvMatrix.Parse(t, "ok.csv"));
    }

    [Fact]
    public void A_single_number_is_one_by_one() => Assert.Equal(Matrix<double>.Build.Dense(1, 1, 2.5), CsvMatrix.Parse("2.5\n", "s.csv"));

    [Fact]
    public void Numpy_savetxt_output_reads_to_the_same_doubles()
    {
        var m = CsvMatrix.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy", "a.csv"));
        // %.18e carries more than the 17 significant digits a double needs, so parsing recovers the exact values.
        Assert.Equal(Matrix<double>.Build.DenseOfArray(new[,] { { 1.5, -2.25, 3.0 }, { 4.0, 0.1, -7e-5 } }), m);
    }

    [Fact]
    public void Our_writer_round_trips_bit_exactly()
    {
        var rng = new Random(20251128);
        var m = Matrix<double>.Build.Dense(6, 4, (_, _) => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-300, 300)));
        m[0, 0] = -0.0; m[0, 1] = double.Epsilon; m[0, 2] = double.MaxValue; m[0, 3] = 1.0 / 3;
        var back = CsvMatrix.Parse(CsvMatrix.Format(m), "rt.csv");
        for (int r = 0; r < 6; r++)
            for (int c = 0; c < 4; c++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(m[r, c]), BitConverter.DoubleToInt64Bits(back[r, c]));

        using var dir = new TempDir();
        CsvMatrix.Write(dir.File("m.csv"), m);
        Assert.Equal(m, CsvMatrix.Read(dir.File("m.csv")));
    }

    [Fact]
    public void Ragged_rows_name_both_lines() => Fails("1,2,3\n4,5\n", WeightFileErrorKind.MalformedCsv, "ragged", "line 2 has 2", "line 1 has 3");

    [Fact]
    public void Blank_line_between_rows_is_named() => Fails("1,2\n\n3,4\n", WeightFileErrorKind.MalformedCsv, "line 2 is blank");

    [Fact]
    public void Empty_cell_is_named() => Fails("1,2\n3,\n", WeightFileErrorKind.MalformedCsv, "line 2, column 2", "empty");

    [Fact]
    public void A_header_row_is_not_a_number() => Fails("w1,w2\n1,2\n", WeightFileErrorKind.MalformedCsv, "line 1, column 1", "'w1'", "no header");

    [Fact]
    public void Semicolons_and_decimal_commas_are_not_numbers() => Fails("1;2\n", WeightFileErrorKind.MalformedCsv, "'1;2'");

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("  \r\n")]
    public void Empty_files_are_rejected(string text) => Fails(text, WeightFileErrorKind.MalformedCsv, "empty");

    [Theory]
    [InlineData("1,nan\n", "line 1, column 2")]
    [InlineData("1,2\n3,inf\n", "line 2, column 2")]
    [InlineData("-inf,2\n", "line 1, column 1")]
    [InlineData("NaN\n", "line 1, column 1")]
    [InlineData("1,-Infinity\n", "line 1, column 2")]
    [InlineData("1e999,2\n", "overflows")]
    public void Non_finite_entries_are_reported_with_their_position(string text, string mention) =>
        Fails(text, WeightFileErrorKind.NonFinite, mention);
}
