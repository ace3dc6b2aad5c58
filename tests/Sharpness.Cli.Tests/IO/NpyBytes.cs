using System.Buffers.Binary;
using System.Text;

namespace Sharpness.Cli.Tests.IO;

/// <summary>Builds .npy files byte by byte from the format spec, independently of NpyFile's writer.</summary>
internal static class NpyBytes
{
    /// <summary>Magic, version, header length, the header text (padded to a multiple of 16 with spaces and a
    /// newline, unless <paramref name="pad"/> is false), then the given data bytes.</summary>
    public static byte[] Build(int major, string dict, byte[] data, bool pad = true, int minor = 0)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        string header = dict;
        if (pad)
        {
            int total = 8 + lengthBytes + header.Length + 1;
            header += new string(' ', (16 - total % 16) % 16) + "\n";
        }
        var headerBytes = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(header);
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, (byte)minor };
        var len = new byte[lengthBytes];
        if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)headerBytes.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)headerBytes.Length);
        bytes.AddRange(len);
        bytes.AddRange(headerBytes);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    public static byte[] Float64(params double[] values)
    {
        var b = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(i * 8), values[i]);
        return b;
    }

    public static byte[] Float32(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), values[i]);
        return b;
    }

    public static string Dict(string descr, bool fortran, string shape) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
}
