using System.CommandLine;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Output;

namespace Sharpness.Cli.Analyze;

/// <summary><c>sharpness analyze LAYERS… [--target M | --inputs X --outputs Y [--samples-as rows|columns] |
/// --covariance S --cross-covariance C] [--verify] [--json] [--verbose]</c>.</summary>
public static class AnalyzeCommand
{
    /// <summary>The verb with its options and action.</summary>
    public static Command Create()
    {
        var inputs = new InputOptions();
        var dataOptions = new DataOptions();
        var verify = new Option<bool>("--verify")
        {
            Description = $"Also compute λmax(H) by brute force: the dense Hessian (when P ≤ {Analysis.DenseVerifyLimit}) and Lanczos on the Hessian–vector product, with residuals.",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Also say how λ was computed: the dense kernels in use (OpenBLAS or managed), operator applications, the relative eigen-residual.",
        };

        var command = new Command("analyze",
            "Exact sharpness of the point W = (W1, …, WN) for the target M, the minimal sharpness over all minimizers of M, " +
            "flatness, spectral products, trace and Frobenius norm of the Hessian. With --inputs/--outputs (or --covariance/--cross-covariance): " +
            "the sharpness of ½‖W_N⋯W_1X − Y‖²_F, exact through K_X at a least-squares optimum, certified elsewhere.");
        inputs.AddTo(command);
        dataOptions.AddTo(command);
        command.Options.Add(verify);
        command.Options.Add(json);
        command.Options.Add(verbose);
        command.SetAction(parsed =>
        {
            if (dataOptions.IsGiven(parsed) || parsed.GetResult(dataOptions.SamplesAs) is { Implicit: false })
            {
                dataOptions.Validate(parsed, parsed.GetValue(inputs.Target));
                var layers = Sharpness.IO.LayerFiles.ReadLayers(parsed.GetRequiredValue(inputs.Layers));
                var data = dataOptions.Load(parsed, layers);
                var dataAnalysis = DataAnalysis.Of(layers, data, parsed.GetValue(verify));
                if (parsed.GetValue(json)) JsonOutput.Write(parsed.InvocationConfiguration.Output, dataAnalysis.ToJson());
                else dataAnalysis.WriteText(parsed.InvocationConfiguration.Output);
                return ExitCodes.Ok;
            }
            var (point, target) = inputs.Load(parsed);
            var analysis = Analysis.Of(point, target, parsed.GetValue(verify));
            var output = parsed.InvocationConfiguration.Output;
            bool details = parsed.GetValue(verbose);
            // OpenBLAS that failed its self-test is worth one line even without --verbose (the numbers are fine:
            // the managed kernels ran instead).
            if (Sharpness.LinearAlgebra.Kernels.DenseKernels.FallbackNote is { } note && note.Contains("disagrees", StringComparison.Ordinal))
                parsed.InvocationConfiguration.Error.WriteLine($"note: {note}");
            if (parsed.GetValue(json)) JsonOutput.Write(output, AnalysisOutput.ToJson(analysis, details));
            else AnalysisOutput.WriteText(output, analysis, details);
            return ExitCodes.Ok;
        });
        return command;
    }
}
