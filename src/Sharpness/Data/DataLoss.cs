using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Data;

/// <summary>
/// The loss of a deep linear network on data, 𝓛_X(W) = ½‖W_N⋯W_1X − Y‖²_F (½ convention), with its stationarity
/// residual, gradient and exact Hessian–vector product at any point — all from S = XXᵀ and C = YXᵀ, so their cost
/// does not grow with the number of samples (theory §2.10).
/// </summary>
/// <remarks>
/// <para>With P = W_N⋯W_1 and G = PS − C = (PX − Y)Xᵀ: ∇_{W_i}𝓛_X = A_iᵀ G B_iᵀ. Along a direction U with
/// D = Σ_j A_jU_jB_j (the matrix-factorization Jacobian; the data Jacobian is DX), differentiating the gradient gives
/// (HU)_i = A_iᵀ (DS) B_iᵀ + (δA_i)ᵀ G B_iᵀ + A_iᵀ G (δB_i)ᵀ, with the forward-mode recursions δA_N = 0,
/// δA_i = δA_{i+1}W_{i+1} + A_{i+1}U_{i+1}, δB_1 = 0, δB_{i+1} = W_iδB_i + U_iB_i (theory §2.1 with E → G and
/// D → DS). It never forms K_X; it is one of the verifiers of <see cref="DataSharpness"/>.</para>
/// <para>The residual term of the Hessian depends on the data only through G, so where G = 0 — every zero-loss point
/// and every least-squares optimum — H = J_XᵀJ_X.</para>
/// </remarks>
public sealed class DataLoss
{
    private Matrix<double>? _stationarity;

    /// <summary>The loss of <paramref name="point"/> on <paramref name="data"/>.</summary>
    /// <exception cref="ShapeMismatchException">The layers do not take n inputs or give m outputs.</exception>
    public DataLoss(DeepFactorization point, RegressionData data)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(data);
        data.RequireChains(point);
        Point = point;
        Data = data;
    }

    /// <summary>The point W.</summary>
    public DeepFactorization Point { get; }

    /// <summary>The data.</summary>
    public RegressionData Data { get; }

    /// <summary>G = PS − YXᵀ = (PX − Y)Xᵀ (m × n): zero exactly at the end-to-end least-squares optima.</summary>
    public Matrix<double> Stationarity => _stationarity ??= Point.Product() * Data.Covariance - Data.CrossCovariance;

    /// <summary>‖PS − YXᵀ‖_F / ‖YXᵀ‖_F; when YXᵀ = 0, ‖PS‖_F/(‖S‖_F Π‖W_i‖_F) (scale-free), 0 when PS = 0.</summary>
    public double RelativeStationarity
    {
        get
        {
            double g = Guard.FrobeniusNorm(Stationarity), c = Guard.FrobeniusNorm(Data.CrossCovariance);
            if (c > 0) return g / c;
            if (g == 0) return 0;
            double scale = Guard.FrobeniusNorm(Data.Covariance);
            foreach (var w in Point.Layers) scale *= Guard.FrobeniusNorm(w);
            return g / scale;
        }
    }

    /// <summary>The sample residual PX − Y (m × s), when the samples are at hand (null from the covariance).</summary>
    public Matrix<double>? Residual => Data.Inputs is { } x ? Point.Product() * x - Data.Outputs! : null;

    /// <summary>½‖PX − Y‖²_F from the samples; null when only S and C were given (theory §2.10: forming it from S, C and
    /// ‖Y‖² cancels to about 1e-8 relative).</summary>
    public double? Value
    {
        get
        {
            if (Residual is not { } e) return null;
            double r = Guard.FrobeniusNorm(e);
            return 0.5 * r * r;
        }
    }

    /// <summary>The gradient (A_iᵀ G B_iᵀ)_i.</summary>
    public DeepFactorization Gradient()
    {
        var f = Point.Factors;
        var g = Stationarity;
        return new DeepFactorization(Enumerable.Range(0, Point.Depth)
            .Select(i => f.Left[i].TransposeThisAndMultiply(g).TransposeAndMultiply(f.Right[i])));
    }

    /// <summary>D = Σ_i A_iU_iB_i (m × n): the product's derivative along U; the network's outputs move by DX.</summary>
    public Matrix<double> ProductDerivative(DeepFactorization direction)
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

    /// <summary>The exact Hessian–vector product H U of 𝓛_X at any point (stationary or not).</summary>
    public DeepFactorization HessianTimes(DeepFactorization direction)
    {
        Point.RequireSameShapes(direction);
        // The matrix-factorization assembly with E = G and D = (J U) S: the gradient is A_iᵀ G B_iᵀ (theory §2.10).
        return FactorizationLoss.AssembleHessianTimes(Point, direction, ProductDerivative(direction) * Data.Covariance, Stationarity);
    }

    /// <summary>The Hessian as a matrix-free symmetric operator on the row-major parameter vector (for Lanczos).</summary>
    public ISymmetricOperator HessianOperator()
    {
        var widths = Point.Widths;
        return new DelegateOperator(Point.ParameterCount, (x, y) =>
            HessianTimes(DeepFactorization.FromVector(widths, x)).ToVector().CopyTo(y));
    }
}
