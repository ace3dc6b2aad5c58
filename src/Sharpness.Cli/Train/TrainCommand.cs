using System.CommandLine;
using Sharpness.Cli.Escape;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Output;
using Sharpness.IO;
using Sharpness.Training;

namespace Sharpness.Cli.Train;

/// <summary>
/// <c>sharpness train LAYERS… --target M --eta ETA [--steps N] [--sharpness-every K] [--top T] [--flow]
/// [--flow-tol TOL] [--json] [--html out.html]</c>: full-batch GD from the saved initial layers toward M, with the
/// sharpness tracked along the way and the exact (or certified) sharpness of the end point.
/// </summary>
public static class TrainCommand
{
    /// <summary>The verb with its options and action.</summary>
    public static Command Create()
    {
        var inputs = new InputOptions("Target M (d_N × d_0) as .npy or .csv. Required unless data is given (--inputs/--outputs " +
                                      "or --covariance/--cross-covariance): the layers are the initial point, not a minimizer.");
        var dataOptions = new DataOptions();
        var request = new TrainRequest();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var html = new Option<string?>("--html")
        {
            Description = "Also write a self-contained HTML page (plotly.js inlined, works offline): loss and λmax against steps with the 2/η line.",
            HelpName = "out.html",
        };
        var command = new Command("train",
            "Full-batch gradient descent on ½‖W_N⋯W_1 − M‖²_F from the given initial layers: λmax(H) every K steps, the outcome " +
            "(converged, edge-of-stability, periodic, diverged, not-converged) with its reason, and at the end the exact sharpness of the " +
            "limit, the minimal sharpness N‖M‖₂^(2−2/N), ρ, flatness and balance; off zero loss a certified interval for λmax(H) instead. " +
            "--flow adds the gradient-flow reference from the same start. With --inputs/--outputs (or --covariance/--cross-covariance) " +
            "GD runs on ½‖W_N⋯W_1X − Y‖²_F instead, converging at a least-squares optimum, with the data-aware sharpness of the end point.");
        inputs.AddTo(command);
        dataOptions.AddTo(command);
        request.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(html);
        command.SetAction(parsed =>
        {
            var options = request.Resolve(parsed);
            string? htmlPath = parsed.GetValue(html);
            if (dataOptions.IsGiven(parsed) || parsed.GetResult(dataOptions.SamplesAs) is { Implicit: false })
            {
                dataOptions.Validate(parsed, parsed.GetValue(inputs.Target));
                if (options.Flow) throw CliException.Usage("--flow is not available with data (the gradient-flow reference runs on ½‖W_N⋯W_1 − M‖²_F only)");
                if (htmlPath is not null) throw CliException.Usage("--html is not available with data yet; use --json for the loss and sharpness tracks");
                var initial = LayerFiles.ReadLayers(parsed.GetRequiredValue(inputs.Layers));
                var data = dataOptions.Load(parsed, initial);
                var dataRun = Sharpness.Data.DataTrainer.Run(initial, data, options);
                if (parsed.GetValue(json)) JsonOutput.Write(parsed.InvocationConfiguration.Output, DataTrainOutput.ToJson(dataRun));
                else DataTrainOutput.WriteText(parsed.InvocationConfiguration.Output, dataRun);
                return ExitCodes.Ok;
            }
            if (parsed.GetValue(inputs.Target) is null)
                throw CliException.Usage("train needs the target: --target M.npy|M.csv, or data: --inputs X --outputs Y (the layers are the initial point, not a minimizer)");
            if (htmlPath is not null) EscapePage.CheckWritable(htmlPath, inputs.Paths(parsed));
            var (point, target) = inputs.Load(parsed);
            var run = Trainer.Run(point, target, options);
            if (htmlPath is not null) TrainPage.Write(htmlPath, run);

            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json)) JsonOutput.Write(output, TrainOutput.ToJson(run, htmlPath));
            else TrainOutput.WriteText(output, run, htmlPath);
            return ExitCodes.Ok;
        });
        return command;
    }
}
