using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.IO;

/// <summary>
/// Reads and writes a matrix as plain CSV: one row per line, entries separated by commas, no header, numbers in the
/// invariant culture. Written numbers use the shortest round-trip form, so reading back is bit-exact.
/// </summary>
/// <remarks>
/// Accepted: '\n' or "\r\n" line ends, a final newline, trailing blank lines, a UTF-8 byte-order mark, spaces
/// around entries, exponent notation. Rejected, naming line and column (1-based, as an editor shows them): ragged
/// rows, blank lines between rows, empty cells, anything that is not a number (a header row, say), and NaN/±∞
/// ("nan", "inf", as numpy.savetxt writes them). Every failure is a <see cref="WeightFileException"/>.
/// </remarks>
public static class CsvMatrix
{
    /// <summary>Reads a matrix from a .csv file.</summary>
    public static Matrix<double> Read(string path) => Parse(FileBytes.ReadText(path), path);

    /// <summary>Reads a matrix from CSV text; <paramref name="source"/> names it in messages.</summary>
    public static Matrix<double> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var lines = text.Split('\n');
        int count = lines.Length;
        while (count > 0 && lines[count - 1].Trim().Length == 0) count--; // final newline, trailing blank lines
        if (count == 0)
            throw new WeightFileException(WeightFileErrorKind.MalformedCsv, source, "the CSV file is empty");

        var rows = new List<double[]>(count);
        for (int i = 0; i < count; i++)
        {
            int lineNumber = i + 1;
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
                throw Malformed(source, $"line {lineNumber} is blank (blank lines between rows are not allowed)");
            var cells = line.Split(',');
            if (rows.Count > 0 && cells.Length != rows[0].Length)
                throw Malformed(source, $"ragged rows: line {lineNumber} has {cells.Length} entries but line 1 has {rows[0].Length}");
            var row = new double[cells.Length];
            for (int j = 0; j < cells.Length; j++)
                row[j] = ParseCell(cells[j].Trim(), lineNumber, j + 1, source);
            rows.Add(row);
        }
        int cols = rows[0].Length;
        return Matrix<double>.Build.Dense(rows.Count, cols, (r, c) => rows[r][c]);
    }

    /// <summary>Writes a matrix as CSV (round-trip number format, '\n' line ends).</summary>
    public static void Write(string path, Matrix<double> matrix) => File.WriteAllText(path, Format(matrix));

    /// <summary>The CSV text of a matrix.</summary>
    public static string Format(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var sb = new StringBuilder();
        for (int r = 0; r < matrix.RowCount; r++)
        {
            for (int c = 0; c < matrix.ColumnCount; c++)
            {
                if (c > 0) sb.Append(',');
                sb.Append(matrix[r, c].ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static double ParseCell(string cell, int line, int column, string source)
    {
        if (cell.Length == 0)
            throw Malformed(source, $"line {line}, column {column}: empty entry");
        string lower = cell.ToLowerInvariant().TrimStart('+', '-');
        if (lower is "nan" or "inf" or "infinity" or "∞")
            throw new WeightFileException(WeightFileErrorKind.NonFinite, source,
                $"line {line}, column {column}: the entry '{NpyHeader.Shorten(cell)}' is not finite; entries must be finite");
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double x))
            throw Malformed(source, $"line {line}, column {column}: '{NpyHeader.Shorten(cell)}' is not a number (CSV matrix files have no header row)");
        if (!double.IsFinite(x)) // e.g. 1e999 overflows to ∞
            throw new WeightFileException(WeightFileErrorKind.NonFinite, source,
                $"line {line}, column {column}: the entry '{NpyHeader.Shorten(cell)}' overflows a double; entries must be finite");
        return x;
    }

    private static WeightFileException Malformed(string source, string detail) =>
        new(WeightFileErrorKind.MalformedCsv, source, detail);
}
