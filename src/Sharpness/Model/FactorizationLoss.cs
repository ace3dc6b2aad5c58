using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;

namespace Sharpness.Model;

/// <summary>
/// The squared-error loss of a deep factorization against a target, in the ½ convention:
/// 𝓛(W) = ½‖P(W) − M‖²_F, with its gradient, Jacobian products and exact Hessian–vector product at any point.
/// </summary>
/// <remarks>
/// With E = P − M (theory §2.1):
/// ∇_{W_i}𝓛 = A_iᵀ E B_iᵀ; J U = Σ_i A_i U_i B_i; Jᵀ X = (A_iᵀ X B_iᵀ)_i; and
/// (HU)_i = A_iᵀ (JU) B_iᵀ + (δA_i)ᵀ E B_iᵀ + A_iᵀ E (δB_i)ᵀ with the forward-mode recursions
/// δA_N = 0, δA_i = δA_{i+1} W_{i+1} + A_{i+1} U_{i+1} and δB_1 = 0, δB_{i+1} = W_i δB_i + U_i B_i.
/// Without the ½ every Hessian eigenvalue doubles; GD with step η there equals GD with step 2η here.
/// </remarks>
public sealed class FactorizationLoss
{
    private Matrix<double>? _residual;
    private object? _residualLock; // formed once, also when threads share the loss

    /// <summary>The loss of <paramref name="point"/> against <paramref name="target"/> (m × n).</summary>
    public FactorizationLoss(DeepFactorization point, Matrix<double> target)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(target);
        point.RequireTarget(target);
        Point = point;
        Target = target;
    }

    /// <summary>The loss at a zero-loss point of its own product (M := P(W), computed by the forward sweep).</summary>
    public static FactorizationLoss AtOwnProduct(DeepFactorization point) => new(point, point.Product());

    /// <summary>The point W.</summary>
    public DeepFactorization Point { get; }

    /// <summary>The target M.</summary>
    public Matrix<double> Target { get; }

    /// <summary>Residual E = P(W) − M.</summary>
    public Matrix<double> Residual =>
        _residual ?? LazyInitializer.EnsureInitialized(ref _residual, ref _residualLock, () => Point.Product() - Target);

    /// <summary>½‖P(W) − M‖²_F (may overflow to ∞ at extreme scales; the sharpness routes never need it).</summary>
    public double Value
    {
        get
        {
            double r = Guard.FrobeniusNorm(Residual);
            return 0.5 * r * r;
        }
    }

    /// <summary>‖P − M‖_F / ‖M‖_F, or the absolute ‖P‖_F when M = 0.</summary>
    public double RelativeResidual
    {
        get
        {
            double r = Guard.FrobeniusNorm(Residual);
            double m = Guard.FrobeniusNorm(Target);
            return m > 0 ? r / m : r;
        }
    }

    /// <summary>Gradient (A_iᵀ E B_iᵀ)_i.</summary>
    public DeepFactorization Gradient() => TransposeJacobianTimes(Residual);

    /// <summary>Jacobian of W ↦ P(W) applied to a direction: Σ_i A_i U_i B_i (m × n).</summary>
    public Matrix<double> JacobianTimes(DeepFactorization direction)
    {
        Point.RequireSameShapes(direction);
        var f = Point.Factors;
        Matrix<double>? sum = null;
        for (int i = 0; i < Point.Depth; i++)
        {
            var term = f.Left[i] * direction.Layers[i] * f.Right[i];
            sum = sum is null ? term : sum + term;
        }
        return sum!;
    }

    /// <summary>Transposed Jacobian applied to an m × n matrix: (A_iᵀ X B_iᵀ)_i.</summary>
    public DeepFactorization TransposeJacobianTimes(Matrix<double> x)
    {
        Guard.SameShape(x, "X", Target, "the target M");
        var f = Point.Factors;
        return new DeepFactorization(Enumerable.Range(0, Point.Depth)
            .Select(i => f.Left[i].TransposeThisAndMultiply(x).TransposeAndMultiply(f.Right[i])));
    }

    /// <summary>The exact Hessian–vector product H U at any point (zero residual or not).</summary>
    public DeepFactorization HessianTimes(DeepFactorization direction)
    {
        Point.RequireSameShapes(direction);
        return AssembleHessianTimes(Point, direction, JacobianTimes(direction), Residual);
    }

    /// <summary>
    /// H U for every loss whose gradient is ∇_i = A_iᵀ E B_iᵀ (theory §2.1): (H U)_i = A_iᵀ D B_iᵀ + δA_iᵀ E B_iᵀ +
    /// A_iᵀ E δB_iᵀ, with D the derivative of E along U and δA_i, δB_i the forward-mode derivatives of the factors.
    /// Matrix factorization: E the residual, D = J U; with data (theory §2.10): E = G, D = (J U) S.
    /// </summary>
    internal static DeepFactorization AssembleHessianTimes(DeepFactorization point, DeepFactorization direction, Matrix<double> d, Matrix<double> e)
    {
        int n = point.Depth;
        var w = point.Layers;
        var u = direction.Layers;
        var f = point.Factors;

        // Forward-mode derivatives of the factors along U.
        var dA = new Matrix<double>?[n];
        var dB = new Matrix<double>?[n];
        dA[n - 1] = null; // δA_N = 0
        for (int i = n - 2; i >= 0; i--)
        {
            var t = f.Left[i + 1] * u[i + 1];
            dA[i] = dA[i + 1] is null ? t : dA[i + 1]! * w[i + 1] + t;
        }
        dB[0] = null; // δB_1 = 0
        for (int i = 1; i < n; i++)
        {
            var t = u[i - 1] * f.Right[i - 1];
            dB[i] = dB[i - 1] is null ? t : w[i - 1] * dB[i - 1]! + t;
        }

        var result = new Matrix<double>[n];
        for (int i = 0; i < n; i++)
        {
            var h = f.Left[i].TransposeThisAndMultiply(d).TransposeAndMultiply(f.Right[i]);
            if (dA[i] is { } da) h += da.TransposeThisAndMultiply(e).TransposeAndMultiply(f.Right[i]);
            if (dB[i] is { } db) h += f.Left[i].TransposeThisAndMultiply(e).TransposeAndMultiply(db);
            result[i] = h;
        }
        return new DeepFactorization(result);
    }
}
