using System.Globalization;

namespace Sharpness.Dynamics;

/// <summary>
/// The English reason of a classified run (<see cref="EscapeRun.Reason"/>), from the classification's data only:
/// the classifier decides, this type writes (invariant culture).
/// </summary>
internal static class RunExplanation
{
    public static string Of(RunClassification c)
    {
        var inv = CultureInfo.InvariantCulture;
        int k = c.Iterations;
        string escapeText = c.EscapeIteration is { } e
            ? string.Create(inv, $"escaped at iteration {e} (‖W − W*‖ ≥ δ = {c.EscapeDistance:G3})")
            : "";
        switch (c.Outcome)
        {
            case RunOutcome.Diverged:
            {
                double? finalLoss = double.IsFinite(c.LastLoss) ? c.LastLoss : null;
                string reason = finalLoss is { } l
                    ? string.Create(inv, $"The loss {l:G4} exceeded the bound {c.DivergenceBound:G3} at iteration {k}; stopped there.")
                    : string.Create(inv, $"The loss was not finite (overflow) at iteration {k}; stopped there.");
                return c.EscapeIteration is not null
                    ? $"{Capitalize(escapeText)}; then {char.ToLowerInvariant(reason[0])}{reason[1..]}"
                    : reason;
            }
            case RunOutcome.Stayed:
                return string.Create(inv, $"‖W − W*‖ stayed below δ = {c.EscapeDistance:G3} for all {k} iterations (largest {c.MaxDistanceBeforeEscape:G4}); final loss {c.LastLoss:G4}.");
            case RunOutcome.Converged:
                return string.Create(inv, $"{Capitalize(escapeText)}; loss {c.LastLoss:G3} < floor {c.ConvergenceFloor:G3} at iteration {k}; λ_fin = {c.FinalSharpness:G8}, λ_fin·η/2 = {c.FinalSharpnessTimesHalfEta:G6}.");
            default:
            {
                double trend = c.TailTrend ?? 1;
                string periodText = trend < c.StillDecreasingTrend
                    ? string.Create(inv, $"but the loss is still decreasing (newest/oldest quarter of the tail = {trend:G3}): probably converging slowly, raise MaxIterations")
                    : c.Period is { } p
                    ? string.Create(inv, $"period {p} (max |𝓛_k − 𝓛_(k−{p})| = {c.PeriodDifference:G3} over the last {c.TailCount} iterates)")
                    : string.Create(inv, $"no period ≤ {c.MaxPeriod} within tolerance {c.PeriodTolerance:G3} (higher-period, chaotic or still drifting)");
                return string.Create(inv, $"{Capitalize(escapeText)}; after {k} iterations neither converged nor diverged: loss in [{c.TailMin:G4}, {c.TailMax:G4}] over the last {c.TailCount} iterates, {periodText}.");
            }
        }
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
