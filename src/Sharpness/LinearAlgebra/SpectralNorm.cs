using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.LinearAlgebra;

/// <summary>The top singular triple of a matrix: σ₁², unit left vector u (rows), unit right vector v (columns).</summary>
public sealed record TopSingular(double SquaredValue, Vector<double> Left, Vector<double> Right, int Iterations)
{
    /// <summary>σ₁ = ‖A‖₂.</summary>
    public double Value => Math.Sqrt(SquaredValue);
}

/// <summary>Spectral norm ‖A‖₂ and its singular vectors, without a full SVD.</summary>
public static class SpectralNorm
{
    /// <summary>Up to this smaller side the Gram matrix is decomposed densely; above it Lanczos runs on it matrix-free
    /// (MathNet's managed dense eigensolver is slower than Lanczos beyond a few dozen rows; see BENCHMARKS.md).</summary>
    public const int DenseLimit = 48;

    // The Gram matrix squares the entries and MathNet's dense eigensolver squares them again (Householder norms):
    // beyond 2^±250 the second square leaves the double range and the solver fails (IndexOutOfRange on ∞/NaN, seen
    // at entries ≈ 1e78 in the flatness verdict). Power-of-two rescaling is exact, so ordinary inputs keep their bits.
    private static readonly double ExtremeHigh = PowerOfTwo.Scale(1.0, 250), ExtremeLow = PowerOfTwo.Scale(1.0, -250);

    /// <summary>‖A‖₂² and the top singular vectors: the top eigenpair of the smaller Gram matrix (AAᵀ or AᵀA).</summary>
    public static TopSingular Top(Matrix<double> a, LanczosOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        // Beyond 2^±250 (see ExtremeHigh) work on 2^-k A (exact) and scale σ² back by 2^2k; ordinary inputs are untouched.
        if (a.Storage is MathNet.Numerics.LinearAlgebra.Storage.DiagonalMatrixStorage<double>) return OfDiagonal(a);
        double maxAbs = 0;
        foreach (double v in a.Enumerate()) maxAbs = Math.Max(maxAbs, Math.Abs(v));
        if (maxAbs > ExtremeHigh || (maxAbs > 0 && maxAbs < ExtremeLow))
        {
            int k = PowerOfTwo.UnitExponent(maxAbs);
            var scaled = Top(PowerOfTwo.Scale(a, -k), options);
            return scaled with { SquaredValue = PowerOfTwo.ScaleBack(scaled.SquaredValue, ScalingPower.LayerSquared, k) };
        }
        bool rowsSide = a.RowCount <= a.ColumnCount; // eigenvectors of AAᵀ are left singular vectors
        int dim = rowsSide ? a.RowCount : a.ColumnCount;
        double lambda;
        Vector<double> x;
        int iterations = 0;
        if (dim <= DenseLimit)
        {
            var gram = rowsSide ? a.TransposeAndMultiply(a) : a.TransposeThisAndMultiply(a);
            var evd = gram.Evd(Symmetricity.Symmetric); // ascending
            lambda = evd.EigenValues[dim - 1].Real;
            x = evd.EigenVectors.Column(dim - 1);
        }
        else
        {
            var op = new GramOperator(a, rowsSide ? GramOperator.Side.Rows : GramOperator.Side.Columns);
            var r = Lanczos.Largest(op, 1, options);
            lambda = r.Top.Value;
            x = Vector<double>.Build.Dense(r.Top.Vector);
            iterations = r.Iterations;
        }
        lambda = Math.Max(lambda, 0);
        Vector<double> other = rowsSide ? a.TransposeThisAndMultiply(x) : a.Multiply(x);
        double norm = other.L2Norm();
        if (norm > 0) other /= norm;
        else { other = Vector<double>.Build.Dense(rowsSide ? a.ColumnCount : a.RowCount); other[0] = 1; }
        return rowsSide ? new TopSingular(lambda, x, other, iterations) : new TopSingular(lambda, other, x, iterations);
    }

    // A diagonal matrix (the identity ends of the layer factors): σ₁ = max |d_k|, u = v = ±e_k. O(n), no Gram.
    private static TopSingular OfDiagonal(Matrix<double> a)
    {
        var d = a.Diagonal();
        int k = d.Count == 0 ? 0 : d.AbsoluteMaximumIndex();
        double sigma = d.Count == 0 ? 0 : Math.Abs(d[k]);
        var u = Vector<double>.Build.Dense(a.RowCount);
        var v = Vector<double>.Build.Dense(a.ColumnCount);
        if (u.Count > 0) u[Math.Min(k, u.Count - 1)] = 1;
        if (v.Count > 0) v[Math.Min(k, v.Count - 1)] = d.Count == 0 || d[k] >= 0 ? 1 : -1;
        return new TopSingular(sigma * sigma, u, v, 0);
    }
}
