using MathNet.Numerics.LinearAlgebra;
using Sharpness.Flatness;
using Sharpness.LinearAlgebra;

namespace Sharpness.Minimizers;

/// <summary>
/// The closed-form K-spectrum at a balanced minimizer (theory §2.6): the mn eigenvalues
/// κ_ab = Σ_{i=1}^N s_i(a) t_i(b), with s_N = 1, s_i(a) = σ_a^{2(N−i)/N} (i &lt; N), t_1 = 1,
/// t_i(b) = σ_b^{2(i−1)/N} (i &gt; 1), a ≤ m, b ≤ n, and σ_a := 0 for a &gt; r. The largest is N σ₁^{2−2/N}.
/// The Hessian's nonzero eigenvalues are the nonzero κ_ab; the rest of its P eigenvalues are 0.
/// </summary>
public static class BalancedSpectrum
{
    /// <summary>κ for one pair of singular values (σ_a, σ_b) at depth N.</summary>
    public static double Kappa(double sigmaA, double sigmaB, int depth)
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "The depth N must be at least 1.");
        if (!(sigmaA >= 0 && sigmaB >= 0)) throw new ArgumentOutOfRangeException(nameof(sigmaA), "Singular values must be non-negative.");
        double sum = 0;
        for (int i = 1; i <= depth; i++)
        {
            double s = i == depth ? 1 : Math.Pow(sigmaA, 2.0 * (depth - i) / depth);
            double t = i == 1 ? 1 : Math.Pow(sigmaB, 2.0 * (i - 1) / depth);
            sum += s * t;
        }
        return sum;
    }

    /// <summary>All mn values κ_ab for M at depth N, largest first (rank by the relative threshold 1e-12·σ₁).</summary>
    public static double[] Eigenvalues(Matrix<double> target, int depth)
    {
        ArgumentNullException.ThrowIfNull(target);
        var svd = CompactSvd.Of(target);
        return Eigenvalues(svd.RetainedValues, target.RowCount, target.ColumnCount, depth);
    }

    /// <summary>All mn values κ_ab from the nonzero singular values σ_1 ≥ … ≥ σ_r of an m × n target, largest first.</summary>
    public static double[] Eigenvalues(IReadOnlyList<double> singularValues, int rows, int columns, int depth)
    {
        ArgumentNullException.ThrowIfNull(singularValues);
        if (rows < 1 || columns < 1) throw new ArgumentException($"The target must be at least 1×1; got {rows}×{columns}.");
        if (singularValues.Count > Math.Min(rows, columns))
            throw new ArgumentException($"An {rows}×{columns} matrix has at most {Math.Min(rows, columns)} singular values; got {singularValues.Count}.");
        double Sigma(int a) => a < singularValues.Count ? singularValues[a] : 0;
        var values = new double[rows * columns];
        for (int a = 0; a < rows; a++)
            for (int b = 0; b < columns; b++)
                values[a * columns + b] = Kappa(Sigma(a), Sigma(b), depth);
        Array.Sort(values);
        Array.Reverse(values);
        return values;
    }
}
