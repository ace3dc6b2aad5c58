using System.Globalization;
using Sharpness.Model;

namespace Sharpness.Dynamics;

/// <summary>
/// The result of one GD run from W* + εd: the classified outcome with its reason, the escape iteration next to the
/// linear prediction, the final state, and the recorded trajectory. Every number is finite; what does not exist
/// (no escape, not converged, a non-finite final loss) is null, never NaN.
/// </summary>
public sealed class EscapeRun
{
    internal EscapeRun() { }

    /// <summary>The setting's name.</summary>
    public required string SettingName { get; init; }

    /// <summary>The step size as requested.</summary>
    public required StepSize Step { get; init; }

    /// <summary>η.</summary>
    public required double Eta { get; init; }

    /// <summary>c = ηλ*/2.</summary>
    public required double C { get; init; }

    /// <summary>λ* of the starting minimizer.</summary>
    public required double StartSharpness { get; init; }

    /// <summary>ε as used: the option's value times the point's scale s (<see cref="EscapeSetting.Scale"/>, 1 at
    /// ordinary scale).</summary>
    public required double Radius { get; init; }

    /// <summary>The start direction (v1, vN, random(seed …), custom).</summary>
    public required string Direction { get; init; }

    /// <summary>Plain or delta arithmetic.</summary>
    public required ArithmeticMode Mode { get; init; }

    /// <summary>Stayed, Converged, Bounded or Diverged.</summary>
    public required RunOutcome Outcome { get; init; }

    /// <summary>Why the run was classified so, with the numbers that decided it.</summary>
    public required string Reason { get; init; }

    /// <summary>The last iteration visited (the run visited W_0..W_Iterations).</summary>
    public required int Iterations { get; init; }

    /// <summary>δ as used (times the point's scale s, like <see cref="Radius"/>).</summary>
    public required double EscapeDistance { get; init; }

    /// <summary>The first k with ‖W_k − W*‖ ≥ δ, if any.</summary>
    public int? EscapeIteration { get; init; }

    /// <summary>The linear-stability prediction (theory §3.1): ln(δ/ε)/ln(2c − 1) for a start along v₁,
    /// ln(δ/ε)/ln(ημ − 1) along another eigenvector with ημ &gt; 2; null when c ≤ 1, along a zero eigenvalue (v_N),
    /// or when the start is no eigen-direction (random) — <see cref="PredictionNote"/> says which.</summary>
    public double? PredictedEscapeIteration { get; init; }

    /// <summary>How <see cref="PredictedEscapeIteration"/> was formed ("ln(δ/ε)/ln(2c − 1)" for v₁), or why it is
    /// null ("c ≤ 1: linearly stable", "the start is along a zero eigenvalue …", "the start is no Hessian
    /// eigenvector …").</summary>
    public required string PredictionNote { get; init; }

    /// <summary>Largest ‖W_k − W*‖ before the escape (over the whole run when it did not escape).</summary>
    public required double MaxDistanceBeforeEscape { get; init; }

    /// <summary>The loss of the last iterate; null when it was not finite (overflow at divergence).</summary>
    public double? FinalLoss { get; init; }

    /// <summary>‖W − W*‖ at the last iterate; null when not finite.</summary>
    public double? FinalDistance { get; init; }

    /// <summary>The last iterate; null when an entry was not finite.</summary>
    public DeepFactorization? FinalPoint { get; init; }

    /// <summary>Converged runs: the minimizer GD settled at (= <see cref="FinalPoint"/>).</summary>
    public DeepFactorization? FinalMinimizer { get; init; }

    /// <summary>Converged runs: its exact sharpness λ_fin.</summary>
    public double? FinalSharpness { get; init; }

    /// <summary>Converged runs: λ_fin · η/2 (below 1: the new minimizer is linearly stable for η).</summary>
    public double? FinalSharpnessTimesHalfEta { get; init; }

    /// <summary>Bounded runs: the detected period of the loss over the tail window, if any.</summary>
    public int? Period { get; init; }

    /// <summary>Smallest loss over the tail window (the last <see cref="GdOptions.TailWindow"/> iterates).</summary>
    public double? TailMinLoss { get; init; }

    /// <summary>Largest loss over the tail window.</summary>
    public double? TailMaxLoss { get; init; }

    /// <summary>The convergence floor used (<see cref="EscapeSetting.ConvergenceFloor"/>): factor · max(1, ‖M‖²_F) at
    /// ordinary scale.</summary>
    public required double ConvergenceFloor { get; init; }

    /// <summary>The recorded path.</summary>
    public required Trajectory Trajectory { get; init; }

    /// <summary>k_esc − prediction, when both exist.</summary>
    public double? EscapeIterationError => EscapeIteration is { } k && PredictedEscapeIteration is { } p ? k - p : null;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{SettingName}, {Step}, ε = {Radius:G3}, {Mode}: {Outcome}. {Reason}");
}
