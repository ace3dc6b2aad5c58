using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Measures;

/// <summary>The zero-residual precondition shared by the measures' closed forms.</summary>
internal static class ZeroLossCheck
{
    public static Matrix<double> Require(DeepFactorization point, Matrix<double>? target, string formula) =>
        Flatness.ZeroLoss.Require(point, target, formula);
}
