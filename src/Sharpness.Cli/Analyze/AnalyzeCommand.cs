using System.CommandLine;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Output;

namespace Sharpness.Cli.Analyze;

/// <summary><c>sharpness analyze LAYERS… [--target M] [--verify] [--json]</c>.</summary>
public static class AnalyzeCommand
{
    /// <summary>The verb with its options and action.</summary>
    public static Command Create()
    {
        var inputs = new InputOptions();
        var verify = new Option<bool>("--verify")
        {
            Description = $"Also compute λmax(H) by brute force: the dense Hessian (when P ≤ {Analysis.DenseVerifyLimit}) and Lanczos on the Hessian–vector product, with residuals.",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };

        var command = new Command("analyze",
            "Exact sharpness of the point W = (W1, …, WN) for the target M, the minimal sharpness over all minimizers of M, " +
            "flatness, spectral products, trace and Frobenius norm of the Hessian.");
        inputs.AddTo(command);
        command.Options.Add(verify);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            var (point, target) = inputs.Load(parsed);
            var analysis = Analysis.Compute(point, target, parsed.GetValue(verify));
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json)) JsonOutput.Write(output, AnalysisOutput.ToJson(analysis));
            else AnalysisOutput.WriteText(output, analysis);
            return ExitCodes.Ok;
        });
        return command;
    }
}
