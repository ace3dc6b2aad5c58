using System.Globalization;
using System.Text.Json.Nodes;
using Sharpness.Cli.Output;
using Sharpness.Dynamics;

namespace Sharpness.Cli.Escape;

/// <summary>Prints an escape run as text or as one JSON object.</summary>
public static class EscapeOutput
{
    /// <summary>The outcome as the command prints it: stayed, converged, bounded or diverged.</summary>
    public static string OutcomeName(RunOutcome outcome) => outcome.ToString().ToLowerInvariant();

    /// <summary>The JSON object (keys documented in the README).</summary>
    public static JsonObject ToJson(EscapeSetting setting, EscapeRun run, string? htmlPath)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(run);
        return new JsonObject
        {
            ["lambdaStar"] = JsonOutput.Number(run.StartSharpness),
            ["route"] = setting.Sharpness.Route.ToString(),
            ["minimalSharpness"] = JsonOutput.Number(setting.MinimalSharpness),
            ["rho"] = JsonOutput.Number(setting.Rho),
            ["eta"] = JsonOutput.Number(run.Eta),
            ["c"] = JsonOutput.Number(run.C),
            ["eps"] = JsonOutput.Number(run.Radius),
            ["direction"] = run.Direction,
            ["mode"] = run.Mode.ToString().ToLowerInvariant(),
            ["escapeDistance"] = JsonOutput.Number(run.EscapeDistance),
            ["predictedEscapeIteration"] = JsonOutput.Number(run.PredictedEscapeIteration),
            ["escapeIteration"] = run.EscapeIteration is { } k ? JsonValue.Create(k) : null,
            ["outcome"] = OutcomeName(run.Outcome),
            ["iterations"] = run.Iterations,
            ["finalLoss"] = JsonOutput.Number(run.FinalLoss),
            ["finalSharpness"] = JsonOutput.Number(run.Outcome == RunOutcome.Converged ? run.FinalSharpness : null),
            ["finalSharpnessTimesHalfEta"] = JsonOutput.Number(run.Outcome == RunOutcome.Converged ? run.FinalSharpnessTimesHalfEta : null),
            ["period"] = run.Period is { } p ? JsonValue.Create(p) : null,
            ["reason"] = run.Reason,
            ["html"] = htmlPath,
        };
    }

    /// <summary>The human-readable report.</summary>
    public static void WriteText(TextWriter output, EscapeSetting setting, EscapeRun run, string? htmlPath)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(run);
        var inv = CultureInfo.InvariantCulture;
        var t = new TextTable()
            .Add("λ* (sharpness at W*)", $"{NumberFormat.Full(run.StartSharpness)}   (route {setting.Sharpness.Route})")
            .Add("minimal sharpness, ρ", $"{NumberFormat.Full(setting.MinimalSharpness)}, ρ = {NumberFormat.Full(setting.Rho)}")
            .Add("η", NumberFormat.Full(run.Eta))
            .Add("c = ηλ*/2", NumberFormat.Full(run.C))
            .Add("start", $"W* + ε·{run.Direction}, ε = {NumberFormat.Full(run.Radius)}, {run.Mode.ToString().ToLowerInvariant()} mode")
            .Add("escape distance δ", NumberFormat.Full(run.EscapeDistance))
            .Add("predicted escape iteration", run.PredictedEscapeIteration is { } p
                ? $"{NumberFormat.Full(p)}   (ln(δ/ε)/ln(2c − 1))"
                : "none (c ≤ 1: linearly stable)")
            .Add("measured escape iteration", run.EscapeIteration is { } k ? k.ToString(inv) : "none")
            .Add("outcome", OutcomeName(run.Outcome))
            .Add("iterations run", run.Iterations.ToString(inv))
            .Add("final loss", run.FinalLoss is { } l ? NumberFormat.Full(l) : "not finite");
        if (run.Outcome == RunOutcome.Converged)
        {
            t.Add("final sharpness λ_fin", NumberFormat.Full(run.FinalSharpness));
            t.Add("λ_fin·η/2", NumberFormat.Full(run.FinalSharpnessTimesHalfEta));
        }
        if (htmlPath is not null) t.Add("charts", htmlPath);
        t.Write(output);
        output.WriteLine();
        output.WriteLine(run.Reason);
    }
}
