using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Dynamics.Flat;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Dynamics;

/// <summary>
/// An escape experiment's fixed part: a zero-loss minimizer W*, its target M, its exact sharpness λ*, the directions
/// v₁ and v_N, and a default radius. <see cref="Run(double, GdOptions?)"/> then starts GD at W* + εd.
/// </summary>
/// <remarks>
/// <para><b>Why M is not taken from the caller.</b> M is computed from W* by the GD steppers' own forward pass
/// (<c>FlatKernels.Product</c>, a fixed summation order, no FMA). Then fl(P(W*)) − M is exactly 0, so W* is an
/// exact fixed point of plain-mode GD too. A target formed by another stepper or another program (a different
/// summation order) leaves a residual of order 1e-16‖M‖ at W*, which acts as a perturbation as large as a 1e-15
/// start and spoils the escape counts (theory §3.3).</para>
/// <para>λ* = <see cref="ExactSharpness.Of(ZeroLossPoint, ExactSharpnessOptions)"/> at (W*, M); v₁ = its top eigenvector; v_N =
/// <see cref="ExactSharpness.RescalingNullDirection"/>; s_min = N‖M‖₂^{2−2/N} (§2.7) and ρ = λ*/s_min (§3.2).</para>
/// <para><b>Scale.</b> The lengths and losses of <see cref="GdOptions"/> (ε, δ, the divergence bound, the convergence
/// floor) are in units of the point's scale s = 2^k (<see cref="ScaleExponent"/>): lengths times s, losses times
/// s^{2N}. k is the exponent of the exact power-of-two rescaling the exact routes use (<see cref="UnitScaling.Of"/>:
/// the binary exponent of the largest entry of W*, taken as 0 while the loss unit 2^{2kN} is within 2^±64), so s = 1
/// and every run is unchanged for points of ordinary scale. Far outside it, GD on W* = 2^k W' is exactly the
/// 2^k-scaled image of GD on W' (powers of two change no mantissa; η scales by 2^{−2k(N−1)}), and with these units the
/// run on W* decides as the run on W' does: the same escape and outcome instead of absolute thresholds that a point
/// with entries near 2^200 crosses at iteration 0.</para>
/// </remarks>
public sealed class EscapeSetting
{
    /// <summary>A setting around <paramref name="minimizer"/> (depth ≥ 2), with default radius ε.</summary>
    public EscapeSetting(DeepFactorization minimizer, double defaultRadius = 1e-12, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(minimizer);
        if (minimizer.Depth < 2)
            throw new OutsideDomainException("Escape settings need depth ≥ 2: at depth 1 the Hessian is the identity and there is no minimizer manifold.");
        if (!double.IsFinite(defaultRadius) || defaultRadius < 0)
            throw new ArgumentOutOfRangeException(nameof(defaultRadius), defaultRadius, "The radius ε must be finite and ≥ 0.");
        Minimizer = minimizer;
        DefaultRadius = defaultRadius;
        Name = name ?? minimizer.ToString();
        Layout = new FlatLayout(minimizer.Widths);
        MinimizerVector = minimizer.ToVector();
        TargetVector = GdStepper.ForwardProduct(Layout, MinimizerVector);
        Target = Matrix<double>.Build.Dense(Layout.Rows, Layout.Columns, (i, j) => TargetVector[i * Layout.Columns + j]);
        TargetNormSquared = TargetVector.Sum(x => x * x);
        ZeroLoss = ZeroLossPoint.Create(minimizer, Target, formula: "The escape setting");
        ScaleExponent = ZeroLoss.Scaling.Exponent;
        // ‖M‖²_F as S·2^{2j} (only needed off ordinary scale, where ‖M‖²_F itself may overflow or underflow).
        TargetExponent = PowerOfTwo.UnitExponent(TargetVector.Max(Math.Abs));
        int j = TargetExponent;
        TargetMantissaSquared = ScaleExponent == 0 ? TargetNormSquared
            : TargetVector.Sum(x => { double u = PowerOfTwo.Scale(x, -j); return u * u; });
        Sharpness = ExactSharpness.Of(ZeroLoss);
        TopEigenvector = Sharpness.TopEigenvector;
        NullDirection = ExactSharpness.RescalingNullDirection(minimizer);
        TopEigenvectorVector = TopEigenvector.ToVector();
        NullDirectionVector = NullDirection.ToVector();
        int n = minimizer.Depth;
        double sigma = SpectralNorm.Top(Target).Value;
        MinimalSharpness = n * Math.Pow(sigma, 2 - 2.0 / n);
    }

    /// <summary>A label for tables and plots.</summary>
    public string Name { get; }

    /// <summary>W*.</summary>
    public DeepFactorization Minimizer { get; }

    /// <summary>M = P(W*) by the GD steppers' forward pass (so W* is an exact fixed point).</summary>
    public Matrix<double> Target { get; }

    /// <summary>W* validated as a zero-loss point of <see cref="Target"/>.</summary>
    public ZeroLossPoint ZeroLoss { get; }

    /// <summary>The exact sharpness result at W* (value, route, X₁, v₁).</summary>
    public SharpnessResult Sharpness { get; }

    /// <summary>λ* = λmax(∇²𝓛(W*)).</summary>
    public double Lambda => Sharpness.Value;

    /// <summary>v₁ (unit; sign arbitrary).</summary>
    public DeepFactorization TopEigenvector { get; }

    /// <summary>v_N: the unit rescaling null direction (W₁, −W₂, 0, …) normalized.</summary>
    public DeepFactorization NullDirection { get; }

    /// <summary>s_min = N‖M‖₂^{2−2/N}: the smallest sharpness over all minimizers of M (theory §2.7).</summary>
    public double MinimalSharpness { get; }

    /// <summary>ρ = λ*/s_min: a flatter minimizer with λ &lt; 2/η exists iff c &lt; ρ (theory §3.2).</summary>
    public double Rho => Lambda / MinimalSharpness;

    /// <summary>The radius ε used when <see cref="GdOptions.Radius"/> is null.</summary>
    public double DefaultRadius { get; }

    /// <summary>k of the point's scale s = 2^k (see the type remarks): 0 for points of ordinary scale.</summary>
    public int ScaleExponent { get; }

    /// <summary>The point's scale s = 2^k: the unit of ε and δ (and s^{2N} the unit of the loss bounds).</summary>
    public double Scale => PowerOfTwo.Scale(1.0, ScaleExponent);

    /// <summary>The exponent 2kN of the loss unit s^{2N}.</summary>
    private int LossExponent => 2 * ScaleExponent * Minimizer.Depth;

    /// <summary>ε of a run: (<see cref="GdOptions.Radius"/> ?? <see cref="DefaultRadius"/>) · s.</summary>
    public double RadiusFor(GdOptions? options = null) =>
        PowerOfTwo.Scale((options ?? GdOptions.Default).Radius ?? DefaultRadius, ScaleExponent);

    /// <summary>δ of a run: <see cref="GdOptions.EscapeDistance"/> · s.</summary>
    public double EscapeDistanceFor(GdOptions? options = null) =>
        PowerOfTwo.Scale((options ?? GdOptions.Default).EscapeDistance, ScaleExponent);

    /// <summary>The divergence bound of a run: <see cref="GdOptions.DivergenceLoss"/> · s^{2N} (+∞ when that
    /// overflows: then only a loss that is not finite counts as divergence).</summary>
    public double DivergenceBound(GdOptions? options = null) =>
        PowerOfTwo.Scale((options ?? GdOptions.Default).DivergenceLoss, LossExponent);

    /// <summary>The absolute loss scale of the relative tests (the 1 in max(1, ‖M‖²_F) and in the period test's
    /// max(1, 𝓛)): 1, or s^{2N} for a point of scale s &lt; 1.</summary>
    internal double AbsoluteLossUnit => LossExponent < 0 ? PowerOfTwo.Scale(1.0, LossExponent) : 1;

    /// <summary>The most negative loss exponent 2kN a run accepts: below it the losses of a run (≈ 2^{2kN} times those
    /// of the unit-scaled point, whose start losses are ≈ 1e-30 and convergence floor 1e-20) leave double
    /// precision's normal range, and no decision on them means anything.</summary>
    public const int MinLossExponent = -900;

    /// <summary>Fails when the point is so small that a run's losses underflow (see <see cref="MinLossExponent"/>).</summary>
    /// <exception cref="NotRepresentableException">2kN &lt; <see cref="MinLossExponent"/>.</exception>
    public void RequireRepresentableLosses()
    {
        if (LossExponent >= MinLossExponent) return;
        int lift = (MinLossExponent - LossExponent + 2 * Minimizer.Depth - 1) / (2 * Minimizer.Depth);
        throw new NotRepresentableException(FormattableString.Invariant(
            $"W* is too small for a GD run: its largest entry is about 2^{ScaleExponent}, so the losses along a run are about 2^{LossExponent} times those of a unit-scale point and underflow double precision; multiply every layer by 2^{lift} or more (λ*, η and the losses then scale exactly)."));
    }

    /// <summary>The convergence floor for these options: factor · max(1, ‖M‖²_F) at ordinary scale; in general
    /// factor · max(min(1, s^{2N}), ‖M‖²_F): relative to ‖M‖²_F, with the absolute 1 (for M ≈ 0) shrunk to the loss
    /// unit s^{2N} of a small point. Formed as mantissa and exponent, so it is finite wherever the floor itself is
    /// (‖M‖²_F alone may overflow), and exactly 2^{2kN} times the floor of the unit-scaled point W' when ‖P(W')‖_F ≥ 1.</summary>
    /// <exception cref="NotRepresentableException">The floor overflows (‖M‖_F near the top of double range).</exception>
    public double ConvergenceFloor(GdOptions? options = null)
    {
        double factor = (options ?? GdOptions.Default).ConvergenceFactor;
        if (ScaleExponent == 0) return factor * Math.Max(1, TargetNormSquared);
        // ‖M‖²_F = S·2^{2j}, S = Σ (M_ij 2^{−j})², j the binary exponent of M's largest entry; the floor's other
        // candidate is 2^{min(0, 2kN)}.
        int unitExponent = Math.Min(0, LossExponent);
        double floor = TargetMantissaSquared > 0 && Math.ILogB(TargetMantissaSquared) + 2L * TargetExponent >= unitExponent
            ? PowerOfTwo.Scale(factor * TargetMantissaSquared, 2 * TargetExponent)
            : PowerOfTwo.Scale(factor, unitExponent);
        if (!double.IsFinite(floor))
            throw new NotRepresentableException(FormattableString.Invariant(
                $"The convergence floor {factor:G3}·‖M‖²_F overflows double precision (‖M‖_F ≈ 2^{TargetExponent}·{Math.Sqrt(TargetMantissaSquared):G4}): no loss near M can be judged; rescale the layers."));
        return floor;
    }

    /// <summary>GD with relative step size c = ηλ*/2.</summary>
    public EscapeRun Run(double c, GdOptions? options = null) => Run(StepSize.Relative(c), options);

    /// <summary>GD with the given step size.</summary>
    public EscapeRun Run(StepSize step, GdOptions? options = null, CancellationToken cancellationToken = default) =>
        GradientDescent.Run(this, step, options ?? GdOptions.Default, cancellationToken);

    /// <summary>GD with relative step size c = ηλ*/2, reporting to <paramref name="progress"/> every 4096 iterations
    /// and at the end.</summary>
    public EscapeRun Run(double c, GdOptions? options, IProgress<EscapeProgress>? progress, CancellationToken cancellationToken = default) =>
        GradientDescent.Run(this, StepSize.Relative(c), options ?? GdOptions.Default, progress, cancellationToken);

    /// <summary>One run per relative step size c, in parallel (results in input order, deterministic).</summary>
    public IReadOnlyList<EscapeRun> Sweep(IEnumerable<double> cs, GdOptions? options = null,
        IProgress<SweepProgress>? progress = null, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var items = cs.Select(c => new SweepItem(this, StepSize.Relative(c), options ?? GdOptions.Default)).ToList();
        return EscapeSweep.Run(items, progress, maxDegreeOfParallelism, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}: λ* = {Lambda:G10}, s_min = {MinimalSharpness:G10}, ρ = {Rho:G6}, default ε = {DefaultRadius:G3}");

    internal FlatLayout Layout { get; }
    internal double[] MinimizerVector { get; }
    internal double[] TargetVector { get; }
    internal double TargetNormSquared { get; }
    internal int TargetExponent { get; }
    internal double TargetMantissaSquared { get; }
    internal double[] TopEigenvectorVector { get; }
    internal double[] NullDirectionVector { get; }
}
