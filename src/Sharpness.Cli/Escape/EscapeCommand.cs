using System.CommandLine;
using System.Text.Json.Nodes;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Output;
using Sharpness.Dynamics;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Cli.Escape;

/// <summary>
/// <c>sharpness escape LAYERS… (--c C… | --c-range START:STOP:COUNT | --eta ETA…) [--eps] [--direction] [--mode]
/// [--max-iter] [--escape-distance] [--seed] [--json] [--html run.html]</c>: gradient descent from W* + ε·direction
/// (theory §3). One step size prints one report (one JSON object); several run as one lane-batched sweep
/// (<see cref="EscapeSweep"/>) and print one table (one JSON array), in the order given.
/// </summary>
public static class EscapeCommand
{
    /// <summary>The verb with its options and action.</summary>
    public static Command Create()
    {
        var inputs = new InputOptions();
        var request = new EscapeRequest();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text: one object for one step size, an array of them (in the given order) for several." };
        var html = new Option<string?>("--html")
        {
            Description = "Also write a self-contained HTML page (plotly.js inlined, works offline) with the run's charts.",
            HelpName = "run.html",
        };
        var command = new Command("escape",
            "Gradient descent started at W* + ε·direction, where W* (the given layers) is a zero-loss point of M: " +
            "the predicted and measured escape iteration, the outcome (stayed, converged, bounded, diverged) and, when it converged, " +
            "the sharpness of the minimizer it settled at. With --target, M only serves to check that W* is a zero-loss point; " +
            "the run uses M = P(W*) computed by the GD kernel itself, so that W* is an exact fixed point (theory §3.3).");
        inputs.AddTo(command);
        request.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(html);
        command.SetAction(parsed =>
        {
            var (steps, options) = request.Resolve(parsed);
            string? htmlPath = parsed.GetValue(html);
            if (htmlPath is not null && steps.Count > 1)
                throw CliException.Usage($"--html draws the charts of one run, but {steps.Count} step sizes were given; give one step size with --html");
            if (htmlPath is not null) EscapePage.CheckWritable(htmlPath, inputs.Paths(parsed));
            var (point, target) = inputs.Load(parsed);
            if (point.Depth < 2)
                throw CliException.Usage("escape needs at least 2 layers: at depth 1 the Hessian is the identity and there is no minimizer manifold to move along");
            RequireZeroLoss(point, target);

            var setting = new EscapeSetting(point, options.Radius ?? 1e-15, "W*");
            if (!double.IsFinite(setting.Lambda))
                throw new CliException(ExitCodes.NotComputable, "λ* overflows double precision at W*; the layers are too large, rescale them");
            if (steps[0].IsRelative && !(setting.Lambda > 0))
                throw CliException.Usage("λ* = 0 at W* (the Hessian vanishes), so c = ηλ*/2 cannot fix a step size; give --eta instead");
            foreach (var step in steps) request.RequireRepresentableStep(step, setting.Lambda);
            var output = parsed.InvocationConfiguration.Output;
            if (steps.Count == 1)
            {
                var run = setting.Run(steps[0], options);
                request.RequireRepresentableStart(run);
                if (htmlPath is not null) EscapePage.Write(htmlPath, run);
                if (parsed.GetValue(json)) JsonOutput.Write(output, EscapeOutput.ToJson(setting, run, htmlPath));
                else EscapeOutput.WriteText(output, setting, run, htmlPath);
                return ExitCodes.Ok;
            }

            var runs = EscapeSweep.Run(steps.Select(step => new SweepItem(setting, step, options)).ToList());
            foreach (var run in runs) request.RequireRepresentableStart(run);
            if (parsed.GetValue(json)) JsonOutput.Write(output, new JsonArray([.. runs.Select(r => EscapeOutput.ToJson(setting, r, null))]));
            else EscapeOutput.WriteTable(output, setting, runs);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void RequireZeroLoss(Sharpness.Model.DeepFactorization point, MathNet.Numerics.LinearAlgebra.Matrix<double> target)
    {
        if (!ZeroLossPoint.TryCreate(point, target, ZeroLossPoint.DefaultTolerance, out _, out double residual))
            throw new CliException(ExitCodes.NotZeroLoss,
                $"escape needs W* to be a zero-loss point of M, but ‖P(W) − M‖_F/‖M‖_F = {residual:G3} > {ZeroLossPoint.DefaultTolerance:G3}; " +
                "drop --target to use M = P(W*)");
    }
}
