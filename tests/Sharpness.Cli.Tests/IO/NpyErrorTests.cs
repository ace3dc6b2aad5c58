using Sharpness.IO;

namespace Sharpness.Cli.Tests.IO;

public class NpyErrorTests
{
    private static readonly byte[] SixDoubles = NpyBytes.Float64(1, 2, 3, 4, 5, 6);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy", name);

    private static WeightFileException Fails(byte[] bytes, WeightFileErrorKind kind, params string[] mentions)
    {
        var e = Assert.Throws<WeightFileException>(() => NpyFile.Parse(bytes, "bad.npy"));
        Assert.Equal(kind, e.Kind);
        Assert.StartsWith("bad.npy: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        foreach (var m in mentions) Assert.Contains(m, e.Message);
        return e;
    }

    private static byte[] WithDict(string dict, byte[]? data = null, int major = 1) =>
        NpyBytes.Build(major, dict, data ?? SixDoubles);

    [Fact]
    public void Wrong_magic_is_not_a_npy_file() =>
        Fails("PK\x03\x04 not numpy at all"u8.ToArray(), WeightFileErrorKind.MalformedNpy, "magic");

    [Fact]
    public void Empty_file_is_not_a_npy_file() => Fails([], WeightFileErrorKind.MalformedNpy, "magic");

    [Theory]
    [InlineData(4, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    public void Unknown_versions_are_rejected(byte major, byte minor)
    {
        var b = WithDict(NpyBytes.Dict("<f8", false, "(2, 3)"));
        b[6] = major;
        b[7] = minor;
        Fails(b, WeightFileErrorKind.MalformedNpy, $"version {major}.{minor}");
    }

    [Fact]
    public void Header_length_beyond_the_file_is_rejected()
    {
        var b = WithDict(NpyBytes.Dict("<f8", false, "(2, 3)"));
        b[8] = 0xFF; b[9] = 0xFF;
        Fails(b, WeightFileErrorKind.MalformedNpy, "header length");
    }

    [Fact]
    public void Huge_header_length_in_version_2_is_rejected_without_allocating()
    {
        var b = WithDict(NpyBytes.Dict("<f8", false, "(2, 3)"), major: 2);
        b[8] = 0xFF; b[9] = 0xFF; b[10] = 0xFF; b[11] = 0xFF;
        Fails(b, WeightFileErrorKind.MalformedNpy, "4294967295");
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False}", "'shape'")]
    [InlineData("{'descr': '<f8', 'shape': (2, 3)}", "'fortran_order'")]
    [InlineData("{'fortran_order': False, 'shape': (2, 3)}", "'descr'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}", "'extra'")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3)}", "True or False")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3]}", "tuple")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3)}", "non-negative")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 'a')}", "non-negative")]
    [InlineData("{'descr': 8, 'fortran_order': False, 'shape': (2, 3)}", "'descr' must be a string")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)", "expected")]
    [InlineData("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2, 3)}", "unknown name 'Maybe'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)} trailing", "after the dict")]
    [InlineData("['descr', '<f8']", "not a Python dict")]
    [InlineData("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}", "duplicate key")]
    [InlineData("{'descr': '<f8\\x', 'fortran_order': False, 'shape': (2, 3)}", "escape")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999, 3)}", "too large")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': ((((((((((((2,),),),),),),),),),),),)}", "nests too deeply")]
    public void Malformed_header_dicts_name_the_problem(string dict, string mention) =>
        Fails(WithDict(dict), WeightFileErrorKind.MalformedNpy, "malformed .npy header", mention);

    [Fact]
    public void A_header_without_the_final_newline_is_rejected() =>
        Fails(NpyBytes.Build(1, NpyBytes.Dict("<f8", false, "(2, 3)"), SixDoubles, pad: false), WeightFileErrorKind.MalformedNpy, "newline");

    [Fact]
    public void Invalid_utf8_in_a_version_3_header_is_rejected()
    {
        var b = NpyBytes.Build(3, NpyBytes.Dict("<f8", false, "(2, 3)"), SixDoubles);
        b[12] = 0xFF; // inside "{'descr'..."
        Fails(b, WeightFileErrorKind.MalformedNpy, "UTF-8");
    }

    [Theory]
    [InlineData("|O", "'|O'")]
    [InlineData("<c16", "'<c16'")]
    [InlineData("<f16", "'<f16'")]
    [InlineData("<U3", "'<U3'")]
    [InlineData("<M8[ns]", "'<M8[ns]'")]
    [InlineData("<i3", "'<i3'")]
    [InlineData("|b2", "'|b2'")]
    public void Unsupported_dtypes_are_named_with_the_accepted_ones_and_the_conversion(string descr, string mention) =>
        Fails(WithDict(NpyBytes.Dict(descr, false, "(2, 3)")), WeightFileErrorKind.UnsupportedDtype, "unsupported dtype", mention,
            "accepted are float64, float32, float16, signed or unsigned integers", "np.save(path, a");

    [Theory]
    [InlineData("<f8", 8)]
    [InlineData(">f8", 8)]
    [InlineData("<f4", 4)]
    [InlineData(">f4", 4)]
    [InlineData("<f2", 2)]
    [InlineData(">f2", 2)]
    [InlineData("<i8", 8)]
    [InlineData(">i8", 8)]
    [InlineData("<u8", 8)]
    [InlineData("<i4", 4)]
    [InlineData(">u4", 4)]
    [InlineData("<i2", 2)]
    [InlineData(">u2", 2)]
    [InlineData("|i1", 1)]
    [InlineData("|u1", 1)]
    public void Every_real_dtype_is_read_exactly(string descr, int size)
    {
        // The values −3 … 2 (unsigned: 0 … 5) and a half, where the type has halves, in every byte order and size:
        // the bytes are written here with BinaryPrimitives, independently of the reader's decoding.
        bool unsigned = descr[1] == 'u', big = descr[0] == '>', floating = descr[1] == 'f';
        double[] values = floating ? [-3, -2.5, -1, 0, 1.5, 2] : unsigned ? [0, 1, 2, 3, 4, 5] : [-3, -2, -1, 0, 1, 2];
        var data = new byte[6 * size];
        for (int i = 0; i < 6; i++)
        {
            var span = data.AsSpan(i * size, size);
            double v = values[i];
            switch (descr[1], size)
            {
                case ('f', 8): if (big) System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(span, v); else System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(span, v); break;
                case ('f', 4): if (big) System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(span, (float)v); else System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(span, (float)v); break;
                case ('f', 2): if (big) System.Buffers.Binary.BinaryPrimitives.WriteHalfBigEndian(span, (Half)v); else System.Buffers.Binary.BinaryPrimitives.WriteHalfLittleEndian(span, (Half)v); break;
                case (_, 8): if (big) System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(span, (long)v); else System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span, (long)v); break;
                case (_, 4): if (big) System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(span, (int)v); else System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span, (int)v); break;
                case (_, 2): if (big) System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(span, (short)v); else System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span, (short)v); break;
                default: span[0] = (byte)(sbyte)v; break;
            }
        }
        var m = NpyFile.Parse(WithDict(NpyBytes.Dict(descr, false, "(2, 3)"), data), "x.npy");
        for (int i = 0; i < 6; i++) Assert.Equal(values[i], m[i / 3, i % 3]);
    }

    [Fact]
    public void Unsigned_and_extreme_integers_keep_their_value()
    {
        // 0xFF is 255 as u1 but −1 as i1; the largest 8-byte integers with at most 53 significant bits are exact.
        Assert.Equal(255, NpyFile.Parse(WithDict(NpyBytes.Dict("|u1", false, "(1, 1)"), [0xFF]), "x.npy")[0, 0]);
        Assert.Equal(-1, NpyFile.Parse(WithDict(NpyBytes.Dict("|i1", false, "(1, 1)"), [0xFF]), "x.npy")[0, 0]);
        var data = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(data, ulong.MaxValue - (1UL << 11) + 1); // 2^64 − 2^11: 53 bits
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), long.MinValue);
        var m = NpyFile.Parse(WithDict(NpyBytes.Dict("<u8", false, "(1, 1)"), data[..8]), "x.npy");
        Assert.Equal(18446744073709549568.0, m[0, 0]);
        Assert.Equal(-9223372036854775808.0, NpyFile.Parse(WithDict(NpyBytes.Dict("<i8", false, "(1, 1)"), data[8..]), "x.npy")[0, 0]);
    }

    [Fact]
    public void An_eight_byte_integer_that_no_double_holds_is_refused_with_its_position()
    {
        var data = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(data, 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), (1L << 53) + 1);
        Fails(WithDict(NpyBytes.Dict("<i8", false, "(1, 2)"), data), WeightFileErrorKind.UnsupportedDtype,
            "entry [0, 1]", "9007199254740993", "no double holds exactly", "a.astype(np.float64)");
    }

    [Fact]
    public void Structured_dtypes_are_unsupported() =>
        Fails(WithDict("{'descr': [('a', '<f8'), ('b', '<f8')], 'fortran_order': False, 'shape': (3,)}"),
            WeightFileErrorKind.UnsupportedDtype, "structured");

    [Theory]
    [InlineData("(6,)", "1-D")]
    [InlineData("(1, 2, 3)", "3-D")]
    [InlineData("(0, 3)", "empty")]
    [InlineData("(3, 0)", "empty")]
    public void Shapes_that_are_not_matrices_are_rejected(string shape, string mention) =>
        Fails(WithDict(NpyBytes.Dict("<f8", false, shape)), WeightFileErrorKind.UnsupportedShape, mention);

    [Fact]
    public void Truncated_data_is_rejected_with_both_lengths() =>
        Fails(WithDict(NpyBytes.Dict("<f8", false, "(2, 3)"), SixDoubles[..45]), WeightFileErrorKind.MalformedNpy, "48 bytes", "45 bytes");

    [Fact]
    public void Extra_data_is_rejected() =>
        Fails(WithDict(NpyBytes.Dict("<f8", false, "(2, 2)")), WeightFileErrorKind.MalformedNpy, "32 bytes", "48 bytes");

    [Fact]
    public void A_huge_shape_fails_before_any_allocation() =>
        Fails(WithDict(NpyBytes.Dict("<f8", false, "(2147483647, 2147483647)")), WeightFileErrorKind.MalformedNpy, "48 bytes");

    [Fact]
    public void A_shape_beyond_int_range_is_too_large() =>
        Fails(WithDict(NpyBytes.Dict("<f8", false, "(9223372036854775807, 1)")), WeightFileErrorKind.MalformedNpy, "too large");

    [Theory]
    [InlineData(false, "[1, 0]")]
    [InlineData(true, "[0, 1]")]
    public void NaN_and_infinity_are_reported_with_their_position(bool fortran, string position)
    {
        // Fourth stored value is NaN: C order (2, 2) → [1, 0]; Fortran order (2, 2) → [0, 1].
        Fails(WithDict(NpyBytes.Dict("<f8", fortran, "(2, 2)"), NpyBytes.Float64(1, 2, double.NaN, 4)),
            WeightFileErrorKind.NonFinite, position, "NaN");
        Fails(WithDict(NpyBytes.Dict("<f4", fortran, "(2, 2)"), NpyBytes.Float32(1, 2, float.NegativeInfinity, 4)),
            WeightFileErrorKind.NonFinite, position, "-Inf");
    }

    [Theory]
    [InlineData("vector_f8.npy", WeightFileErrorKind.UnsupportedShape, "1-D")]
    [InlineData("cube_f8.npy", WeightFileErrorKind.UnsupportedShape, "3-D")]
    [InlineData("obj.npy", WeightFileErrorKind.UnsupportedDtype, "'|O'")]
    [InlineData("a_c16.npy", WeightFileErrorKind.UnsupportedDtype, "a.real.astype(np.float64)")]
    [InlineData("a_f16.npy", WeightFileErrorKind.UnsupportedDtype, "'<f16'")]
    [InlineData("a_u3.npy", WeightFileErrorKind.UnsupportedDtype, "'<U2'")]
    [InlineData("a_i8_big.npy", WeightFileErrorKind.UnsupportedDtype, "9007199254740993")]
    [InlineData("a_f8_nan.npy", WeightFileErrorKind.NonFinite, "[1, 0]")]
    public void Real_numpy_files_we_do_not_accept_fail_cleanly(string name, WeightFileErrorKind kind, string mention)
    {
        var e = Assert.Throws<WeightFileException>(() => NpyFile.Read(Fixture(name)));
        Assert.Equal(kind, e.Kind);
        Assert.Contains(mention, e.Message);
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Missing_file_and_directory_are_distinct_kinds()
    {
        using var dir = new TempDir();
        Assert.Equal(WeightFileErrorKind.NotFound, Assert.Throws<WeightFileException>(() => NpyFile.Read(dir.File("nope.npy"))).Kind);
        Assert.Equal(WeightFileErrorKind.Unreadable, Assert.Throws<WeightFileException>(() => NpyFile.Read(dir.Path)).Kind);
    }
}
