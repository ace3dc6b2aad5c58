using System.CommandLine;
using System.Globalization;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Output;
using Sharpness.Dynamics;

namespace Sharpness.Cli.Escape;

/// <summary>The options of <c>sharpness escape</c>, their defaults, and the checks that turn bad values into
/// one-line usage errors (exit code <see cref="ExitCodes.Usage"/>) before any work is done.</summary>
public sealed class EscapeRequest
{
    /// <summary>--c C, repeatable: relative step sizes c = ηλ*/2.</summary>
    public Option<double[]> C { get; } = new("--c")
    {
        CustomParser = OptionNumbers.Numbers,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
        Description = "Relative step size c = ηλ*/2 (c > 1 escapes along v1). Repeat it for a sweep (--c 1.1 --c 1.2): one table or JSON array, in the given order. Give --c, --c-range or --eta.",
        HelpName = "C",
    };

    /// <summary>--c-range START:STOP:COUNT: COUNT evenly spaced relative step sizes from START to STOP.</summary>
    public Option<double[]> CRange { get; } = new("--c-range")
    {
        CustomParser = ParseRange,
        Description = "COUNT evenly spaced step sizes c from START to STOP, both included (0.9:0.99:16), run as one sweep; each is the double nearest the decimal grid value (1:1.4:5 runs 1, 1.1, 1.2, 1.3, 1.4).",
        HelpName = "START:STOP:COUNT",
    };

    /// <summary>--eta ETA, repeatable: absolute step sizes.</summary>
    public Option<double[]> Eta { get; } = new("--eta")
    {
        CustomParser = OptionNumbers.Numbers,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
        Description = "Step size η itself; repeat it for a sweep. Give --c, --c-range or --eta.",
        HelpName = "ETA",
    };

    /// <summary>Most runs one --c-range may ask for.</summary>
    public const int MaxRangeCount = 100_000;

    /// <summary>--eps: start radius.</summary>
    public Option<double> Eps { get; } = new("--eps") { CustomParser = OptionNumbers.Number, HelpName = "ε", Description = "Start radius ε: W0 = W* + ε·s·direction, where s is the scale of W* (s = 1 for points of ordinary scale; far from it s = 2^k, k the binary exponent of W*'s largest entry).", DefaultValueFactory = _ => 1e-15 };

    /// <summary>--direction v1|vN|random.</summary>
    public Option<string> Direction { get; } = new("--direction")
    {
        Description = "Start direction: v1 (top Hessian eigenvector, the one start with a predicted escape iteration), vN (the rescaling null direction), random (seeded Gaussian).",
        DefaultValueFactory = _ => "v1",
    };

    /// <summary>--mode delta|plain.</summary>
    public Option<string> Mode { get; } = new("--mode")
    {
        Description = "delta: iterate on W − W* with an exact residual (reproducible down to ε = 1e-15); plain: ordinary floating point (use ε ≥ 1e-12).",
        DefaultValueFactory = _ => "delta",
    };

    /// <summary>--max-iter.</summary>
    public Option<int> MaxIterations { get; } = new("--max-iter") { CustomParser = OptionNumbers.WholeNumberIn(1, int.MaxValue), Description = $"The most GD iterations to run ({OptionNumbers.Range(1, int.MaxValue)}).", HelpName = "N", DefaultValueFactory = _ => 40_000 };

    /// <summary>--escape-distance δ.</summary>
    public Option<double> EscapeDistance { get; } = new("--escape-distance")
    {
        CustomParser = OptionNumbers.Number,
        HelpName = "δ",
        Description = "δ: the run has escaped at the first iteration with ‖W − W*‖ ≥ δ·s (s the scale of W*, as for --eps).",
        DefaultValueFactory = _ => 1e-3,
    };

    /// <summary>--seed for --direction random: 0 … int.MaxValue, because System.Random(−s) draws the same sequence as
    /// System.Random(s), so a negative seed would silently repeat a positive one.</summary>
    public Option<int> Seed { get; } = new("--seed") { CustomParser = OptionNumbers.WholeNumberIn(0, int.MaxValue), HelpName = "SEED", Description = $"Seed of --direction random ({OptionNumbers.Range(0, int.MaxValue)}; same seed, same run); only with --direction random.", DefaultValueFactory = _ => 0 };

    /// <summary>Adds every option to the command.</summary>
    public void AddTo(Command command)
    {
        Direction.AcceptOnlyFromAmong("v1", "vN", "random");
        Mode.AcceptOnlyFromAmong("delta", "plain");
        foreach (var o in new Option[] { C, CRange, Eta, Eps, Direction, Mode, MaxIterations, EscapeDistance, Seed })
            command.Options.Add(o);
    }

    /// <summary>The step sizes (in the order given) and the GD options, after checking every value.</summary>
    /// <exception cref="CliException">A bad option value (exit code <see cref="ExitCodes.Usage"/>).</exception>
    public (IReadOnlyList<StepSize> Steps, GdOptions Options) Resolve(ParseResult parsed)
    {
        double[] cs = parsed.GetValue(C) ?? [], range = parsed.GetValue(CRange) ?? [], etas = parsed.GetValue(Eta) ?? [];
        int given = (cs.Length > 0 ? 1 : 0) + (range.Length > 0 ? 1 : 0) + (etas.Length > 0 ? 1 : 0);
        if (given == 0)
            throw CliException.Usage("give the step size: --c C (relative, c = ηλ*/2), --c-range START:STOP:COUNT or --eta ETA");
        if (given > 1)
            throw CliException.Usage("give the step sizes one way: --c (repeated), --c-range or --eta (repeated), not a mix");
        var steps = etas.Length > 0
            ? etas.Select(e => StepSize.Absolute(Positive(e, Eta.Name))).ToList()
            : (cs.Length > 0 ? cs : range).Select(c => StepSize.Relative(Positive(c, cs.Length > 0 ? C.Name : CRange.Name))).ToList();

        double eps = Positive(parsed.GetValue(Eps), "--eps");
        double delta = Positive(parsed.GetValue(EscapeDistance), "--escape-distance");
        int maxIterations = parsed.GetValue(MaxIterations); // 1 … int.MaxValue, checked by its parser
        if (parsed.GetResult(Seed) is { Implicit: false } && parsed.GetValue(Direction) != "random")
            throw CliException.Usage($"{Seed.Name} applies only to {Direction.Name} random; add {Direction.Name} random or drop {Seed.Name}");
        var direction = parsed.GetValue(Direction) switch
        {
            "vN" => StartDirection.NullDirection,
            "random" => StartDirection.Random(parsed.GetValue(Seed)),
            _ => StartDirection.TopEigenvector,
        };
        var mode = parsed.GetValue(Mode) == "plain" ? ArithmeticMode.Plain : ArithmeticMode.Delta;
        return (steps, new GdOptions
        {
            Radius = eps,
            Direction = direction,
            Mode = mode,
            MaxIterations = maxIterations,
            EscapeDistance = delta,
            // Record every iterate until the sample cap, then the recorder thins itself (stride doubling): short
            // runs keep full resolution in the --html charts, long ones stay bounded in memory.
            SampleStride = 1,
        });
    }

    /// <summary>Fails (exit code <see cref="ExitCodes.NotComputable"/>, naming the option) when the step size given
    /// as c or η makes the other one unrepresentable at λ*: η = 2c/λ* or c = ηλ*/2 overflows or underflows to 0.</summary>
    public void RequireRepresentableStep(StepSize step, double lambda)
    {
        double eta = step.Eta(lambda), c = step.RelativeTo(lambda);
        if (double.IsFinite(eta) && eta > 0 && double.IsFinite(c) && c > 0) return;
        string given = NumberFormat.Exact(step.Value), at = $"at λ* = {NumberFormat.Full(lambda)}";
        throw new CliException(ExitCodes.NotComputable, step.IsRelative
            ? $"{C.Name} {given} is outside double range {at}: η = 2c/λ* = {NumberFormat.Full(eta)} {(eta == 0 ? "underflows to 0" : "overflows")}"
            : $"{Eta.Name} {given} is outside double range {at}: c = ηλ*/2 = {NumberFormat.Full(c)} {(c == 0 ? "underflows to 0" : "overflows")}; " +
              $"give an --eta below {NumberFormat.Short(2 * (double.MaxValue / lambda))} or use --c");
    }

    /// <summary>Fails (exit code <see cref="ExitCodes.NotComputable"/>, naming --eps) when the loss at the start
    /// W* + ε·d is not a double: GD never started, which is not a divergence of GD.</summary>
    public void RequireRepresentableStart(EscapeRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Iterations == 0 && run.FinalLoss is null)
            throw new CliException(ExitCodes.NotComputable,
                $"{Eps.Name} {NumberFormat.Exact(run.Radius)} is outside double range: the loss at the start W* + ε·{run.Direction} overflows; give a smaller --eps");
    }

    /// <summary>START:STOP:COUNT → COUNT values START + i(STOP − START)/(COUNT − 1) (see <see cref="Grid"/>), both
    /// ends exactly as typed (COUNT = 1 needs START = STOP).</summary>
    private static double[] ParseRange(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return [];
        string text = result.Tokens[0].Value;
        string name = "--c-range";
        var parts = text.Split(':');
        double start = 0, stop = 0, count = 0;
        string? problem = parts.Length != 3
            ? "is not START:STOP:COUNT (three parts separated by ':', e.g. 0.9:0.99:16)"
            : !OptionNumbers.Parse(parts[0], out start, out var p0) ? $"START '{parts[0]}' {p0}"
            : !OptionNumbers.Parse(parts[1], out stop, out var p1) ? $"STOP '{parts[1]}' {p1}"
            : !OptionNumbers.Parse(parts[2], out count, out var p2) ? $"COUNT '{parts[2]}' {p2}"
            : count != Math.Floor(count) || count < 1 || count > MaxRangeCount ? $"COUNT must be a whole number from 1 to {MaxRangeCount}, got {parts[2].Trim()}"
            : count == 1 && start != stop ? "asks for 1 value between two different ends; give COUNT ≥ 2, or START = STOP"
            : null;
        if (problem is not null)
        {
            result.AddError($"{name}: '{text}' {problem}");
            return [];
        }
        return Grid(parts[0].Trim(), parts[1].Trim(), start, stop, (int)count);
    }

    /// <summary>The COUNT grid values START + i(STOP − START)/(COUNT − 1), each the double nearest the decimal value
    /// (0.9:1.3:5 gives 1.1, not 1.1000000000000003; 1:1.4:3 gives 1.2, not 1.2000000000000002): formed in decimal
    /// arithmetic from the typed text as (START·(COUNT−1) + i·(STOP − START))/(COUNT − 1) — one rounding to 28
    /// digits — and then read as a double (correctly rounded). Ends a decimal cannot hold exactly (beyond 28 digits
    /// or its range, e.g. 1e-40) use (START·(COUNT−1−i) + STOP·i)/(COUNT−1) in double.</summary>
    internal static double[] Grid(string startText, string stopText, double start, double stop, int count)
    {
        var values = new double[count];
        values[0] = start;
        values[count - 1] = stop; // COUNT = 1: START = STOP
        int gaps = count - 1;
        if (ExactDecimal(startText, start) is { } a && ExactDecimal(stopText, stop) is { } b)
        {
            for (int i = 1; i < gaps; i++)
                values[i] = double.Parse(((a * gaps + i * (b - a)) / gaps).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            return values;
        }
        for (int i = 1; i < gaps; i++) values[i] = (start * (gaps - i) + stop * i) / gaps;
        return values;
    }

    // The typed number as a decimal, when that decimal reads back as the same double as the typed text.
    private static decimal? ExactDecimal(string text, double value)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d)) return null;
        if (d == 0 && value != 0) return null; // below decimal's 28 places
        // Overflow of the grid arithmetic (a·(COUNT−1) up to 1e5·|a|) is avoided by capping the magnitude.
        if (Math.Abs(d) > 1e20m) return null;
        // A text with more digits than a decimal holds is rounded by the parse; then it must still be the same double.
        return double.Parse(d.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) == value ? d : null;
    }

    private static double Positive(double x, string name) =>
        double.IsFinite(x) && x > 0 ? x : throw CliException.Usage($"{name} must be a finite positive number, got {x.ToString(CultureInfo.InvariantCulture)}");
}
