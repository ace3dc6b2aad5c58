using MathNet.Numerics.LinearAlgebra;
using Sharpness.Dynamics.Flat;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Certified;

/// <summary>How a λmax(H) was computed.</summary>
public enum SharpnessSource
{
    /// <summary><see cref="ExactSharpness"/>: the point is a zero-loss point (relative loss residual within the
    /// tolerance, by default <see cref="ZeroLossPoint.DefaultTolerance"/>), where λmax(H) = λmax(K).</summary>
    Exact,
    /// <summary>Lanczos on the exact Hessian–vector product (<see cref="HessianOperator"/>): the loss residual is not
    /// zero, so the zero-loss formula does not apply.</summary>
    HessianLanczos,
}

/// <summary>
/// λmax(H) of 𝓛 = ½‖W_N⋯W_1 − M‖²_F at any point W: the one call for it. At a zero-loss point (decided once by
/// <see cref="ZeroLossPoint.TryCreate"/>) the exact sharpness λmax(K) (theory §2.2); elsewhere, where H = JᵀJ + R(E)
/// and λmax(K) is not λmax(H), Lanczos with full reorthogonalization on the exact Hessian–vector product
/// (<see cref="HessianOperator"/>; a Ritz value, never above λmax(H)).
/// </summary>
/// <remarks>Used by <c>sharpness analyze</c>, by the λmax samples along a GD path and by
/// <see cref="CertifiedSharpness"/> (which adds the Weyl interval around the Lanczos value).</remarks>
public sealed class HessianSharpness
{
    private Matrix<double>? _target;

    private HessianSharpness(DeepFactorization point, Matrix<double>? target, double relativeLossResidual)
    {
        Point = point;
        _target = target;
        RelativeLossResidual = relativeLossResidual;
    }

    /// <summary>λmax(H).</summary>
    public double Value { get; private init; }

    /// <summary>How <see cref="Value"/> was computed.</summary>
    public SharpnessSource Source { get; private init; }

    /// <summary>The point W.</summary>
    public DeepFactorization Point { get; }

    /// <summary>The target M (when none was given: the point's own product, formed on first access).</summary>
    public Matrix<double> Target => _target ??= Point.Product();

    /// <summary>The loss residual ‖P − M‖_F/‖M‖_F at the point, as <see cref="FactorizationLoss.RelativeResidual"/>
    /// computes it (absolute when M = 0).</summary>
    public double RelativeLossResidual { get; }

    /// <summary>The validated zero-loss point (null off zero loss).</summary>
    public ZeroLossPoint? ZeroLoss { get; private init; }

    /// <summary>The exact result with its route and top eigenvector (null off zero loss).</summary>
    public SharpnessResult? Exact { get; private init; }

    /// <summary>The HVP-Lanczos run (null at a zero-loss point).</summary>
    public LanczosResult? Lanczos { get; private init; }

    /// <summary>The eigen-residual of <see cref="Value"/>: ‖K X₁ − λX₁‖_F at zero loss, ‖Hv − λv‖ otherwise.</summary>
    public double EigenResidual => Exact?.EigenResidual ?? Lanczos!.Top.Residual;

    /// <summary><see cref="EigenResidual"/> relative to |λ| (the absolute one when λ = 0).</summary>
    public double RelativeEigenResidual => Value == 0 ? EigenResidual : EigenResidual / Math.Abs(Value);

    /// <summary>Operator applications made: the exact route's (<see cref="SharpnessResult.Applications"/>), or the
    /// Lanczos steps on the HVP plus one for the residual.</summary>
    public int Applications => Exact?.Applications ?? Lanczos!.Iterations + 1;

    /// <summary>λmax(H) at <paramref name="point"/> for <paramref name="target"/>.</summary>
    /// <param name="point">W.</param>
    /// <param name="target">M (m × n), or null for M := P(W): a zero-loss point by construction, and the m × n
    /// product is never formed by this call (a wide network with a narrow hidden layer keeps its thin factors).</param>
    /// <param name="residualTolerance">The largest relative loss residual at which the point counts as a zero-loss
    /// point (default <see cref="ZeroLossPoint.DefaultTolerance"/>).</param>
    /// <param name="lanczos">Off zero loss: the Lanczos options (default <see cref="DefaultLanczos"/>).</param>
    /// <exception cref="ShapeMismatchException">M does not have the product's shape.</exception>
    /// <exception cref="NonFiniteEntryException">M has a NaN or ±∞ entry.</exception>
    public static HessianSharpness Of(DeepFactorization point, Matrix<double>? target,
        double residualTolerance = ZeroLossPoint.DefaultTolerance, LanczosOptions? lanczos = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        double lossResidual = target is null ? 0 : new FactorizationLoss(point, target).RelativeResidual;
        if (ZeroLossPoint.TryCreate(point, target, residualTolerance, out var zeroLoss, out _))
        {
            var exact = ExactSharpness.Of(zeroLoss);
            return new HessianSharpness(point, target, lossResidual)
            {
                Value = exact.Value, Source = SharpnessSource.Exact, ZeroLoss = zeroLoss, Exact = exact,
            };
        }
        var run = LanczosOnHessian(point, target!, lanczos); // a null target is a zero-loss point: never here
        return new HessianSharpness(point, target, lossResidual)
        {
            Value = run.Top.Value, Source = SharpnessSource.HessianLanczos, Lanczos = run,
        };
    }

    /// <summary>The Lanczos options off zero loss: tolerance 1e-12, at most min(P, 400) steps (P parameters).</summary>
    public static LanczosOptions DefaultLanczos(int parameterCount) =>
        new() { Tolerance = 1e-12, MaxIterations = Math.Min(parameterCount, 400) };

    /// <summary>The top pair of H by Lanczos on the exact HVP (valid at any point).</summary>
    internal static LanczosResult LanczosOnHessian(DeepFactorization point, Matrix<double> target, LanczosOptions? options)
    {
        var h = new HessianOperator(point, target);
        return LinearAlgebra.Lanczos.Largest(h, 1, options ?? DefaultLanczos(h.Dimension));
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant(
        $"λmax(H) = {Value:G17} ({Source}, relative eigen-residual {RelativeEigenResidual:G3}, relative loss residual {RelativeLossResidual:G3})");
}
