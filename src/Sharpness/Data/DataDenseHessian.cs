using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Verification;

namespace Sharpness.Data;

/// <summary>
/// Brute force for the data case: the full P × P Hessian of 𝓛_X(W) = ½‖W_N⋯W_1X − Y‖²_F at any point, without S, C
/// or K_X. The network on data is literally a matrix factorization with one more, frozen, first layer X (n × s) and
/// target Y (m × s): 𝓛_X(W) = ½‖W_N⋯W_1·X − Y‖²_F. Its Hessian is the block of the (N+1)-layer factorization's
/// Hessian that belongs to W_1..W_N, built column by column from <see cref="FactorizationLoss.HessianTimes"/> on unit
/// directions whose X-block is zero (row-major parameter order), then symmetrized.
/// </summary>
/// <remarks>Given only S and C, the samples are replaced by the equivalent X̃ = F = U_rΛ_r^{1/2}, Ỹ = M̃ (same S and
/// C, so the same loss up to a constant and the same Hessian).</remarks>
public static class DataDenseHessian
{
    /// <summary>Largest parameter count accepted (the matrix has P² entries), as <see cref="DenseHessian.MaxParameters"/>.</summary>
    public const int MaxParameters = DenseHessian.MaxParameters;

    /// <summary>The Hessian at the loss's point.</summary>
    /// <exception cref="OutsideDomainException">P exceeds <see cref="MaxParameters"/>.</exception>
    public static Matrix<double> Of(DataLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var point = loss.Point;
        int p = point.ParameterCount;
        if (p > MaxParameters)
            throw new OutsideDomainException($"The dense Hessian has {p}² entries; it is built only for P ≤ {MaxParameters}. Use HVP-Lanczos (DataSharpness.Certify) instead.");
        var data = loss.Data;
        var x = data.Inputs ?? data.InputRoot;
        var y = data.Outputs ?? data.WhitenedTarget;
        var extended = new FactorizationLoss(new DeepFactorization(new[] { x }.Concat(point.Layers)), y);
        int frozen = x.RowCount * x.ColumnCount;
        var widths = extended.Point.Widths;
        var e = new double[frozen + p];
        var h = Matrix<double>.Build.Dense(p, p);
        for (int j = 0; j < p; j++)
        {
            e[frozen + j] = 1;
            var column = extended.HessianTimes(DeepFactorization.FromVector(widths, e)).ToVector();
            e[frozen + j] = 0;
            for (int i = 0; i < p; i++) h[i, j] = column[frozen + i];
        }
        return 0.5 * (h + h.Transpose());
    }

    /// <summary>λmax of <see cref="Of"/> (all eigenvalues by <see cref="SymmetricEigenvalues"/>, the largest).</summary>
    public static double Largest(DataLoss loss) => SymmetricEigenvalues.Descending(Of(loss))[0];
}
