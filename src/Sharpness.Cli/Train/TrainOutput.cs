using System.Globalization;
using System.Text.Json.Nodes;
using Sharpness.Cli.Output;
using Sharpness.Training;

namespace Sharpness.Cli.Train;

/// <summary>Prints a training run as text or as one JSON object (keys documented in the CLI README).</summary>
public static class TrainOutput
{
    /// <summary>The outcome as the command prints it.</summary>
    public static string OutcomeName(TrainingOutcome outcome) => outcome switch
    {
        TrainingOutcome.Converged => "converged",
        TrainingOutcome.EdgeOfStability => "edge-of-stability",
        TrainingOutcome.Periodic => "periodic",
        TrainingOutcome.Diverged => "diverged",
        _ => "not-converged",
    };

    /// <summary>The JSON object.</summary>
    public static JsonObject ToJson(TrainingRun run, string? htmlPath)
    {
        ArgumentNullException.ThrowIfNull(run);
        var json = new JsonObject
        {
            ["eta"] = JsonOutput.Number(run.Eta),
            ["twoOverEta"] = JsonOutput.Number(run.TwoOverEta),
            ["requestedSteps"] = run.Options.Steps,
            ["sharpnessEvery"] = run.Options.SharpnessEvery,
        };
        foreach (var (key, value) in Track(run.GradientDescent, run.MinimalSharpness)) json[key] = value;
        json["flow"] = run.GradientFlow is { } flow ? FlowJson(flow, run) : null;
        json["html"] = htmlPath;
        return json;
    }

    private static JsonObject FlowJson(TrainingTrack flow, TrainingRun run)
    {
        var options = run.Options;
        var json = new JsonObject();
        foreach (var (key, value) in Track(flow, run.MinimalSharpness)) json[key] = value;
        json["time"] = JsonOutput.Number(flow.Time);
        json["tolerance"] = JsonOutput.Number(options.FlowTolerance);
        json["rungeKuttaSteps"] = flow.RungeKuttaSteps is { } rk ? new JsonObject { ["accepted"] = rk.Accepted, ["rejected"] = rk.Rejected } : null;
        return json;
    }

    // s_min depends on M only: a track without an end point (diverged) still reports it, as the text does.
    private static IEnumerable<(string, JsonNode?)> Track(TrainingTrack t, double? minimalSharpness)
    {
        var end = t.End;
        yield return ("steps", JsonOutput.Number(t.Steps));
        yield return ("outcome", OutcomeName(t.Outcome));
        yield return ("reason", t.Reason);
        yield return ("period", t.Period is { } p ? JsonValue.Create(p) : null);
        yield return ("finalLoss", JsonOutput.Number(t.FinalLoss));
        yield return ("finalRelativeResidual", JsonOutput.Number(end?.RelativeLossResidual));
        yield return ("sharpness", new JsonArray(t.Sharpness.Select(s => (JsonNode)new JsonObject
        {
            ["step"] = JsonOutput.Number(s.Step),
            ["value"] = JsonOutput.Number(s.Value),
            ["residual"] = JsonOutput.Number(s.EigenResidual),
            ["errorBound"] = JsonOutput.Number(s.ErrorBound),
            ["converged"] = s.Converged,
            ["iterations"] = s.Iterations,
            ["top"] = JsonOutput.Numbers(s.TopValues),
        }).ToArray()));
        yield return ("lanczosStepsPerEstimate", JsonOutput.Number(t.LanczosStepsPerEstimate));
        yield return ("finalExactSharpness", JsonOutput.Number(end?.ExactSharpness));
        yield return ("route", end?.Route);
        yield return ("certified", end?.Certified is { } c ? new JsonObject
        {
            ["lower"] = JsonOutput.Number(c.Lower),
            ["upper"] = JsonOutput.Number(c.Upper),
            ["hessianLanczos"] = JsonOutput.Number(c.HessianLambda),
            ["hessianResidual"] = JsonOutput.Number(c.HessianEigenResidual),
            ["kLambda"] = JsonOutput.Number(c.KLambda),
            ["residualTermBound"] = JsonOutput.Number(c.ResidualTermBound),
        } : null);
        yield return ("minimalSharpness", JsonOutput.Number(end?.MinimalSharpness ?? minimalSharpness));
        yield return ("rho", JsonOutput.Number(end?.Rho));
        yield return ("flat", end?.Flat is { } f ? JsonValue.Create(f) : null);
        yield return ("flatnessReason", end?.FlatnessReason);
        yield return ("spectralProducts", end is null ? null : JsonOutput.Numbers(end.SpectralProducts));
        yield return ("strongLevel", JsonOutput.Number(end?.StrongLevel));
        yield return ("layerNorms", end is null ? null : JsonOutput.Numbers(end.LayerNorms));
        yield return ("gramMismatch", end is null ? null : JsonOutput.Numbers(end.GramMismatch));
        yield return ("maxBalanceDrift", JsonOutput.Number(t.MaxRelativeBalanceDrift));
        yield return ("losses", new JsonArray(t.Losses.Select(s => (JsonNode)new JsonObject
        {
            ["step"] = JsonOutput.Number(s.Step),
            ["loss"] = JsonOutput.Number(s.Loss),
        }).ToArray()));
    }

    /// <summary>The human-readable report.</summary>
    public static void WriteText(TextWriter output, TrainingRun run, string? htmlPath)
    {
        ArgumentNullException.ThrowIfNull(run);
        var t = new TextTable()
            .Add("η, 2/η", $"{NumberFormat.Full(run.Eta)}, {NumberFormat.Full(run.TwoOverEta)}")
            .Add("minimal sharpness", run.MinimalSharpness is { } s ? $"{NumberFormat.Full(s)}   (N‖M‖₂^(2−2/N))" : "n/a (min_i d_i < rank M: no zero-loss point)");
        AddTrack(t, "GD", run.GradientDescent, run.Eta);
        if (run.GradientFlow is { } flow) AddTrack(t, "flow", flow, run.Eta);
        if (htmlPath is not null) t.Add("charts", htmlPath);
        t.Write(output);
        output.WriteLine();
        output.WriteLine($"GD: {run.GradientDescent.Reason}");
        if (run.GradientDescent.End is { } e) output.WriteLine($"GD end point: {e.FlatnessReason}");
        if (run.GradientFlow is { } f)
        {
            output.WriteLine($"Gradient flow: {f.Reason}");
            if (f.End is { } fe) output.WriteLine($"Flow end point: {fe.FlatnessReason}");
        }
    }

    private static void AddTrack(TextTable t, string name, TrainingTrack track, double eta)
    {
        var inv = CultureInfo.InvariantCulture;
        t.Add($"{name}: outcome", OutcomeName(track.Outcome) + (track.Period is { } p ? $" (period {p})" : ""));
        t.Add($"{name}: steps", NumberFormat.Step(track.Steps));
        t.Add($"{name}: final loss", track.FinalLoss is { } l ? NumberFormat.Full(l) : "not finite");
        if (track.Sharpness.Count > 0)
        {
            var last = track.Sharpness[^1];
            t.Add($"{name}: λmax along the run", $"{track.Sharpness.Count} estimate{(track.Sharpness.Count == 1 ? "" : "s")}, max {NumberFormat.Full(track.Sharpness.Max(x => x.Value))}, last {NumberFormat.Full(last.Value)} at step {NumberFormat.Step(last.Step)} " +
                $"(residual {NumberFormat.Short(last.EigenResidual)}; {track.LanczosStepsPerEstimate?.ToString("G3", inv)} Lanczos steps per estimate)");
        }
        if (track.End is not { } e) return;
        if (e.ExactSharpness is { } x)
            t.Add($"{name}: exact sharpness", $"{NumberFormat.Full(x)}   (route {e.Route}; λη/2 = {NumberFormat.Short(x * eta / 2)})");
        else if (e.Certified is { } c)
            t.Add($"{name}: certified λmax(H)", $"[{NumberFormat.Full(c.Lower)}, {NumberFormat.Full(c.Upper)}]   (not a zero-loss point: ‖P − M‖_F/‖M‖_F = {NumberFormat.Short(e.RelativeLossResidual)})");
        t.Add($"{name}: ρ = λmax / min", NumberFormat.Ratio(e.Rho));
        t.Add($"{name}: flat", e.Flat is { } f ? (f ? "yes" : "no") : "n/a");
        t.Add($"{name}: ‖A_i‖₂‖B_i‖₂", $"{string.Join(", ", e.SpectralProducts.Select(NumberFormat.Full))}   (SB-s level ‖M‖₂^((N−1)/N) = {NumberFormat.Full(e.StrongLevel)})");
        t.Add($"{name}: ‖W_i‖_F", string.Join(", ", e.LayerNorms.Select(NumberFormat.Full)));
        t.Add($"{name}: balance drift", $"{NumberFormat.Short(track.MaxRelativeBalanceDrift)}   (max ‖D_i − D_i(0)‖_F, relative; D_i = W_(i+1)ᵀW_(i+1) − W_iW_iᵀ)");
    }
}
