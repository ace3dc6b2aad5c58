using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Verification;

/// <summary>
/// Matrix-free brute force: Lanczos with full reorthogonalization on the exact Hessian–vector product in the full
/// P-dimensional parameter space (valid at any point, zero residual or not). Each pair carries its residual ‖Hv − λv‖.
/// </summary>
public static class HessianLanczos
{
    /// <summary>The Hessian as a matrix-free symmetric operator on the row-major parameter vector.</summary>
    public static ISymmetricOperator Operator(FactorizationLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var widths = loss.Point.Widths;
        return new DelegateOperator(loss.Point.ParameterCount, (x, y) =>
            loss.HessianTimes(DeepFactorization.FromVector(widths, x)).ToVector().CopyTo(y));
    }

    /// <summary>The <paramref name="count"/> largest Hessian eigenpairs, largest first.</summary>
    public static LanczosResult Largest(FactorizationLoss loss, int count = 1, LanczosOptions? options = null) =>
        Lanczos.Largest(Operator(loss), count, options);

    /// <summary>The <paramref name="count"/> smallest Hessian eigenpairs, smallest first.</summary>
    public static LanczosResult Smallest(FactorizationLoss loss, int count = 1, LanczosOptions? options = null) =>
        Lanczos.Smallest(Operator(loss), count, options);
}
