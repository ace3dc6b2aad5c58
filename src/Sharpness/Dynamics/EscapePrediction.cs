using System.Globalization;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Dynamics;

/// <summary>
/// The linear-stability prediction of a run's escape iteration for its start direction d (theory §3.1), or why there
/// is none. Along an eigen-direction with eigenvalue μ the offset is multiplied by 1 − ημ per step, so it grows iff
/// ημ &gt; 2 and reaches δ at k = ln(δ/ε)/ln(ημ − 1); for d = v₁ (μ = λ*) that is ln(δ/ε)/ln(2c − 1), the only case
/// with a prediction. A start that is no eigen-direction (a random one) has components along several eigenvectors
/// growing at different rates; a start along a zero-eigenvalue direction (v_N) does not grow linearly at all; and
/// along a lower unstable eigenvector v₁, seeded at second order (ε²) and by rounding, grows faster and can overtake
/// it (the note then gives that eigenvector's own count as a bound).
/// </summary>
/// <param name="Iteration">The predicted escape iteration; null when the theory gives none.</param>
/// <param name="Note">How the prediction was formed, or why there is none (one clause, for reports).</param>
internal sealed record EscapePrediction(double? Iteration, string Note)
{
    /// <summary>The relative residual ‖Hd − μd‖/λ* below which a start direction counts as an eigen-direction
    /// (user-supplied eigenvectors carry solver error far above rounding, far below anything that changes an escape
    /// count).</summary>
    internal const double EigenResidualTolerance = 1e-9;

    /// <summary>The note of a v₁ start that escapes.</summary>
    internal const string AlongTopEigenvector = "ln(δ/ε)/ln(2c − 1)";

    /// <summary>The note of any start when c ≤ 1.</summary>
    internal const string Stable = "c ≤ 1: linearly stable";

    /// <summary>The prediction for a start along <paramref name="direction"/> (unit, row-major) of <paramref name="setting"/>.</summary>
    internal static EscapePrediction For(EscapeSetting setting, StartDirection kind, double[] direction, double eta, double c, double radius, double delta)
    {
        // c ≤ 1: ημ ≤ ηλ* ≤ 2 for every eigenvalue μ, so no direction grows, whatever the start.
        if (c <= 1) return new(null, Stable);
        // v₁ itself: μ = λ* by construction; the formula exactly as before (bit for bit).
        if (ReferenceEquals(kind, StartDirection.TopEigenvector))
            return new(EscapeTheory.PredictedEscapeIteration(c, radius, delta), AlongTopEigenvector);

        var h = new HessianOperator(setting.Minimizer, setting.Target);
        var hd = new double[direction.Length];
        h.Apply(direction, hd);
        double mu = 0;
        for (int i = 0; i < hd.Length; i++) mu += direction[i] * hd[i];
        double residual = 0;
        for (int i = 0; i < hd.Length; i++) residual += (hd[i] - mu * direction[i]) * (hd[i] - mu * direction[i]);
        residual = Math.Sqrt(residual) / setting.Lambda;
        var inv = CultureInfo.InvariantCulture;
        if (!double.IsFinite(mu) || !double.IsFinite(residual))
            return new(null, "the start is not v1, and whether it is a Hessian eigenvector cannot be told at this scale (Hd overflows)");
        if (residual > EigenResidualTolerance)
        {
            double alongV1 = 0;
            var v1 = setting.TopEigenvectorVector;
            for (int i = 0; i < v1.Length; i++) alongV1 += direction[i] * v1[i];
            return new(null, string.Create(inv,
                $"the start is no Hessian eigenvector: ‖Hd − μd‖/λ* = {residual:G3}, |⟨d, v1⟩| = {Math.Abs(alongV1):G3}; its components along the unstable eigenvectors grow at different rates, so ln(δ/ε)/ln(2c − 1) does not apply"));
        }
        if (mu <= EigenResidualTolerance * setting.Lambda)
            return new(null, "the start is along a zero eigenvalue of the Hessian, a direction of the minimizer manifold like vN: nothing grows linearly, and an escape grows from second-order and rounding terms");
        double cd = eta * mu / 2;
        if (cd <= 1)
            return new(null, string.Create(inv, $"the start is a Hessian eigenvector with ημ/2 = {cd:G6} ≤ 1 (μ = {mu:G6}): linearly stable along it"));
        // The top eigenvalue (a user's copy of v₁, or any vector of a multiple top eigenspace): the v₁ formula.
        if (mu >= setting.Lambda * (1 - EigenResidualTolerance))
            return new(EscapeTheory.PredictedEscapeIteration(c, radius, delta), AlongTopEigenvector);
        // A lower unstable eigenvector: its own growth bounds the escape, but v₁ — seeded at second order (ε²) and by
        // rounding — grows faster and may escape first (on F4 at ημ/2 = 1.1, ε = 1e-6: 28 measured, 37.9 by μ alone).
        double alone = EscapeTheory.PredictedEscapeIteration(cd, radius, delta)!.Value;
        return new(null, string.Create(inv,
            $"the start is a Hessian eigenvector with μ = {mu:G6} < λ*: alone it grows as (ημ − 1)^k and reaches δ by k ≈ {alone:F1}, but v1, seeded at second order and by rounding, grows faster and may escape first"));
    }
}
