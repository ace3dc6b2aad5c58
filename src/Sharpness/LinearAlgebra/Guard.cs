using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.LinearAlgebra;

/// <summary>Input checks with messages that name the problem, and overflow-safe norms.</summary>
internal static class Guard
{
    /// <summary>Throws if any entry is NaN or ±∞, naming the first such entry by (row, column).</summary>
    public static void Finite(Matrix<double> m, string what)
    {
        // Fast path over dense column-major storage; the slow path only runs to name the first bad entry.
        if (m.AsColumnMajorArray() is { } values && AllFinite(values)) return;
        for (int c = 0; c < m.ColumnCount; c++)
            for (int r = 0; r < m.RowCount; r++)
            {
                double x = m[r, c];
                if (!double.IsFinite(x))
                    throw new NonFiniteEntryException(what, r, c, x);
            }
    }

    private static bool AllFinite(double[] values)
    {
        foreach (double x in values)
            if (!double.IsFinite(x)) return false;
        return true;
    }

    /// <summary>Throws if two matrices do not have the same shape.</summary>
    public static void SameShape(Matrix<double> a, string aName, Matrix<double> b, string bName)
    {
        if (a.RowCount != b.RowCount || a.ColumnCount != b.ColumnCount)
            throw new ShapeMismatchException($"Shape mismatch: {aName} is {a.RowCount}×{a.ColumnCount} but {bName} is {b.RowCount}×{b.ColumnCount}.");
    }

    /// <summary>Frobenius norm without overflow or underflow (scaled sum of squares, as LAPACK's dnrm2).</summary>
    public static double FrobeniusNorm(Matrix<double> m) => FrobeniusNorm([m]);

    /// <summary>Frobenius norm of a tuple of matrices, without overflow or underflow.</summary>
    public static double FrobeniusNorm(IEnumerable<Matrix<double>> matrices)
    {
        double scale = 0, ssq = 1;
        foreach (var m in matrices)
            // A diagonal matrix (the identity ends of the layer factors) has only its diagonal to add: O(n), not O(n²).
            foreach (double x in m.Storage is MathNet.Numerics.LinearAlgebra.Storage.DiagonalMatrixStorage<double> ? m.Diagonal().Enumerate() : m.Enumerate())
            {
                if (x == 0) continue;
                double a = Math.Abs(x);
                if (scale < a)
                {
                    ssq = 1 + ssq * (scale / a) * (scale / a);
                    scale = a;
                }
                else ssq += (a / scale) * (a / scale);
            }
        return scale * Math.Sqrt(ssq);
    }

    /// <summary>‖A‖_F² = Σ a_ij², summed directly: integer entries give the exact integer, where the square of the
    /// scaled norm <see cref="FrobeniusNorm(Matrix{double})"/> rounds twice (‖I₆‖_F² came out 5.999999999999999).
    /// Where the direct sum overflows, or is below 2^−960 so that squares of entries may underflow, it falls back to
    /// that overflow- and underflow-safe square (at such magnitudes no entry is a small integer).</summary>
    public static double SquaredFrobeniusNorm(Matrix<double> m)
    {
        double sum = 0;
        if (m.Storage is MathNet.Numerics.LinearAlgebra.Storage.DiagonalMatrixStorage<double>)
            foreach (double x in m.Diagonal().Enumerate()) sum += x * x;
        else if (m.AsColumnMajorArray() is { } values)
            foreach (double x in values) sum += x * x;
        else
            foreach (double x in m.Enumerate()) sum += x * x;
        if (double.IsFinite(sum) && sum >= DirectSumFloor) return sum;
        double norm = FrobeniusNorm(m);
        return norm * norm;
    }

    // 2^−960: entries whose squares fall below 2^−1022 (subnormal) add at most 2^−1074 each, negligible against it.
    private static readonly double DirectSumFloor = Math.ScaleB(1.0, -960);

    /// <summary>Largest absolute entry over a tuple of matrices.</summary>
    public static double MaxAbs(IEnumerable<Matrix<double>> matrices)
    {
        double max = 0;
        foreach (var m in matrices)
        {
            if (m.AsColumnMajorArray() is { } values)
                foreach (double x in values) max = Math.Max(max, Math.Abs(x));
            else
                foreach (double x in m.Enumerate()) max = Math.Max(max, Math.Abs(x));
        }
        return max;
    }
}
