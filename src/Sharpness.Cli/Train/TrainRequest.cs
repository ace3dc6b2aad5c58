using System.CommandLine;
using System.Globalization;
using Sharpness.Cli.Hosting;
using Sharpness.Training;

namespace Sharpness.Cli.Train;

/// <summary>The options of <c>sharpness train</c>, their defaults, and the checks that turn bad values into one-line
/// usage errors (exit code <see cref="ExitCodes.Usage"/>) before any work is done.</summary>
public sealed class TrainRequest
{
    /// <summary>--eta ETA (required).</summary>
    public Option<double?> Eta { get; } = new("--eta") { CustomParser = OptionNumbers.OptionalNumber, Description = "Step size η of full-batch GD (required; GD is stable at a minimizer only where λmax < 2/η).", HelpName = "ETA" };

    /// <summary>--steps N.</summary>
    public Option<int> Steps { get; } = new("--steps") { CustomParser = OptionNumbers.WholeNumberIn(1, TrainingOptions.MaxSteps), HelpName = "N", Description = $"The most GD steps to run ({OptionNumbers.Range(1, TrainingOptions.MaxSteps)}); the run stops earlier once ‖P − M‖_F/‖M‖_F ≤ 1e-9 (with data: ‖PS − YXᵀ‖_F/‖YXᵀ‖_F ≤ 1e-9, a least-squares optimum) or the loss diverges.", DefaultValueFactory = _ => 10_000 };

    /// <summary>--sharpness-every K.</summary>
    public Option<int> SharpnessEvery { get; } = new("--sharpness-every") { CustomParser = OptionNumbers.WholeNumberIn(1, int.MaxValue), HelpName = "K", Description = $"λmax(H) every K steps (Lanczos on the exact Hessian–vector product, warm-started); K in {OptionNumbers.Range(1, int.MaxValue)}.", DefaultValueFactory = _ => 100 };

    /// <summary>--top T.</summary>
    public Option<int> Top { get; } = new("--top") { CustomParser = OptionNumbers.WholeNumberIn(1, MaxTop), HelpName = "T", Description = $"Report the T largest Hessian eigenvalues at each estimate ({OptionNumbers.Range(1, MaxTop)}).", DefaultValueFactory = _ => 1 };

    /// <summary>The most eigenvalues --top may ask for.</summary>
    public const int MaxTop = 20;

    /// <summary>--flow.</summary>
    public Option<bool> Flow { get; } = new("--flow") { Description = "Also integrate the gradient flow from the same start (adaptive Dormand–Prince 5(4)) over t ∈ [0, steps·η], with its own sharpness track." };

    /// <summary>--flow-tol.</summary>
    public Option<double> FlowTolerance { get; } = new("--flow-tol") { CustomParser = OptionNumbers.Number, HelpName = "TOL", Description = "With --flow: the local error tolerance of the gradient-flow integrator (|err_i| ≤ tol·(1 + |w_i|)); in (0, 1e-2].", DefaultValueFactory = _ => 1e-10 };

    /// <summary>Adds every option to the command.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Eta, Steps, SharpnessEvery, Top, Flow, FlowTolerance })
            command.Options.Add(o);
    }

    /// <summary>The training options, after checking every value.</summary>
    /// <exception cref="CliException">A bad option value (exit code <see cref="ExitCodes.Usage"/>).</exception>
    public TrainingOptions Resolve(ParseResult parsed)
    {
        double eta = parsed.GetValue(Eta) ?? throw CliException.Usage("give the step size: --eta ETA");
        if (!double.IsFinite(eta) || eta <= 0)
            throw CliException.Usage($"--eta must be a finite positive number, got {eta.ToString(CultureInfo.InvariantCulture)}");
        // --steps, --sharpness-every and --top are range-checked by their parsers.
        int steps = parsed.GetValue(Steps), every = parsed.GetValue(SharpnessEvery), top = parsed.GetValue(Top);
        bool flow = parsed.GetValue(Flow);
        if (!flow && parsed.GetResult(FlowTolerance) is { Implicit: false })
            throw CliException.Usage($"{FlowTolerance.Name} applies only to {Flow.Name}; add {Flow.Name} or drop {FlowTolerance.Name}");
        double tol = parsed.GetValue(FlowTolerance);
        if (!(tol > 0) || tol > 1e-2) throw CliException.Usage($"--flow-tol must be in (0, 1e-2], got {tol.ToString(CultureInfo.InvariantCulture)}");
        return new TrainingOptions
        {
            Eta = eta,
            Steps = steps,
            SharpnessEvery = every,
            TopEigenvalues = top,
            Flow = flow,
            FlowTolerance = tol,
        };
    }
}
