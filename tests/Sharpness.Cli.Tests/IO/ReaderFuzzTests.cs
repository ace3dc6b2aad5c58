using System.Text;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.IO;

namespace Sharpness.Cli.Tests.IO;

/// <summary>
/// Seeded fuzzing of the readers: random truncations and byte flips of valid files. Each mutated input must either
/// parse to a finite matrix or throw <see cref="WeightFileException"/>; any other exception (IndexOutOfRange,
/// Overflow, OutOfMemory, ArgumentOutOfRange, …) fails the test.
/// </summary>
public class ReaderFuzzTests
{
    private const int Cases = 4000;

    private static IEnumerable<byte[]> ValidNpyFiles()
    {
        var rng = new Random(7);
        var m = Matrix<double>.Build.Dense(3, 4, (_, _) => rng.NextDouble() * 10 - 5);
        foreach (var dtype in new[] { NpyDtype.Float64, NpyDtype.Float32 })
            foreach (bool fortran in new[] { false, true })
                foreach (int version in new[] { 1, 2, 3 })
                    yield return NpyFile.ToBytes(m, new NpyWriteOptions { Dtype = dtype, FortranOrder = fortran, Version = version });
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy"), "*.npy"))
            yield return File.ReadAllBytes(f);
    }

    private static byte[] Mutate(byte[] valid, Random rng)
    {
        var b = (byte[])valid.Clone();
        switch (rng.Next(4))
        {
            case 0: // truncate anywhere
                return b[..rng.Next(b.Length)];
            case 1: // flip 1–4 random bytes anywhere
                for (int k = rng.Next(1, 5); k > 0; k--) b[rng.Next(b.Length)] = (byte)rng.Next(256);
                return b;
            case 2: // flip bytes inside the header region, where the parser works hardest
                for (int k = rng.Next(1, 4); k > 0; k--) b[rng.Next(Math.Min(b.Length, 128))] = (byte)rng.Next(256);
                return b;
            default: // flip a byte and truncate
                b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                return b[..rng.Next(b.Length / 2, b.Length + 1)];
        }
    }

    [Fact]
    public void Npy_reader_fails_only_with_its_own_exception()
    {
        var valid = ValidNpyFiles().ToArray();
        var rng = new Random(20251128);
        int parsed = 0, rejected = 0;
        for (int i = 0; i < Cases; i++)
        {
            var input = Mutate(valid[rng.Next(valid.Length)], rng);
            try
            {
                var m = NpyFile.Parse(input, "fuzz.npy");
                Assert.True(m.Enumerate().All(double.IsFinite));
                parsed++;
            }
            catch (WeightFileException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                rejected++;
            }
        }
        // Both outcomes must occur, or the mutations are not exercising the reader.
        Assert.True(parsed > 50 && rejected > 1000, $"parsed {parsed}, rejected {rejected}");
    }

    [Fact]
    public void Csv_reader_fails_only_with_its_own_exception()
    {
        var rng = new Random(11);
        var m = Matrix<double>.Build.Dense(4, 3, (_, _) => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-20, 20)));
        var valid = Encoding.UTF8.GetBytes(CsvMatrix.Format(m));
        var fuzz = new Random(20251129);
        int parsed = 0, rejected = 0;
        for (int i = 0; i < Cases; i++)
        {
            var text = Encoding.UTF8.GetString(Mutate(valid, fuzz));
            try
            {
                var x = CsvMatrix.Parse(text, "fuzz.csv");
                Assert.True(x.Enumerate().All(double.IsFinite));
                parsed++;
            }
            catch (WeightFileException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                rejected++;
            }
        }
        Assert.True(parsed > 50 && rejected > 1000, $"parsed {parsed}, rejected {rejected}");
    }
}
