using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.IO;

/// <summary>Reads a matrix from a .npy or .csv file, chosen by the file extension (case-insensitive).</summary>
public static class MatrixFile
{
    /// <summary>Reads the matrix in <paramref name="path"/>.</summary>
    /// <exception cref="WeightFileException">Any problem with the file, including an unknown extension.</exception>
    public static Matrix<double> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileBytes.RequireRegularFile(path); // before the extension: a FIFO or a dangling link is named as such
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".npy" => NpyFile.Read(path),
            ".csv" => CsvMatrix.Read(path),
            _ => throw new WeightFileException(WeightFileErrorKind.Unreadable, path,
                $"unknown extension '{ext}': weight files are .npy (NumPy) or .csv"),
        };
    }
}
