using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Verification;

/// <summary>
/// Brute force: the full P × P Hessian of ½‖P(W) − M‖²_F at any point, built column by column from exact
/// Hessian–vector products on the unit vectors (row-major parameter order), then symmetrized. It shares no code with
/// the closed forms of <see cref="Sharpness.Exact.ExactSharpness"/>.
/// </summary>
public static class DenseHessian
{
    /// <summary>Largest parameter count accepted (the matrix has P² entries).</summary>
    public const int MaxParameters = 6000;

    /// <summary>The Hessian at the loss's point.</summary>
    public static Matrix<double> Of(FactorizationLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        int p = loss.Point.ParameterCount;
        if (p > MaxParameters)
            throw new OutsideDomainException($"The dense Hessian has {p}² entries; it is built only for P ≤ {MaxParameters}. Use HessianLanczos instead.");
        var widths = loss.Point.Widths;
        var h = Matrix<double>.Build.Dense(p, p);
        var e = new double[p];
        for (int j = 0; j < p; j++)
        {
            e[j] = 1;
            var column = loss.HessianTimes(DeepFactorization.FromVector(widths, e)).ToVector();
            e[j] = 0;
            for (int i = 0; i < p; i++) h[i, j] = column[i];
        }
        return 0.5 * (h + h.Transpose());
    }

    /// <summary>The dense Jacobian J of W ↦ vec_row(P(W)) (mn × P), built from Jacobian–vector products.</summary>
    public static Matrix<double> Jacobian(FactorizationLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        int p = loss.Point.ParameterCount;
        int m = loss.Point.OutputDimension, n = loss.Point.InputDimension;
        var j = Matrix<double>.Build.Dense(m * n, p);
        var e = new double[p];
        for (int c = 0; c < p; c++)
        {
            e[c] = 1;
            var d = loss.JacobianTimes(DeepFactorization.FromVector(loss.Point.Widths, e));
            e[c] = 0;
            for (int a = 0; a < m; a++)
                for (int b = 0; b < n; b++)
                    j[a * n + b, c] = d[a, b];
        }
        return j;
    }
}
