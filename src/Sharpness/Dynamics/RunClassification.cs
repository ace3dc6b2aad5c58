namespace Sharpness.Dynamics;

/// <summary>
/// How a finished GD run is classified, as data: the outcome and every number the rules looked at (what
/// <see cref="RunExplanation"/> puts in words). Built by <see cref="RunClassifier"/>.
/// </summary>
internal sealed record RunClassification
{
    public required RunOutcome Outcome { get; init; }

    /// <summary>The last iterate k.</summary>
    public required int Iterations { get; init; }

    /// <summary>𝓛 at the last iterate (may be ∞ or NaN for a divergence).</summary>
    public required double LastLoss { get; init; }

    /// <summary>The divergence bound on 𝓛.</summary>
    public required double DivergenceBound { get; init; }

    /// <summary>The first iterate with ‖W − W*‖ ≥ δ, or null.</summary>
    public int? EscapeIteration { get; init; }

    /// <summary>δ.</summary>
    public required double EscapeDistance { get; init; }

    /// <summary>The largest ‖W − W*‖ before the escape (all of the run when it stayed).</summary>
    public required double MaxDistanceBeforeEscape { get; init; }

    /// <summary>The convergence floor on 𝓛.</summary>
    public required double ConvergenceFloor { get; init; }

    /// <summary>Bounded only: the newest-over-oldest quarter ratio of the tail's loss.</summary>
    public double? TailTrend { get; init; }

    /// <summary>Bounded only: below this trend the loss counts as still falling and no period is claimed.</summary>
    public double StillDecreasingTrend { get; init; }

    /// <summary>Bounded only: the period p of the tail, or null.</summary>
    public int? Period { get; init; }

    /// <summary>Bounded with a period: max |𝓛_k − 𝓛_(k−p)| over the tail.</summary>
    public double? PeriodDifference { get; init; }

    /// <summary>The largest period looked for.</summary>
    public required int MaxPeriod { get; init; }

    /// <summary>The relative tolerance of the period test.</summary>
    public required double PeriodTolerance { get; init; }

    /// <summary>Losses in the tail.</summary>
    public required int TailCount { get; init; }

    /// <summary>The smallest loss in the tail (+∞ when it is empty).</summary>
    public required double TailMin { get; init; }

    /// <summary>The largest loss in the tail (−∞ when it is empty).</summary>
    public required double TailMax { get; init; }

    /// <summary>Converged only: λmax at the final point, and λ·η/2 (null when the point was not finite).</summary>
    public double? FinalSharpness { get; init; }

    /// <summary>Converged only: λ_fin·η/2.</summary>
    public double? FinalSharpnessTimesHalfEta { get; init; }
}

/// <summary>
/// The rules that classify a finished run (see <see cref="GradientDescent"/>'s remarks): Diverged (stopped by the
/// bound) › Stayed (never reached δ) › Converged (stopped converged, or the last loss is below the floor) › Bounded
/// (a period from the tail, unless its loss is still falling).
/// </summary>
internal static class RunClassifier
{
    /// <summary>Tail trend below which a bounded run is reported as still decreasing.</summary>
    public const double StillDecreasingTrend = 0.99;

    /// <summary>The outcome of a run from what its monitor saw; <paramref name="finalSharpness"/> is called only for
    /// a converged run (λmax at its final point, or null when that point is not finite).</summary>
    public static RunClassification Classify(bool diverged, bool stoppedConverged, int? escape, int k, double lastLoss,
        double maxDistanceBeforeEscape, double floor, double bound, double delta, double lossUnit, LossTail tail, GdOptions options,
        Func<double?> finalSharpness, double eta)
    {
        var facts = new RunClassification
        {
            Outcome = RunOutcome.Diverged,
            Iterations = k,
            LastLoss = lastLoss,
            DivergenceBound = bound,
            EscapeIteration = escape,
            EscapeDistance = delta,
            MaxDistanceBeforeEscape = maxDistanceBeforeEscape,
            ConvergenceFloor = floor,
            MaxPeriod = options.MaxPeriod,
            PeriodTolerance = options.PeriodTolerance,
            StillDecreasingTrend = StillDecreasingTrend,
            TailCount = tail.Count,
            TailMin = tail.Min(),
            TailMax = tail.Max(),
        };
        if (diverged) return facts;
        if (escape is null) return facts with { Outcome = RunOutcome.Stayed };
        if (stoppedConverged || lastLoss < floor)
        {
            double? lambda = finalSharpness();
            return facts with { Outcome = RunOutcome.Converged, FinalSharpness = lambda, FinalSharpnessTimesHalfEta = lambda * eta / 2 };
        }
        double trend = tail.Trend();
        // A loss that is still falling is a slow convergence, not an orbit: its tiny differences would pass any
        // absolute period test, so no period is claimed then.
        int? period = trend < StillDecreasingTrend ? null : tail.Period(options.MaxPeriod, options.PeriodTolerance, lossUnit);
        return facts with
        {
            Outcome = RunOutcome.Bounded,
            TailTrend = trend,
            Period = period,
            PeriodDifference = period is { } p ? tail.MaxDifference(p) : null,
        };
    }
}
