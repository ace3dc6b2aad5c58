using System.Buffers.Binary;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.IO;

/// <summary>
/// Reads and writes single matrices in NumPy's .npy format (format spec versions 1.0, 2.0 and 3.0).
/// </summary>
/// <remarks>
/// <para>Layout: the magic string <c>\x93NUMPY</c>, a major and a minor version byte, the header length (2 bytes
/// little-endian for v1, 4 bytes for v2/v3), the header (a Python dict literal, Latin-1 for v1/v2 and UTF-8 for v3,
/// padded with spaces and ended by '\n'), then the raw data.</para>
/// <para>Accepted: every real numeric dtype, read losslessly into double: float64, float32 and float16 ('f8', 'f4',
/// 'f2'), signed and unsigned integers of 1, 2, 4 and 8 bytes ('i1' … 'u8'; an 8-byte integer with more than 53
/// significant bits, which no double holds exactly, is refused with its position) and booleans ('|b1', as 0 and 1), little- or big-endian;
/// C or Fortran order, 2-D shapes (r, c) with r, c ≥ 1, and 0-D
/// arrays (a single number), read as a 1 × 1 matrix. 1-D arrays are rejected, because a vector is ambiguous as a
/// layer (row or column); 3-D and higher too. The data length must match the shape exactly; it is checked before
/// any allocation, so a header claiming a huge shape cannot exhaust memory. NaN and ±∞ entries are rejected with
/// their position. Every failure is a <see cref="WeightFileException"/>.</para>
/// </remarks>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a matrix from a .npy file.</summary>
    /// <remarks>Only a regular file is opened (see <see cref="FileNode"/>). The prefix and header are read first and
    /// the file's length is checked against the length the header's shape implies before the data is read, so a
    /// file of the wrong length (truncated, or with trailing bytes) fails without a large allocation.</remarks>
    /// <exception cref="WeightFileException">The file is missing, unreadable, malformed, of an unsupported dtype or
    /// shape, or holds a non-finite entry.</exception>
    public static Matrix<double> Read(string path) => FileBytes.WithStream(path, stream =>
    {
        long length = stream.Length;
        var prefix = ReadUpTo(stream, (int)Math.Min(length, 12));
        int headerEnd = HeaderEnd(prefix, length, path);
        var start = new byte[headerEnd];
        prefix.AsSpan(0, Math.Min(prefix.Length, headerEnd)).CopyTo(start);
        if (headerEnd > prefix.Length) stream.ReadExactly(start, prefix.Length, headerEnd - prefix.Length);
        var layout = Layout(start, length, path);
        var values = new double[layout.Count];
        var chunk = new byte[Math.Min(1 << 16, layout.Count * layout.ItemSize)];
        for (long k = 0; k < layout.Count;)
        {
            int n = (int)Math.Min(chunk.Length / layout.ItemSize, layout.Count - k);
            stream.ReadExactly(chunk, 0, n * layout.ItemSize);
            Decode(chunk.AsSpan(0, n * layout.ItemSize), k, layout, values, path);
            k += n;
        }
        return Matrix<double>.Build.Dense((int)layout.Rows, (int)layout.Cols, values);
    });

    /// <summary>Reads a matrix from the bytes of a .npy file; <paramref name="source"/> names it in messages.</summary>
    public static Matrix<double> Parse(ReadOnlySpan<byte> bytes, string source)
    {
        int headerEnd = HeaderEnd(bytes[..Math.Min(bytes.Length, 12)], bytes.Length, source);
        var layout = Layout(bytes[..headerEnd], bytes.Length, source);
        var values = new double[layout.Count];
        Decode(bytes[headerEnd..], 0, layout, values, source);
        return Matrix<double>.Build.Dense((int)layout.Rows, (int)layout.Cols, values);
    }

    /// <summary>Where the data of the array starts and how it is laid out.</summary>
    private readonly record struct DataLayout(NpyElement Element, bool FortranOrder, long Rows, long Cols)
    {
        public long Count => Rows * Cols;

        public int ItemSize => Element.Size;
    }

    // Checks magic, version and the header length field against the file length; returns where the header ends.
    private static int HeaderEnd(ReadOnlySpan<byte> prefix, long fileLength, string source)
    {
        if (prefix.Length < Magic.Length + 2 || !prefix[..Magic.Length].SequenceEqual(Magic))
        {
            int n = Math.Min(prefix.Length, Magic.Length);
            if (n > 0 && prefix[..n].SequenceEqual(Magic.AsSpan(0, n)))
                throw Truncated(source, $"the file is only {fileLength} bytes long: it ends {(n < Magic.Length ? "inside the magic string" : "before the format version")}");
            throw new WeightFileException(WeightFileErrorKind.MalformedNpy, source, fileLength == 0
                ? "the file is empty, not a .npy file (it does not start with the magic string \\x93NUMPY)"
                : "not a .npy file (it does not start with the magic string \\x93NUMPY)");
        }
        int major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
            throw NpyHeader.Malformed(source, $"format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are)");
        int lengthBytes = major == 1 ? 2 : 4;
        int fixedPart = 8 + lengthBytes;
        if (fileLength < fixedPart)
            throw Truncated(source, "the file ends inside the header length field");
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        if (headerLength > fileLength - fixedPart)
            throw Truncated(source, $"the header length field says {headerLength} bytes but only {fileLength - fixedPart} follow");
        if (headerLength > MaxHeaderLength)
            throw NpyHeader.Malformed(source, $"the header length field says {headerLength} bytes; a .npy header of a matrix is under {MaxHeaderLength} bytes");
        return fixedPart + (int)headerLength;
    }

    // A matrix header is about 128 bytes; numpy itself refuses headers over 10000 bytes unless told otherwise.
    private const int MaxHeaderLength = 1 << 20;

    // Parses the header (start = prefix + header) and checks the data length against the file length.
    private static DataLayout Layout(ReadOnlySpan<byte> start, long fileLength, string source)
    {
        int major = start[6];
        int fixedPart = major == 1 ? 10 : 12;
        var headerBytes = start[fixedPart..];
        string text;
        try
        {
            text = (major == 3 ? new UTF8Encoding(false, throwOnInvalidBytes: true) : Encoding.Latin1).GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw NpyHeader.Malformed(source, "the version-3 header is not valid UTF-8");
        }
        if (text.Length == 0 || text[^1] != '\n')
            throw NpyHeader.Malformed(source, "the header does not end with a newline");
        var header = NpyHeader.Parse(text, source);

        var element = NpyElement.Parse(header.Descr, source);
        var (rows, cols) = MatrixShape(header.Shape, source);
        int itemSize = element.Size;
        long data = fileLength - start.Length;
        // rows, cols ≤ int.MaxValue, so the product fits in a long; compare before allocating anything.
        long count = rows * cols;
        string needs = $"shape ({rows}, {cols}) of {header.Descr} needs {Bytes(count, itemSize)} of data";
        if (count > data / itemSize)
            throw Truncated(source, $"{needs} but only {data} bytes follow the header");
        if (count * itemSize != data)
            throw new WeightFileException(WeightFileErrorKind.MalformedNpy, source, "malformed .npy file: " +
                $"{needs} but the file has {data} bytes after the header ({data - count * itemSize} bytes too many: not one array of this shape)");
        if (count > Array.MaxLength)
            throw new WeightFileException(WeightFileErrorKind.MalformedNpy, source, $"malformed .npy file: shape ({rows}, {cols}) has more entries than a .NET array can hold");
        return new DataLayout(element, header.FortranOrder, rows, cols);
    }

    // Decodes the entries first..first+n of the file order into values (column-major, as MathNet stores dense matrices).
    private static void Decode(ReadOnlySpan<byte> data, long first, DataLayout layout, double[] values, string source)
    {
        long rows = layout.Rows, cols = layout.Cols;
        int n = data.Length / layout.ItemSize;
        // Little-endian float64 (what np.save writes for a float64 array on every common machine): the bytes are the
        // doubles, so they are copied without a per-entry decode; a non-finite entry falls through to the general loop,
        // which names it. The same values as the loop (a double read as a double).
        if (layout.Element is { Kind: 'f', Size: 8, BigEndian: false } && BitConverter.IsLittleEndian)
        {
            var doubles = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(data[..(n * sizeof(double))]);
            bool finite = true;
            foreach (double x in doubles) finite &= double.IsFinite(x);
            if (finite)
            {
                if (layout.FortranOrder) doubles.CopyTo(values.AsSpan((int)first, n)); // column-major already
                else
                    for (int i = 0; i < n; i++)
                    {
                        long k = first + i;
                        values[(k % cols) * rows + k / cols] = doubles[i];
                    }
                return;
            }
        }
        for (int i = 0; i < n; i++)
        {
            long k = first + i;
            int offset = i * layout.ItemSize;
            long r = layout.FortranOrder ? k % rows : k / cols;
            long c = layout.FortranOrder ? k / rows : k % cols;
            if (!layout.Element.TryRead(data.Slice(offset, layout.ItemSize), out double x, out string? inexact))
                throw new WeightFileException(WeightFileErrorKind.UnsupportedDtype, source,
                    $"entry [{r}, {c}] (0-based, as in NumPy) of dtype '{layout.Element.Descr}' is {inexact}, which no double holds exactly (it has more than 53 significant bits); " +
                    "save np.save(path, a.astype(np.float64)) if rounding it is acceptable");
            if (!double.IsFinite(x))
                throw new WeightFileException(WeightFileErrorKind.NonFinite, source,
                    $"entry [{r}, {c}] (0-based, as in NumPy) is {FormatNonFinite(x)}; entries must be finite");
            values[c * rows + r] = x;
        }
    }

    private static byte[] ReadUpTo(Stream stream, int count)
    {
        var buffer = new byte[count];
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static WeightFileException Truncated(string source, string detail) =>
        new(WeightFileErrorKind.MalformedNpy, source, $"truncated .npy file: {detail}");

    /// <summary>Writes a matrix to a .npy file.</summary>
    public static void Write(string path, Matrix<double> matrix, NpyWriteOptions? options = null) =>
        File.WriteAllBytes(path, ToBytes(matrix, options));

    /// <summary>The bytes of a .npy file holding <paramref name="matrix"/> (2-D shape, padded header as numpy.save
    /// writes it: the data starts at a multiple of 64 bytes).</summary>
    public static byte[] ToBytes(Matrix<double> matrix, NpyWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= NpyWriteOptions.Default;
        if (options.Version is < 1 or > 3)
            throw new ArgumentOutOfRangeException(nameof(options), options.Version, "The .npy format versions are 1, 2 and 3.");
        string descr = options.Dtype == NpyDtype.Float64 ? "<f8" : "<f4";
        int itemSize = options.Dtype == NpyDtype.Float64 ? 8 : 4;
        int rows = matrix.RowCount, cols = matrix.ColumnCount;
        string dict = new NpyHeader(descr, options.FortranOrder, [rows, cols]).ToLiteral();

        int lengthBytes = options.Version == 1 ? 2 : 4;
        int prefix = 8 + lengthBytes;
        int unpadded = prefix + dict.Length + 1;
        int padding = (64 - unpadded % 64) % 64;
        string header = dict + new string(' ', padding) + "\n";
        var headerBytes = (options.Version == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(header);

        var bytes = new byte[prefix + headerBytes.Length + (long)rows * cols * itemSize];
        Magic.CopyTo(bytes, 0);
        bytes[6] = (byte)options.Version;
        bytes[7] = 0;
        if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)headerBytes.Length));
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerBytes.Length);
        headerBytes.CopyTo(bytes, prefix);

        int offset = prefix + headerBytes.Length;
        for (int k = 0; k < rows * cols; k++)
        {
            int r = options.FortranOrder ? k % rows : k / cols;
            int c = options.FortranOrder ? k / rows : k % cols;
            var span = bytes.AsSpan(offset + k * itemSize);
            if (options.Dtype == NpyDtype.Float64) BinaryPrimitives.WriteDoubleLittleEndian(span, matrix[r, c]);
            else BinaryPrimitives.WriteSingleLittleEndian(span, (float)matrix[r, c]);
        }
        return bytes;
    }

    private static (long Rows, long Cols) MatrixShape(IReadOnlyList<long> shape, string source)
    {
        string shown = "(" + string.Join(", ", shape) + (shape.Count == 1 ? ",)" : ")");
        switch (shape.Count)
        {
            case 0:
                return (1, 1); // a single number: a 1 × 1 layer (scalar chains)
            case 1:
                throw new WeightFileException(WeightFileErrorKind.UnsupportedShape, source,
                    $"1-D array of shape {shown}: a layer must be a 2-D matrix d_i × d_(i-1); save a.reshape(1, -1) or a.reshape(-1, 1)");
            case 2:
                if (shape[0] == 0 || shape[1] == 0)
                    throw new WeightFileException(WeightFileErrorKind.UnsupportedShape, source, $"empty matrix of shape {shown}");
                if (shape[0] > int.MaxValue || shape[1] > int.MaxValue)
                    throw NpyHeader.Malformed(source, $"shape {shown} is too large");
                return (shape[0], shape[1]);
            default:
                throw new WeightFileException(WeightFileErrorKind.UnsupportedShape, source,
                    $"{shape.Count}-D array of shape {shown}: a layer must be a 2-D matrix");
        }
    }

    private static string Bytes(long count, int itemSize) =>
        count > long.MaxValue / itemSize ? "more than 2^63 bytes" : $"{count * itemSize} bytes";

    internal static string FormatNonFinite(double x) => double.IsNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
}
