using System.Globalization;
using Sharpness.Dynamics;

namespace Sharpness.Views.Formatting;

/// <summary>HTML and text for GD runs (escape results), sweeps and escape settings.</summary>
public static class DynamicsFormatter
{
    /// <summary>HTML card for one run.</summary>
    public static string Html(EscapeRun r)
    {
        ArgumentNullException.ThrowIfNull(r);
        bool good = r.Outcome is RunOutcome.Converged or RunOutcome.Stayed;
        var card = new HtmlCard($"GD run: {r.SettingName}", $"{r.Step}, start W₀ = W* + ε·{r.Direction}, {r.Mode} arithmetic");
        card.Row("outcome", HtmlCard.Badge(good, r.Outcome.ToString()));
        card.Row("η", Numbers.Html(r.Eta, 8));
        card.Row("c = ηλ*/2", Numbers.Html(r.C, 8));
        card.Row("λ* (start sharpness)", Numbers.Html(r.StartSharpness, 10));
        card.Row("radius ε / escape distance δ", $"{Numbers.Html(r.Radius, 3)} / {Numbers.Html(r.EscapeDistance, 3)}");
        card.Row("escape iteration (measured / predicted)",
            $"{(r.EscapeIteration is { } k ? k.ToString(CultureInfo.InvariantCulture) : "none")} / {(r.PredictedEscapeIteration is { } p ? Numbers.Html(p, 6) : HtmlCard.Encode($"none ({r.PredictionNote})"))}");
        card.Row("iterations", r.Iterations.ToString(CultureInfo.InvariantCulture));
        card.Row("final loss", r.FinalLoss is { } l ? Numbers.Html(l, 4) : "not finite");
        if (r.FinalSharpness is { } fin)
            card.Row("final sharpness λ_fin (λ_fin·η/2)", $"{Numbers.Html(fin, 10)} ({Numbers.Html(r.FinalSharpnessTimesHalfEta ?? double.NaN, 6)})");
        if (r.Period is { } period) card.Row("period", period.ToString(CultureInfo.InvariantCulture));
        card.Note(r.Reason);
        return card.ToHtml("sharpness-run");
    }

    /// <summary>One-line text for a run.</summary>
    public static string Text(EscapeRun r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return $"{r.SettingName}, η = {Numbers.Format(r.Eta)} (c = {Numbers.Format(r.C)}): {r.Outcome}, escape at {(r.EscapeIteration?.ToString(CultureInfo.InvariantCulture) ?? "none")}"
            + $" (predicted {(r.PredictedEscapeIteration is { } p ? Numbers.Format(p) : "none")})"
            + (r.FinalSharpness is { } f ? $", λ_fin = {Numbers.Format(f, 8)}" : "");
    }

    /// <summary>HTML table for a sweep (one row per run).</summary>
    public static string Html(IReadOnlyList<EscapeRun> sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var card = new HtmlCard($"GD sweep: {sweep.Count} runs", sweep.Count > 0 ? $"{sweep[0].SettingName}, λ* = {Numbers.Format(sweep[0].StartSharpness, 10)}" : null);
        if (sweep.Count == 0) return card.Note("(no runs)").ToHtml("sharpness-sweep");
        card.Table(["η", "c", "outcome", "escape k", "predicted k", "final loss", "λ_fin", "λ_fin·η/2", "period"],
            sweep.Select(r => (IReadOnlyList<string>)[
                Numbers.Html(r.Eta, 5), Numbers.Html(r.C, 5), HtmlCard.Encode(r.Outcome.ToString()),
                r.EscapeIteration?.ToString(CultureInfo.InvariantCulture) ?? "–", r.PredictedEscapeIteration is { } p ? Numbers.Html(p, 5) : "–",
                r.FinalLoss is { } l ? Numbers.Html(l, 3) : "∞", r.FinalSharpness is { } f ? Numbers.Html(f, 6) : "–",
                r.FinalSharpnessTimesHalfEta is { } h ? Numbers.Html(h, 4) : "–", r.Period?.ToString(CultureInfo.InvariantCulture) ?? "–"]));
        return card.ToHtml("sharpness-sweep");
    }

    /// <summary>Text for a sweep: one line per run.</summary>
    public static string Text(IReadOnlyList<EscapeRun> sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return $"GD sweep, {sweep.Count} runs" + string.Concat(sweep.Select(r => "\n  " + Text(r)));
    }

    /// <summary>HTML card for an escape setting.</summary>
    public static string Html(EscapeSetting s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var card = new HtmlCard($"Escape setting: {s.Name}",
            $"depth N = {s.Minimizer.Depth}, widths ({string.Join(", ", s.Minimizer.Widths)})");
        card.Row("λ* = λmax at W*", Numbers.Html(s.Lambda, 10));
        card.Row("escape threshold η = 2/λ*", Numbers.Html(2 / s.Lambda, 10));
        card.Row("minimal sharpness s_min", Numbers.Html(s.MinimalSharpness, 10));
        card.Row("ρ = λ*/s_min", Numbers.Html(s.Rho, 6) + " <span style=\"color:#57606a\">(a stable flatter minimizer exists iff c &lt; ρ)</span>");
        card.Row("default radius ε", Numbers.Html(s.DefaultRadius, 3));
        return card.ToHtml("sharpness-setting");
    }

    /// <summary>One-line text for an escape setting.</summary>
    public static string Text(EscapeSetting s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return $"{s.Name}: λ* = {Numbers.Format(s.Lambda, 10)}, s_min = {Numbers.Format(s.MinimalSharpness, 10)}, ρ = {Numbers.Format(s.Rho)}";
    }
}
