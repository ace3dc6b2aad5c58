using System.Globalization;
using Sharpness.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>
/// The depth-2 decomposition of the excess sharpness (theory §2.8), at a zero-loss point M = LRᵀ:
/// λmax − 2‖M‖₂ = (‖L‖₂ − ‖R‖₂)² + 2(‖L‖₂‖R‖₂ − ‖M‖₂).
/// Both terms are ≥ 0 (the second because ‖M‖ ≤ ‖L‖‖R‖), so flat ⟺ ‖L‖₂ = ‖R‖₂ = ‖M‖₂^{1/2} (SB-s).
/// </summary>
public sealed class DepthTwoIdentity
{
    private DepthTwoIdentity(double sharpness, double left, double right, double target)
    {
        Sharpness = sharpness;
        LeftNorm = left;
        RightNorm = right;
        TargetNorm = target;
    }

    /// <summary>λmax (from <see cref="ExactSharpness"/>).</summary>
    public double Sharpness { get; }

    /// <summary>‖L‖₂ = ‖W_2‖₂.</summary>
    public double LeftNorm { get; }

    /// <summary>‖R‖₂ = ‖W_1‖₂.</summary>
    public double RightNorm { get; }

    /// <summary>‖M‖₂.</summary>
    public double TargetNorm { get; }

    /// <summary>λmax − 2‖M‖₂: the excess over the minimal sharpness.</summary>
    public double Excess => Sharpness - 2 * TargetNorm;

    /// <summary>(‖L‖₂ − ‖R‖₂)²: vanishes iff SB-w holds.</summary>
    public double ImbalanceTerm => (LeftNorm - RightNorm) * (LeftNorm - RightNorm);

    /// <summary>2(‖L‖₂‖R‖₂ − ‖M‖₂): vanishes iff the common level is ‖M‖₂^{1/2} (given SB-w).</summary>
    public double ProductTerm => 2 * (LeftNorm * RightNorm - TargetNorm);

    /// <summary>The identity at a depth-2 point (target: its own product by default).</summary>
    /// <exception cref="OutsideDomainException">The point does not have depth 2.</exception>
    /// <exception cref="NotZeroLossException">The point is not a zero-loss point.</exception>
    public static DepthTwoIdentity Of(DeepFactorization point, Matrix<double>? target = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Depth != 2)
            throw new OutsideDomainException($"The identity λ − 2‖M‖ = (‖L‖−‖R‖)² + 2(‖L‖‖R‖−‖M‖) is for depth 2; the point has depth {point.Depth}.");
        var zeroLoss = ZeroLossPoint.Create(point, target, formula: "The depth-2 identity");
        return Evaluate(point, TargetSvd.Of(zeroLoss).Largest, ExactSharpness.Of(zeroLoss).Value);
    }

    /// <summary>The identity given λmax already computed (depth and target already validated).</summary>
    internal static DepthTwoIdentity Evaluate(DeepFactorization point, double targetNorm, double lambda)
    {
        return new DepthTwoIdentity(lambda, point.LayerTop(1).Value, point.LayerTop(0).Value, targetNorm);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"λ − 2‖M‖ = {Excess:G10} = (‖L‖−‖R‖)² {ImbalanceTerm:G10} + 2(‖L‖‖R‖−‖M‖) {ProductTerm:G10}");
}
