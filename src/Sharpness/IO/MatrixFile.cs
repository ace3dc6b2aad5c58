using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.IO;

/// <summary>Reads a matrix from a .npy or .csv file, chosen by the file extension (case-insensitive).</summary>
public static class MatrixFile
{
    /// <summary>Reads the matrix in <paramref name="path"/>.</summary>
    /// <exception cref="WeightFileException">Any problem with the file, including an unknown extension.</exception>
    public static Matrix<double> Read(string path) => ReadFile(path);

    /// <summary>Reads the matrix in <paramref name="path"/>, naming <paramref name="role"/> ("layer W2",
    /// "inputs X (--inputs)") next to the file in every error, so a message says which of several files is wrong.</summary>
    /// <exception cref="WeightFileException">Any problem with the file, with <see cref="WeightFileException.Role"/>
    /// set.</exception>
    public static Matrix<double> Read(string path, string role)
    {
        ArgumentNullException.ThrowIfNull(role);
        try
        {
            return ReadFile(path);
        }
        catch (WeightFileException e)
        {
            throw e.WithRole(role);
        }
    }

    private static Matrix<double> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileBytes.RequireRegularFile(path); // before the extension: a FIFO or a dangling link is named as such
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".npy" => NpyFile.Read(path),
            ".csv" => CsvMatrix.Read(path),
            _ => throw new WeightFileException(WeightFileErrorKind.Unreadable, path,
                $"unknown extension '{ext}': matrix files are .npy (NumPy) or .csv"),
        };
    }
}
