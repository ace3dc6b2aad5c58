using System.Buffers.Binary;
using System.Globalization;

namespace Sharpness.IO;

/// <summary>
/// The element type of a .npy file as read: a NumPy dtype string <c>descr</c> ("&lt;f8", "&gt;i4", "|u1", "|b1", …)
/// parsed into kind, size and byte order, and the lossless conversion of one element to double.
/// </summary>
/// <remarks>
/// Every real numeric dtype of 8 bytes or less converts exactly: a double holds every float32 and float16 value and
/// every integer with at most 53 significant bits (all up to 2^53). Only 8-byte integers can have more; such an
/// entry is reported (by <see cref="TryRead"/>) rather than rounded. Complex, extended precision (f16/f12), strings, objects, dates and
/// structured dtypes are refused with a conversion hint.
/// </remarks>
internal sealed record NpyElement(string Descr, char Kind, int Size, bool BigEndian)
{
    /// <summary>The dtypes the reader accepts, for messages.</summary>
    public const string Accepted =
        "float64, float32, float16, signed or unsigned integers of 1–8 bytes and bool, little- or big-endian";

    /// <summary>How to convert anything else, for messages.</summary>
    public const string Conversion = "convert with np.save(path, a.astype(np.float64))";

    /// <summary>The element type of <paramref name="descr"/>, or a <see cref="WeightFileException"/> of kind
    /// UnsupportedDtype naming it, the accepted dtypes and the conversion.</summary>
    public static NpyElement Parse(string descr, string source)
    {
        // descr is one byte-order character ('<' little, '>' big, '|' not applicable, '=' native), a kind letter and
        // the item size in bytes.
        if (descr.Length >= 3 && "<>|=".Contains(descr[0]) && int.TryParse(descr.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int size))
        {
            char kind = descr[1];
            bool big = descr[0] == '>' || (descr[0] == '=' && !BitConverter.IsLittleEndian);
            bool supported = kind switch
            {
                'f' => size is 2 or 4 or 8,
                'i' or 'u' => size is 1 or 2 or 4 or 8,
                'b' => size == 1,
                _ => false,
            };
            if (supported) return new NpyElement(descr, kind, size, big);
            if (kind == 'c')
                throw Unsupported(source, descr, "complex entries have no real value; save the real part, np.save(path, a.real.astype(np.float64))");
            if (kind == 'f')
                throw Unsupported(source, descr, $"extended-precision floats do not fit a double; {Conversion} (this rounds to double)");
        }
        throw Unsupported(source, descr, Conversion);
    }

    /// <summary>Element <paramref name="bytes"/> (exactly <see cref="Size"/> bytes) as a double; false with the
    /// integer's text when it is an 8-byte integer with more than 53 significant bits, which no double holds.</summary>
    public bool TryRead(ReadOnlySpan<byte> bytes, out double value, out string? inexact)
    {
        inexact = null;
        switch (Kind, Size)
        {
            case ('f', 8):
                value = BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes);
                return true;
            case ('f', 4):
                value = BigEndian ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes);
                return true;
            case ('f', 2):
                value = (double)(BigEndian ? BinaryPrimitives.ReadHalfBigEndian(bytes) : BinaryPrimitives.ReadHalfLittleEndian(bytes));
                return true;
            case ('b', 1):
                value = bytes[0] != 0 ? 1 : 0;
                return true;
            case ('i', 1):
                value = (sbyte)bytes[0];
                return true;
            case ('u', 1):
                value = bytes[0];
                return true;
            case ('i', 2):
                value = BigEndian ? BinaryPrimitives.ReadInt16BigEndian(bytes) : BinaryPrimitives.ReadInt16LittleEndian(bytes);
                return true;
            case ('u', 2):
                value = BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
                return true;
            case ('i', 4):
                value = BigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes);
                return true;
            case ('u', 4):
                value = BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
                return true;
            case ('i', 8):
            {
                long x = BigEndian ? BinaryPrimitives.ReadInt64BigEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes);
                value = x;
                if (IsDouble(x == long.MinValue ? 1UL << 63 : (ulong)Math.Abs(x))) return true;
                inexact = x.ToString(CultureInfo.InvariantCulture);
                return false;
            }
            case ('u', 8):
            {
                ulong x = BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                value = x;
                if (IsDouble(x)) return true;
                inexact = x.ToString(CultureInfo.InvariantCulture);
                return false;
            }
            default:
                throw new InvalidOperationException($"Element type {Descr} was not validated.");
        }
    }

    // An integer is a double exactly when its significant bits (trailing zeros dropped) number at most 53.
    private static bool IsDouble(ulong magnitude) =>
        magnitude == 0 || magnitude >> System.Numerics.BitOperations.TrailingZeroCount(magnitude) < 1UL << 53;

    private static WeightFileException Unsupported(string source, string descr, string hint) =>
        new(WeightFileErrorKind.UnsupportedDtype, source,
            $"unsupported dtype '{NpyHeader.Shorten(descr)}': accepted are {Accepted}; {hint}");
}
