using MathNet.Numerics.LinearAlgebra;
using Sharpness.IO;

namespace Sharpness.Cli.Tests.IO;

public class NpyFileTests
{
    // A = [[1.5, -2.25, 3], [4, 0.1, -7e-5]]: C order lists rows, Fortran order lists columns.
    private static readonly double[,] A = { { 1.5, -2.25, 3.0 }, { 4.0, 0.1, -7e-5 } };
    private static readonly double[] RowMajor = [1.5, -2.25, 3.0, 4.0, 0.1, -7e-5];
    private static readonly double[] ColumnMajor = [1.5, 4.0, -2.25, 0.1, 3.0, -7e-5];

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy", name);

    private static void AssertEntries(double[,] expected, Matrix<double> actual, Func<double, double>? round = null)
    {
        Assert.Equal(expected.GetLength(0), actual.RowCount);
        Assert.Equal(expected.GetLength(1), actual.ColumnCount);
        for (int r = 0; r < actual.RowCount; r++)
            for (int c = 0; c < actual.ColumnCount; c++)
                Assert.Equal(round is null ? expected[r, c] : round(expected[r, c]), actual[r, c]);
    }

    private static double ToSingle(double x) => (float)x;

    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void Hand_built_float64_files_read_in_each_version_and_order(int version, bool fortran)
    {
        var bytes = NpyBytes.Build(version, NpyBytes.Dict("<f8", fortran, "(2, 3)"), NpyBytes.Float64(fortran ? ColumnMajor : RowMajor));
        AssertEntries(A, NpyFile.Parse(bytes, "fixture.npy"));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void Hand_built_float32_files_widen_exactly(int version, bool fortran)
    {
        var values = (fortran ? ColumnMajor : RowMajor).Select(x => (float)x).ToArray();
        var bytes = NpyBytes.Build(version, NpyBytes.Dict("<f4", fortran, "(2, 3)"), NpyBytes.Float32(values));
        AssertEntries(A, NpyFile.Parse(bytes, "fixture.npy"), ToSingle);
    }

    [Fact]
    public void Header_literal_variants_numpy_may_write_are_accepted()
    {
        // Key order, double quotes, Python-2 long suffixes, no trailing comma, no padding (only the newline).
        var data = NpyBytes.Float64(RowMajor);
        string[] dicts =
        [
            "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f8'}",
            "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2L, 3L)}",
            "{'descr':'<f8','fortran_order':False,'shape':(2,3)}",
        ];
        foreach (var d in dicts)
            AssertEntries(A, NpyFile.Parse(NpyBytes.Build(1, d + "\n", data, pad: false), "fixture.npy"));
    }

    [Fact]
    public void A_zero_dimensional_array_is_a_one_by_one_matrix()
    {
        var m = NpyFile.Parse(NpyBytes.Build(1, NpyBytes.Dict("<f8", false, "()"), NpyBytes.Float64(2.5)), "s.npy");
        Assert.Equal(1, m.RowCount);
        Assert.Equal(1, m.ColumnCount);
        Assert.Equal(2.5, m[0, 0]);
    }

    [Theory]
    [InlineData("a_f8_c.npy", false)]
    [InlineData("a_f8_f.npy", false)]
    [InlineData("a_f8_c_v2.npy", false)]
    [InlineData("a_f8_f_v3.npy", false)]
    [InlineData("a_f4_c.npy", true)]
    [InlineData("a_f4_f.npy", true)]
    public void Files_written_by_real_numpy_read_correctly(string name, bool single)
    {
        AssertEntries(A, NpyFile.Read(Fixture(name)), single ? ToSingle : null);
    }

    [Fact]
    public void Files_of_other_real_dtypes_written_by_real_numpy_read_exactly()
    {
        // Expected values as NumPy itself converts them (np.load(f).astype(np.float64).tolist(), NumPy 1.24.2).
        AssertEntries(new double[,] { { 1.5, -2.25, 3.0 }, { 4.0, 0.0999755859375, -6.99758529663086e-05 } }, NpyFile.Read(Fixture("a_f2.npy")), null);
        AssertEntries(A, NpyFile.Read(Fixture("a_be_f8.npy")), null);
        AssertEntries(new double[,] { { 1, 2 }, { 3, 4 } }, NpyFile.Read(Fixture("a_i4.npy")), null);
        AssertEntries(new double[,] { { 1, -2, 300 }, { -32768, 0, 32767 } }, NpyFile.Read(Fixture("a_be_i2_f.npy")), null);
        AssertEntries(new double[,] { { 0, 255 }, { 7, 128 } }, NpyFile.Read(Fixture("a_u1.npy")), null);
        AssertEntries(new double[,] { { 1, 0 }, { 0, 1 } }, NpyFile.Read(Fixture("a_b1.npy")), null);
        AssertEntries(new double[,] { { 9007199254740992, -9007199254740992 }, { 4611686018427387904, -9223372036854775808 } },
            NpyFile.Read(Fixture("a_i8_exact.npy")), null);
    }

    [Fact]
    public void A_numpy_scalar_file_is_one_by_one()
    {
        var m = NpyFile.Read(Fixture("scalar_f8.npy"));
        Assert.Equal((1, 1, 2.5), (m.RowCount, m.ColumnCount, m[0, 0]));
    }

    [Theory]
    [InlineData(NpyDtype.Float64, false, 1)]
    [InlineData(NpyDtype.Float64, true, 1)]
    [InlineData(NpyDtype.Float64, false, 2)]
    [InlineData(NpyDtype.Float64, true, 3)]
    [InlineData(NpyDtype.Float32, false, 1)]
    [InlineData(NpyDtype.Float32, true, 2)]
    public void Our_writer_round_trips_bit_exactly(NpyDtype dtype, bool fortran, int version)
    {
        var rng = new Random(4711 + version);
        int range = dtype == NpyDtype.Float64 ? 300 : 30; // keep float32 entries finite
        var m = Matrix<double>.Build.Dense(5, 7, (_, _) => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-range, range)));
        m[0, 0] = -0.0;
        m[1, 2] = double.Epsilon;
        if (dtype == NpyDtype.Float64) m[4, 6] = double.MaxValue / 2;
        var options = new NpyWriteOptions { Dtype = dtype, FortranOrder = fortran, Version = version };
        var bytes = NpyFile.ToBytes(m, options);
        Assert.Equal(0, (bytes.Length - 5 * 7 * (dtype == NpyDtype.Float64 ? 8 : 4)) % 64); // data starts 64-aligned

        var back = NpyFile.Parse(bytes, "roundtrip.npy");
        for (int r = 0; r < 5; r++)
            for (int c = 0; c < 7; c++)
            {
                double expected = dtype == NpyDtype.Float64 ? m[r, c] : (float)m[r, c];
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(back[r, c]));
            }
    }

    [Fact]
    public void Our_writer_matches_the_hand_built_layout()
    {
        // Same header text, same data bytes: only the padding length may differ, so compare parsed headers and data.
        var m = Matrix<double>.Build.DenseOfArray(A);
        var ours = NpyFile.ToBytes(m, new NpyWriteOptions { FortranOrder = true });
        int headerLength = ours[8] | (ours[9] << 8);
        string header = System.Text.Encoding.Latin1.GetString(ours, 10, headerLength);
        Assert.Equal(NpyBytes.Dict("<f8", true, "(2, 3)"), header.TrimEnd('\n').TrimEnd(' '));
        Assert.Equal(NpyBytes.Float64(ColumnMajor), ours[(10 + headerLength)..]);
    }

    [Fact]
    public void File_round_trip_through_disk()
    {
        using var dir = new TempDir();
        var m = Matrix<double>.Build.DenseOfArray(A);
        NpyFile.Write(dir.File("w.npy"), m);
        Assert.Equal(m, NpyFile.Read(dir.File("w.npy")));
    }
}
