using System.CommandLine;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Output;
using Sharpness.Dynamics;
using Sharpness.Exact;

namespace Sharpness.Cli.Escape;

/// <summary>
/// <c>sharpness escape LAYERS… (--c C | --eta ETA) [--eps] [--direction] [--mode] [--max-iter] [--escape-distance]
/// [--seed] [--json] [--html run.html]</c>: gradient descent from W* + ε·direction (theory §3).
/// </summary>
public static class EscapeCommand
{
    /// <summary>The verb with its options and action.</summary>
    public static Command Create()
    {
        var inputs = new InputOptions();
        var request = new EscapeRequest();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
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
            var (step, options) = request.Resolve(parsed);
            string? htmlPath = parsed.GetValue(html);
            if (htmlPath is not null) EscapePage.CheckWritable(htmlPath, inputs.Paths(parsed));
            var (point, target) = inputs.Load(parsed);
            if (point.Depth < 2)
                throw CliException.Usage("escape needs at least 2 layers: at depth 1 the Hessian is the identity and there is no minimizer manifold to move along");
            RequireZeroLoss(point, target);

            var setting = new EscapeSetting(point, options.Radius ?? 1e-15, "W*");
            if (!double.IsFinite(setting.Lambda))
                throw new CliException(ExitCodes.NotComputable, "λ* overflows double precision at W*; the layers are too large, rescale them");
            if (step.IsRelative && !(setting.Lambda > 0))
                throw CliException.Usage("λ* = 0 at W* (the Hessian vanishes), so c = ηλ*/2 cannot fix a step size; give --eta instead");
            request.RequireRepresentableStep(step, setting.Lambda);
            var run = setting.Run(step, options);
            request.RequireRepresentableStart(run);
            if (htmlPath is not null) EscapePage.Write(htmlPath, run);

            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json)) JsonOutput.Write(output, EscapeOutput.ToJson(setting, run, htmlPath));
            else EscapeOutput.WriteText(output, setting, run, htmlPath);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void RequireZeroLoss(Sharpness.Model.DeepFactorization point, MathNet.Numerics.LinearAlgebra.Matrix<double> target)
    {
        try
        {
            _ = ExactSharpness.Compute(point, target);
        }
        catch (NotZeroLossException e)
        {
            throw new CliException(ExitCodes.NotZeroLoss,
                $"escape needs W* to be a zero-loss point of M, but ‖P(W) − M‖_F/‖M‖_F = {e.RelativeResidual:G3} > {e.Tolerance:G3}; " +
                "drop --target to use M = P(W*)");
        }
    }
}
