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
            ["scaleExponent"] = setting.ScaleExponent,
            ["predictedEscapeIteration"] = JsonOutput.Number(run.PredictedEscapeIteration),
            ["predictionNote"] = run.PredictionNote,
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
            .Add("minimal sharpness, ρ", $"{NumberFormat.Full(setting.MinimalSharpness)}, ρ = {NumberFormat.Ratio(setting.Rho)}")
            .Add("η", NumberFormat.Full(run.Eta))
            .Add("c = ηλ*/2", NumberFormat.Full(run.C))
            .Add("start", $"W* + ε·{run.Direction}, ε = {NumberFormat.Full(run.Radius)}, {run.Mode.ToString().ToLowerInvariant()} mode")
            .Add("escape distance δ", NumberFormat.Full(run.EscapeDistance));
        AddScale(t, setting);
        t.Add("predicted escape iteration", run.PredictedEscapeIteration is { } p
                ? $"{NumberFormat.Full(p)}   ({run.PredictionNote})"
                : $"none ({run.PredictionNote})")
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

    // Only far from scale 1 (the exact routes' unit scaling applies): there ε and δ above are the options times s.
    private static void AddScale(TextTable table, EscapeSetting setting)
    {
        if (setting.ScaleExponent == 0) return;
        int k = setting.ScaleExponent, n = setting.Minimizer.Depth;
        table.Add("scale of W*", string.Create(CultureInfo.InvariantCulture,
            $"s = 2^{k} (largest entry of W*): ε and δ are --eps and --escape-distance times s, the divergence bound 1e12·s^{2 * n} = 1e12·2^{2 * k * n}"));
    }

    /// <summary>Several runs on one W*: the shared part once, then one row per run in the given order, then each
    /// run's reason.</summary>
    public static void WriteTable(TextWriter output, EscapeSetting setting, IReadOnlyList<EscapeRun> runs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(runs);
        var inv = CultureInfo.InvariantCulture;
        var first = runs[0];
        var header0 = new TextTable()
            .Add("λ* (sharpness at W*)", $"{NumberFormat.Full(first.StartSharpness)}   (route {setting.Sharpness.Route})")
            .Add("minimal sharpness, ρ", $"{NumberFormat.Full(setting.MinimalSharpness)}, ρ = {NumberFormat.Ratio(setting.Rho)}")
            .Add("start", $"W* + ε·{first.Direction}, ε = {NumberFormat.Full(first.Radius)}, {first.Mode.ToString().ToLowerInvariant()} mode")
            .Add("escape distance δ", NumberFormat.Full(first.EscapeDistance));
        AddScale(header0, setting);
        // The reason a start off v₁ has no prediction is the same for every c > 1 of the sweep: say it once.
        if (runs.FirstOrDefault(r => r.PredictedEscapeIteration is null && r.C > 1) is { } unpredicted)
            header0.Add("predicted escape", $"none for this start: {unpredicted.PredictionNote}");
        header0.Add("runs", $"{runs.Count} (one lane-batched sweep)").Write(output);
        output.WriteLine();
        string[] header = ["c", "η", "predicted escape", "escape", "outcome", "iterations", "final loss", "λ_fin", "period"];
        var rows = runs.Select(r => new[]
        {
            NumberFormat.Full(r.C),
            NumberFormat.Full(r.Eta),
            r.PredictedEscapeIteration is { } p ? p.ToString("F1", inv) : "none",
            r.EscapeIteration is { } k ? k.ToString(inv) : "none",
            OutcomeName(r.Outcome),
            r.Iterations.ToString(inv),
            r.FinalLoss is { } l ? l.ToString("G6", inv) : "not finite",
            r.Outcome == RunOutcome.Converged && r.FinalSharpness is { } s ? s.ToString("G10", inv) : "",
            r.Period is { } q ? q.ToString(inv) : "",
        }).ToList();
        var widths = header.Select((h, j) => Math.Max(h.Length, rows.Max(row => row[j].Length))).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, j) => h.PadRight(widths[j]))).TrimEnd());
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
            output.WriteLine(string.Join("  ", row.Select((x, j) => j is 0 or 1 or 2 or 3 or 5 or 6 or 7 ? x.PadLeft(widths[j]) : x.PadRight(widths[j]))).TrimEnd());
        output.WriteLine();
        foreach (var r in runs) output.WriteLine($"c = {NumberFormat.Full(r.C)}: {r.Reason}");
    }
}
