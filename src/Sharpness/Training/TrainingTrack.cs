namespace Sharpness.Training;

/// <summary>One trajectory of a training run: GD with step η, or the gradient-flow reference.</summary>
public sealed class TrainingTrack
{
    /// <summary>"gradient descent" or "gradient flow".</summary>
    public required string Method { get; init; }

    /// <summary>What the track did.</summary>
    public required TrainingOutcome Outcome { get; init; }

    /// <summary>Why, with the numbers.</summary>
    public required string Reason { get; init; }

    /// <summary>GD: steps taken (the last iterate is k = Steps). Flow: t_end/η (equivalent GD steps).</summary>
    public required double Steps { get; init; }

    /// <summary>t = Steps·η.</summary>
    public required double Time { get; init; }

    /// <summary>𝓛 at the last iterate (null when it is not finite).</summary>
    public double? FinalLoss { get; init; }

    /// <summary>The last iterate's end-point analysis (null when the track diverged).</summary>
    public EndPoint? End { get; init; }

    /// <summary>The detected period (Periodic only).</summary>
    public int? Period { get; init; }

    /// <summary>Loss samples (bounded: stride doubling).</summary>
    public required IReadOnlyList<LossSample> Losses { get; init; }

    /// <summary>λmax(H) estimates (bounded: the interval doubles when the cap is reached).</summary>
    public required IReadOnlyList<SharpnessEstimate> Sharpness { get; init; }

    /// <summary>The drift of the gradient-flow invariants, at the sharpness estimates' iterates and the last one.</summary>
    public required IReadOnlyList<BalanceSample> Balance { get; init; }

    /// <summary>σ_i of the product P at the same iterates as <see cref="Balance"/> (every λmax estimate and the end):
    /// which singular values are learned when, and which oscillate at the edge of stability.</summary>
    public IReadOnlyList<ProductSpectrumSample> ProductSpectrum { get; init; } = [];

    /// <summary>Mean Lanczos steps per sharpness estimate (null without estimates).</summary>
    public double? LanczosStepsPerEstimate { get; init; }

    /// <summary>Flow only: accepted and rejected Runge–Kutta steps.</summary>
    public (int Accepted, int Rejected)? RungeKuttaSteps { get; init; }

    /// <summary>Largest drift max_i ‖D_i − D_i(0)‖_F over the recorded balance samples, relative to
    /// max(1, max_i ‖D_i(0)‖_F, ‖W(0)‖²).</summary>
    public required double MaxRelativeBalanceDrift { get; init; }
}

/// <summary>A training run: GD from the initial layers, and optionally the gradient flow from the same start.</summary>
public sealed class TrainingRun
{
    /// <summary>The initial layers.</summary>
    public required Model.DeepFactorization Initial { get; init; }

    /// <summary>The target M.</summary>
    public required MathNet.Numerics.LinearAlgebra.Matrix<double> Target { get; init; }

    /// <summary>The settings used.</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>η.</summary>
    public double Eta => Options.Eta;

    /// <summary>The GD stability threshold 2/η.</summary>
    public double TwoOverEta => 2 / Options.Eta;

    /// <summary>N‖M‖₂^(2−2/N), or null when min_i d_i &lt; rank M.</summary>
    public double? MinimalSharpness { get; init; }

    /// <summary>The GD track.</summary>
    public required TrainingTrack GradientDescent { get; init; }

    /// <summary>The gradient-flow track (null unless asked for).</summary>
    public TrainingTrack? GradientFlow { get; init; }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant(
        $"GD (η = {Eta:G4}, 2/η = {TwoOverEta:G6}): {GradientDescent.Outcome} after {GradientDescent.Steps:G10} steps, λmax = {GradientDescent.End?.Sharpness:G8}") +
        (GradientFlow is { } f ? FormattableString.Invariant($"; gradient flow: {f.Outcome}, λmax = {f.End?.Sharpness:G8}") : "");
}

/// <summary>Progress of a training run, reported about every 1% of the steps.</summary>
/// <param name="Method">"gradient descent" or "gradient flow".</param>
/// <param name="Step">Current step (flow: t/η).</param>
/// <param name="TotalSteps">The run's step budget.</param>
/// <param name="Loss">𝓛 at the current iterate.</param>
/// <param name="Sharpness">The latest λmax(H) estimate, if any.</param>
/// <param name="Finished">The last report of the run: it has stopped (possibly before <paramref name="TotalSteps"/>,
/// when it converged or diverged).</param>
public sealed record TrainingProgress(string Method, double Step, int TotalSteps, double Loss, double? Sharpness, bool Finished = false);
