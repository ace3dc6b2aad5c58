using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>
/// Is a zero-loss point flat, i.e. is its sharpness λ the smallest over all zero-loss points of the same M and widths,
/// s_min = N‖M‖₂^{2−2/N} (theory §2.7)? With ρ = λ/s_min and the balance conditions that hold or fail (§2.8), as
/// data; <see cref="Reason"/> puts them in words (<see cref="FlatnessExplanation"/>).
/// </summary>
/// <remarks>
/// The verdict itself is λ ≤ s_min(1 + tolerance) (λ ≥ s_min always holds at a zero-loss point). The parts that
/// explain it: the exact characterization (<see cref="TopDirectionCondition"/>), the spectral products
/// (<see cref="SpectralBalance"/>), Frobenius balance and, at depth 2, the two terms of <see cref="DepthTwoIdentity"/>.
/// </remarks>
public sealed class FlatnessVerdict
{
    /// <summary>The default relative tolerance of the flatness comparisons (λ against s_min, the balance
    /// conditions), 1e-9. Not the zero-loss tolerance <see cref="ZeroLossPoint.DefaultTolerance"/>: that one bounds
    /// the loss residual.</summary>
    public const double DefaultTolerance = 1e-9;

    private string? _reason;

    private FlatnessVerdict(int depth, bool isFlat, double sharpness, double minimal, SpectralBalance spectral,
        FrobeniusBalance frobenius, TopDirectionCondition top, DepthTwoIdentity? depthTwo, double tolerance)
    {
        Depth = depth;
        IsFlat = isFlat;
        Sharpness = sharpness;
        MinimalSharpness = minimal;
        Spectral = spectral;
        Frobenius = frobenius;
        TopDirection = top;
        DepthTwo = depthTwo;
        Tolerance = tolerance;
    }

    /// <summary>The depth N of the point judged.</summary>
    public int Depth { get; }

    /// <summary>λ ≤ s_min(1 + tolerance).</summary>
    public bool IsFlat { get; }

    /// <summary>λ = λmax(H) at the point.</summary>
    public double Sharpness { get; }

    /// <summary>s_min = N‖M‖₂^{2−2/N}.</summary>
    public double MinimalSharpness { get; }

    /// <summary>ρ = λ/s_min (∞ when s_min = 0 &lt; λ; 1 when both vanish).</summary>
    public double Ratio => MinimalSharpness > 0 ? Sharpness / MinimalSharpness : Sharpness > 0 ? double.PositiveInfinity : 1;

    /// <summary>Spectral-norm products and SB-w / SB-s.</summary>
    public SpectralBalance Spectral { get; }

    /// <summary>Frobenius balance F1 / F2.</summary>
    public FrobeniusBalance Frobenius { get; }

    /// <summary>The exact characterization along the top singular pair of M.</summary>
    public TopDirectionCondition TopDirection { get; }

    /// <summary>The depth-2 decomposition of λ − 2‖M‖ (null unless N = 2).</summary>
    public DepthTwoIdentity? DepthTwo { get; }

    /// <summary>Why the point is or is not flat, in words (<see cref="FlatnessExplanation.Of"/>, built on first
    /// access).</summary>
    public string Reason => _reason ??= FlatnessExplanation.Of(this);

    /// <summary>Relative tolerance of all comparisons.</summary>
    public double Tolerance { get; }

    /// <summary>Judges <paramref name="point"/> against <paramref name="target"/> (default: its own product).</summary>
    /// <exception cref="NotZeroLossException">Not a zero-loss point.</exception>
    /// <exception cref="OutsideDomainException">min_i d_i &lt; rank M.</exception>
    public static FlatnessVerdict Of(DeepFactorization point, Matrix<double>? target = null, double relativeTolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(point);
        RequireTolerance(relativeTolerance);
        return Of(ZeroLossPoint.Create(point, target, formula: "The flatness verdict"), relativeTolerance);
    }

    /// <summary>Judges a validated zero-loss point (its residual tolerance was chosen when it was created;
    /// <paramref name="relativeTolerance"/> is the tolerance of the flatness comparisons).</summary>
    /// <exception cref="OutsideDomainException">min_i d_i &lt; rank M.</exception>
    public static FlatnessVerdict Of(ZeroLossPoint zeroLoss, double relativeTolerance = DefaultTolerance) =>
        Of(zeroLoss, ExactSharpness.Of(zeroLoss ?? throw new ArgumentNullException(nameof(zeroLoss))), relativeTolerance);

    /// <summary>The verdict given λmax already computed for this point (so a report computes λ once); every part
    /// shares one SVD of M and the point's one set of factors.</summary>
    /// <exception cref="ArgumentException"><paramref name="sharpness"/> belongs to another point.</exception>
    public static FlatnessVerdict Of(ZeroLossPoint zeroLoss, SharpnessResult sharpness, double relativeTolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(zeroLoss);
        ArgumentNullException.ThrowIfNull(sharpness);
        if (!ReferenceEquals(sharpness.Point, zeroLoss.Point))
            throw new ArgumentException("The sharpness result was computed for another point.", nameof(sharpness));
        RequireTolerance(relativeTolerance);
        var point = zeroLoss.Point;
        var svd = TargetSvd.Of(zeroLoss); // from the thin factors when M is a wide own product (M is then never formed)
        Flatness.MinimalSharpness.RequireWidths(point.OutputDimension, point.InputDimension, point.Widths, svd.Rank);
        double minimal = Flatness.MinimalSharpness.FromNorm(svd.Largest, point.Depth);
        double lambda = sharpness.Value;
        bool flat = lambda <= minimal * (1 + relativeTolerance) || lambda == 0;
        var spectral = SpectralBalance.Of(zeroLoss, relativeTolerance);
        var frobenius = FrobeniusBalance.Of(point, relativeTolerance);
        var top = TopDirectionCondition.Evaluate(zeroLoss, lambda, relativeTolerance);
        var depthTwo = point.Depth == 2 ? DepthTwoIdentity.Evaluate(point, svd.Largest, lambda) : null;
        return new FlatnessVerdict(point.Depth, flat, lambda, minimal, spectral, frobenius, top, depthTwo, relativeTolerance);
    }

    private static void RequireTolerance(double relativeTolerance)
    {
        if (!(relativeTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "The tolerance must be non-negative.");
    }

    /// <inheritdoc />
    public override string ToString() => Reason;
}
