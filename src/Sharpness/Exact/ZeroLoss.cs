using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Exact;

/// <summary>Checks that a point is a zero-loss point of its target before a zero-loss formula is used.</summary>
internal static class ZeroLoss
{
    /// <summary>Relative residual allowed (the same default as <see cref="ExactSharpnessOptions.ResidualTolerance"/>).</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Returns the target (the point's own product when null) after checking shape, entries and residual.</summary>
    public static Matrix<double> Require(DeepFactorization point, Matrix<double>? target, string formula)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (target is null) return point.Product();
        _ = new FactorizationLoss(point, target); // shape and finiteness, with messages naming both shapes
        var (scaled, k) = UnitScaling.Of(point);
        double residual = ExactSharpness.RelativeResidual(scaled, UnitScaling.Target(target, k, point.Depth));
        if (residual > Tolerance)
            throw new NotZeroLossException(formula, residual, Tolerance);
        return target;
    }
}
