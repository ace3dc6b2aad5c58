using System.Text.Json.Nodes;
using Sharpness.Cli.Output;
using Sharpness.Data;

namespace Sharpness.Cli.Train;

/// <summary>Prints a data training run (<c>train … --inputs X --outputs Y</c>) as text or one JSON object.</summary>
public static class DataTrainOutput
{
    /// <summary>The JSON object (keys documented in the CLI README).</summary>
    public static JsonObject ToJson(DataTrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var end = run.EndSharpness;
        return new JsonObject
        {
            ["eta"] = JsonOutput.Number(run.Options.Eta),
            ["twoOverEta"] = JsonOutput.Number(run.StabilityThreshold),
            ["requestedSteps"] = run.Options.Steps,
            ["sharpnessEvery"] = run.Options.SharpnessEvery,
            ["data"] = new JsonObject
            {
                ["source"] = run.Data.HasSamples ? "samples" : "covariance",
                ["samples"] = run.Data.SampleCount is { } s ? JsonValue.Create(s) : null,
                ["features"] = run.Data.InputDimension,
                ["outputs"] = run.Data.OutputDimension,
                ["rank"] = run.Data.Rank,
                ["anisotropy"] = JsonOutput.Number(run.Data.Anisotropy),
            },
            ["steps"] = run.Steps,
            ["outcome"] = TrainOutput.OutcomeName(run.Outcome),
            ["reason"] = run.Reason,
            ["finalLoss"] = JsonOutput.Number(run.FinalLoss),
            ["lossIsExcess"] = run.LossIsExcess,
            ["finalStationarity"] = JsonOutput.Number(run.FinalStationarity),
            ["sharpness"] = new JsonArray(run.Sharpness.Select(e => (JsonNode)new JsonObject
            {
                ["step"] = JsonOutput.Number(e.Step),
                ["value"] = JsonOutput.Number(e.Value),
                ["residual"] = JsonOutput.Number(e.EigenResidual),
                ["errorBound"] = JsonOutput.Number(e.ErrorBound),
                ["converged"] = e.Converged,
                ["iterations"] = e.Iterations,
                ["top"] = JsonOutput.Numbers(e.TopValues),
            }).ToArray()),
            ["finalSharpness"] = JsonOutput.Number(end?.Value),
            ["route"] = end?.Route.ToString(),
            ["exact"] = end is null ? null : JsonValue.Create(end.IsExact),
            ["lower"] = JsonOutput.Number(end?.Lower),
            ["upper"] = JsonOutput.Number(end?.Upper),
            ["notApplicable"] = new JsonArray((JsonNode?)JsonValue.Create(DataSharpnessResult.NotClaimed)),
            ["losses"] = new JsonArray(run.Losses.Select(l => (JsonNode)new JsonObject
            {
                ["step"] = JsonOutput.Number(l.Step),
                ["loss"] = JsonOutput.Number(l.Loss),
            }).ToArray()),
        };
    }

    /// <summary>The human-readable report.</summary>
    public static void WriteText(TextWriter output, DataTrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var t = new TextTable()
            .Add("η, 2/η", $"{NumberFormat.Full(run.Options.Eta)}, {NumberFormat.Full(run.StabilityThreshold)}")
            .Add("data", $"{run.Data.Source}, n = {run.Data.InputDimension}, m = {run.Data.OutputDimension}, rank S = {run.Data.Rank}, anisotropy λ₁/λ_r = {NumberFormat.Short(run.Data.Anisotropy)}")
            .Add("GD: outcome", TrainOutput.OutcomeName(run.Outcome))
            .Add("GD: steps", NumberFormat.Step(run.Steps))
            .Add(run.LossIsExcess ? "GD: final excess loss" : "GD: final loss", run.FinalLoss is { } l ? NumberFormat.Full(l) : "not finite")
            .Add("GD: stationarity", $"{NumberFormat.Full(run.FinalStationarity)}   (‖PS − YXᵀ‖_F / ‖YXᵀ‖_F)");
        if (run.Sharpness.Count > 0)
        {
            var last = run.Sharpness[^1];
            t.Add("GD: λmax along the run", $"{run.Sharpness.Count} estimate{(run.Sharpness.Count == 1 ? "" : "s")}, max {NumberFormat.Full(run.Sharpness.Max(x => x.Value))}, last {NumberFormat.Full(last.Value)} at step {NumberFormat.Step(last.Step)}");
        }
        if (run.EndSharpness is { } e)
        {
            if (e.IsExact)
                t.Add("GD: exact sharpness", $"{NumberFormat.Full(e.Value)}   (route {e.Route}; λη/2 = {NumberFormat.Short(e.Value * run.Options.Eta / 2)})");
            else
                t.Add("GD: certified λmax(H)", $"[{NumberFormat.Full(e.Lower)}, {NumberFormat.Full(e.Upper)}]   (not a least-squares optimum: stationarity {NumberFormat.Short(e.RelativeStationarity)})");
        }
        t.Write(output);
        output.WriteLine();
        output.WriteLine($"GD: {run.Reason}");
        if (run.LossIsExcess) output.WriteLine("Losses are the excess ½‖(P − P*)S^(1/2)‖²_F over the least-squares optimum: the floor needs ‖Y‖², which S and C do not carry.");
        output.WriteLine(DataSharpnessResult.NotClaimed);
    }
}
