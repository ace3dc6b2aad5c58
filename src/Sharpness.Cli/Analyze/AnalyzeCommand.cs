using System.CommandLine;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Output;
using Sharpness.Verification;

namespace Sharpness.Cli.Analyze;

/// <summary><c>sharpness analyze LAYERS… [--target M | --inputs X --outputs Y [--samples-as rows|columns] |
/// --covariance S --cross-covariance C] [--verify] [--json] [--verbose]</c>.</summary>
public static class AnalyzeCommand
{
    /// <summary>A check estimated to take at least this long announces itself on stderr before it starts.</summary>
    public const double LongCheckSeconds = 10;

    /// <summary>The verb with its options and action.</summary>
    public static Command Create()
    {
        var inputs = new InputOptions();
        var dataOptions = new DataOptions();
        var verify = new Option<bool>("--verify")
        {
            Description = $"Also compute λmax(H) by brute force: the dense Hessian (when P ≤ --dense-limit, {Analysis.DenseVerifyLimit} by default) and Lanczos on the Hessian–vector product, with residuals. The memory and time each needs are stated; a check that does not fit in memory is refused (exit 13) unless --force.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "With --verify: run the check even when its memory estimate exceeds the memory available.",
        };
        var denseLimit = new Option<int>("--dense-limit")
        {
            CustomParser = OptionNumbers.WholeNumberIn(0, DenseHessian.MaxParameters),
            DefaultValueFactory = _ => Analysis.DenseVerifyLimit,
            Description = $"With --verify: the largest parameter count P for the dense Hessian (0 … {DenseHessian.MaxParameters}; 0 checks with Lanczos alone).",
            HelpName = "P",
        };
        var memoryLimit = new Option<long?>("--memory-limit")
        {
            CustomParser = MemorySize.Parse,
            Description = "With --verify: plan the check within this much memory (e.g. 512M, 2G; bytes without a suffix) instead of the memory available now.",
            HelpName = "SIZE",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Also say how λ was computed: the dense kernels in use (OpenBLAS or managed), operator applications, the relative eigen-residual (not with data, whose report states the route, residual and steps anyway).",
        };

        var command = new Command("analyze",
            "Exact sharpness of the point W = (W1, …, WN) for the target M, the minimal sharpness over all minimizers of M, " +
            "flatness, spectral products, trace and Frobenius norm of the Hessian. With --inputs/--outputs (or --covariance/--cross-covariance): " +
            "the sharpness of ½‖W_N⋯W_1X − Y‖²_F, exact through K_X at a least-squares optimum, certified elsewhere.");
        inputs.AddTo(command);
        dataOptions.AddTo(command);
        command.Options.Add(verify);
        command.Options.Add(force);
        command.Options.Add(denseLimit);
        command.Options.Add(memoryLimit);
        command.Options.Add(json);
        command.Options.Add(verbose);
        command.SetAction(parsed =>
        {
            bool checking = parsed.GetValue(verify);
            int limit = parsed.GetValue(denseLimit); // 0 … DenseHessian.MaxParameters, checked by its parser
            var onlyWithVerify = new Option[] { force, denseLimit, memoryLimit }.Where(o => parsed.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToArray();
            if (!checking && onlyWithVerify.Length > 0)
                throw new CliException(ExitCodes.Usage, onlyWithVerify.Length == 1
                    ? $"{onlyWithVerify[0]} applies only to --verify; add --verify or drop {onlyWithVerify[0]}"
                    : $"{string.Join(", ", onlyWithVerify[..^1])} and {onlyWithVerify[^1]} apply only to --verify; add --verify or drop them");
            var request = checking ? new VerifyRequest(limit, parsed.GetValue(force), parsed.GetValue(memoryLimit)) : null;
            // A check that takes a while says so before it starts (the report repeats the plan); data or target alike.
            void Announce(VerificationPlan plan)
            {
                double seconds = (plan.Dense ? plan.DenseSeconds : 0) + plan.LanczosSeconds;
                if (seconds >= LongCheckSeconds)
                    parsed.InvocationConfiguration.Error.WriteLine($"sharpness: --verify will take ≈ {VerificationPlan.Seconds(seconds)}: {plan.Describe()}");
            }
            if (dataOptions.IsGiven(parsed) || parsed.GetResult(dataOptions.SamplesAs) is { Implicit: false })
            {
                dataOptions.Validate(parsed, parsed.GetValue(inputs.Target));
                if (parsed.GetValue(verbose))
                    throw CliException.Usage("--verbose is not available with data yet; the data report already states the route, the eigen-residual and the Lanczos steps");
                var layers = Sharpness.IO.LayerFiles.ReadLayers(parsed.GetRequiredValue(inputs.Layers));
                var data = dataOptions.Load(parsed, layers);
                var dataAnalysis = DataAnalysis.Of(layers, data, request, Announce);
                if (parsed.GetValue(json)) JsonOutput.Write(parsed.InvocationConfiguration.Output, dataAnalysis.ToJson());
                else dataAnalysis.WriteText(parsed.InvocationConfiguration.Output);
                return ExitCodes.Ok;
            }
            var (point, target) = inputs.LoadOwnProductLazily(parsed);
            var analysis = Analysis.Of(point, target, request, Announce);
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
