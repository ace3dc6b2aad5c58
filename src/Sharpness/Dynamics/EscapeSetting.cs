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

    /// <summary>The convergence floor for these options: factor · max(1, ‖M‖²_F).</summary>
    public double ConvergenceFloor(GdOptions? options = null) =>
        (options ?? GdOptions.Default).ConvergenceFactor * Math.Max(1, TargetNormSquared);

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
        $"{Name}: λ* = {Lambda:G10}, s_min = {MinimalSharpness:G10}, ρ = {Rho:G6}, default ε = {DefaultRadius:G3}";

    internal FlatLayout Layout { get; }
    internal double[] MinimizerVector { get; }
    internal double[] TargetVector { get; }
    internal double TargetNormSquared { get; }
    internal double[] TopEigenvectorVector { get; }
    internal double[] NullDirectionVector { get; }
}
