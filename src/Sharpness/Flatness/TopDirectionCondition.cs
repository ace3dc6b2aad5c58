using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>
/// The exact flatness characterization at any depth (theory §2.8): a zero-loss point is flat iff, for a top singular
/// pair (u, v) of M (equivalently, every one),
/// <list type="number">
/// <item>X = uvᵀ is a top eigenvector of K, i.e. ⟨X, K X⟩ = Σ_i ‖A_iᵀu‖²‖B_iv‖² equals λmax; and</item>
/// <item>‖A_iᵀu‖‖B_iv‖ = ‖M‖₂^{(N−1)/N} for every layer i.</item>
/// </list>
/// This is the equality case of the lower-bound proof of §2.7: balance is only needed along the top singular direction.
/// </summary>
/// <remarks>For M = 0 every unit pair serves (then flat ⟺ K = 0); the first coordinate vectors are used.</remarks>
public sealed class TopDirectionCondition
{
    private TopDirectionCondition(Vector<double> u, Vector<double> v, double[] directional, double rayleigh,
        double sharpness, double level, double tolerance)
    {
        Left = u;
        Right = v;
        DirectionalProducts = directional;
        RayleighQuotient = rayleigh;
        Sharpness = sharpness;
        Level = level;
        Tolerance = tolerance;
        IsTopEigenvector = rayleigh >= sharpness * (1 - tolerance);
        double scale = Math.Max(level, directional.Max());
        MismatchedLayers = directional.Select((p, i) => (p, i))
            .Where(t => Math.Abs(t.p - level) > tolerance * scale).Select(t => t.i + 1).ToArray();
    }

    /// <summary>u: unit top left singular vector of M (ℝ^m).</summary>
    public Vector<double> Left { get; }

    /// <summary>v: unit top right singular vector of M (ℝ^n).</summary>
    public Vector<double> Right { get; }

    /// <summary>‖A_iᵀu‖‖B_iv‖ for i = 1..N (0-based list).</summary>
    public IReadOnlyList<double> DirectionalProducts { get; }

    /// <summary>⟨uvᵀ, K uvᵀ⟩ = Σ_i ‖A_iᵀu‖²‖B_iv‖².</summary>
    public double RayleighQuotient { get; }

    /// <summary>λmax(K).</summary>
    public double Sharpness { get; }

    /// <summary>‖M‖₂^{(N−1)/N}.</summary>
    public double Level { get; }

    /// <summary>Relative tolerance of both conditions.</summary>
    public double Tolerance { get; }

    /// <summary>Condition 1: uvᵀ is a top eigenvector of K (its Rayleigh quotient reaches λmax).</summary>
    public bool IsTopEigenvector { get; }

    /// <summary>1-based layers where condition 2 fails.</summary>
    public IReadOnlyList<int> MismatchedLayers { get; }

    /// <summary>Condition 2: every directional product equals ‖M‖₂^{(N−1)/N}.</summary>
    public bool ProductsAtLevel => MismatchedLayers.Count == 0;

    /// <summary>Both conditions: the point is flat.</summary>
    public bool Holds => IsTopEigenvector && ProductsAtLevel;

    /// <summary>Evaluates both conditions at a zero-loss point (target: its own product by default).</summary>
    public static TopDirectionCondition Of(DeepFactorization point, Matrix<double>? target = null, double relativeTolerance = FlatnessVerdict.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Of(ZeroLossPoint.Create(point, target, formula: "The top-direction flatness characterization"), relativeTolerance);
    }

    /// <summary>Evaluates both conditions at a validated zero-loss point.</summary>
    public static TopDirectionCondition Of(ZeroLossPoint zeroLoss, double relativeTolerance = FlatnessVerdict.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(zeroLoss);
        return Evaluate(zeroLoss, ExactSharpness.Of(zeroLoss).Value, relativeTolerance);
    }

    /// <summary>Both conditions given λmax already computed.</summary>
    internal static TopDirectionCondition Evaluate(ZeroLossPoint zeroLoss, double lambda, double relativeTolerance)
    {
        var svd = TargetSvd.Of(zeroLoss); // M's shape is the point's: M itself is not needed here
        Vector<double> u, v;
        if (svd.Rank == 0)
        {
            u = Vector<double>.Build.Dense(zeroLoss.Point.OutputDimension); u[0] = 1;
            v = Vector<double>.Build.Dense(zeroLoss.Point.InputDimension); v[0] = 1;
        }
        else
        {
            (u, v) = svd.TopPair();
        }
        int n = zeroLoss.Depth;
        var scaling = zeroLoss.Scaling;
        var f = scaling.Unit.Factors;
        var directional = new double[n];
        double rayleigh = 0;
        for (int i = 0; i < n; i++)
        {
            double p = f.Left[i].TransposeThisAndMultiply(u).L2Norm() * (f.Right[i] * v).L2Norm();
            directional[i] = scaling.ScaleBack(p, ScalingPower.FactorProduct);
            rayleigh += scaling.ScaleBack(p * p, ScalingPower.Curvature);
        }
        double level = n == 1 ? 1 : Math.Pow(svd.Largest, (n - 1.0) / n);
        return new TopDirectionCondition(u, v, directional, rayleigh, lambda, level, relativeTolerance);
    }
}
