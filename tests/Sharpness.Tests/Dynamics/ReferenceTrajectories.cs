using System.Globalization;
using System.Reflection;
using System.Text;
using Sharpness.Dynamics;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Tests.Dynamics;

/// <summary>
/// Trajectories saved from the single-run kernels as they were before the lane-batched kernels were written
/// (commit "Reference trajectories", issue 18), stored in <c>Dynamics/Reference/trajectories.tsv</c>. Every later
/// kernel (single run, batched, any lane width, any thread count) must reproduce them bit for bit: each line is a
/// 64-bit FNV-1a hash of every loss and of the final point, bits included, so one changed rounding anywhere fails.
/// </summary>
/// <remarks>Regenerate only on purpose (a deliberate change of the arithmetic):
/// <c>SHARPNESS_WRITE_GD_REFERENCE=/path/trajectories.tsv dotnet test --filter ReferenceTrajectory</c>.</remarks>
internal static class ReferenceTrajectories
{
    /// <summary>A kernel-level case: <see cref="Steps"/> bare Evaluate/Step pairs from W* + offset.</summary>
    public sealed record KernelCase(string Setting, ArithmeticMode Mode, double C, string Start, int Steps)
    {
        public string Key => string.Create(CultureInfo.InvariantCulture, $"kernel\t{Setting}\t{Mode}\t{C:R}\t{Start}\t{Steps}");
    }

    /// <summary>An engine-level case: a full <see cref="GradientDescent.Run"/> with the options of <see cref="Options"/>.</summary>
    public sealed record EngineCase(string Setting, ArithmeticMode Mode, double C, double Radius, string Direction, int MaxIterations)
    {
        public string Key => string.Create(CultureInfo.InvariantCulture, $"engine\t{Setting}\t{Mode}\t{C:R}\t{Radius:R}\t{Direction}\t{MaxIterations}");

        public GdOptions Options => new()
        {
            Mode = Mode, Radius = Radius, MaxIterations = MaxIterations, RecordLayerNorms = Setting == "fig1",
            Direction = Direction == "v1" ? StartDirection.TopEigenvector : StartDirection.Random(int.Parse(Direction[6..], CultureInfo.InvariantCulture)),
        };
    }

    private static readonly Dictionary<string, Lazy<EscapeSetting>> _settings = new()
    {
        ["fig1"] = new(() => DynamicsFixtures.DepthTwo),
        ["F4"] = new(() => DynamicsFixtures.F4Setting),
        ["F8"] = new(() => DynamicsFixtures.F8Setting),
        ["chain15"] = new(() => DynamicsFixtures.Chain),
        // Odd widths: column counts 13 and 9 exercise the 8-, 4- and 1-wide tails of every product path.
        ["odd2"] = new(() => new EscapeSetting(TestData.RandomFactorization(new Random(7), 13, 9, 11), 1e-12, "odd2")),
        ["depth4"] = new(() => new EscapeSetting(TestData.RandomFactorization(new Random(11), 4, 5, 3, 6, 2), 1e-12, "depth4")),
    };

    public static EscapeSetting Setting(string name) => _settings[name].Value;

    public static IEnumerable<string> SettingNames => _settings.Keys;

    /// <summary>c values for a setting: stays, converges, just above ρ (orbit), far above (orbit or divergence).</summary>
    public static double[] Cs(string setting)
    {
        double rho = Setting(setting).Rho;
        return [0.9, 1.1, Math.Round(rho + 0.03, 6), Math.Round(rho + 0.4, 6), 2.5];
    }

    public static IEnumerable<KernelCase> KernelCases() =>
        from s in SettingNames
        from mode in new[] { ArithmeticMode.Plain, ArithmeticMode.Delta }
        from c in Cs(s)
        from start in new[] { "v1:1e-3", "gauss:0.05" }
        select new KernelCase(s, mode, c, start, 600);

    public static IEnumerable<EngineCase> EngineCases() =>
        from s in SettingNames
        from mode in new[] { ArithmeticMode.Plain, ArithmeticMode.Delta }
        from c in Cs(s)
        select new EngineCase(s, mode, c, mode == ArithmeticMode.Delta ? 1e-15 : 1e-10, s == "odd2" ? "random3" : "v1", 3000);

    /// <summary>The start offset of a kernel case (a flat vector).</summary>
    public static double[] StartOffset(KernelCase k)
    {
        var setting = Setting(k.Setting);
        if (k.Start == "v1:1e-3") return setting.TopEigenvectorVector.Select(x => 1e-3 * x).ToArray();
        var rng = new Random(17);
        return Enumerable.Range(0, setting.Layout.ParameterCount).Select(_ => 0.05 * TestData.NextGaussian(rng)).ToArray();
    }

    public static double Eta(KernelCase k) => StepSize.Relative(k.C).Eta(Setting(k.Setting).Lambda);

    /// <summary>The line of a kernel case, from the losses of each step and the final point/offset.</summary>
    public static string KernelLine(KernelCase k, IReadOnlyList<double> losses, ReadOnlySpan<double> finalPoint, ReadOnlySpan<double> finalOffset)
    {
        var h = new Fnv();
        foreach (var l in losses) h.Add(l);
        var p = new Fnv();
        foreach (var x in finalPoint) p.Add(x);
        foreach (var x in finalOffset) p.Add(x);
        return string.Create(CultureInfo.InvariantCulture, $"{k.Key}\t{losses.Count}\t{h.Hex}\t{p.Hex}\t{losses[^1]:R}");
    }

    /// <summary>Runs a kernel case on the single-run kernel: stops after the first non-finite loss.</summary>
    public static string RunKernelCase(KernelCase k)
    {
        var setting = Setting(k.Setting);
        var kernel = GdStepper.Create(setting.Layout, setting.MinimizerVector, k.Mode == ArithmeticMode.Delta);
        kernel.Start(StartOffset(k));
        double eta = Eta(k);
        var losses = new List<double>();
        for (int i = 0; i < k.Steps; i++)
        {
            double loss = kernel.Evaluate();
            losses.Add(loss);
            if (!double.IsFinite(loss)) break;
            kernel.Step(eta);
        }
        var point = new double[setting.Layout.ParameterCount];
        var offset = new double[point.Length];
        kernel.CopyPoint(point);
        kernel.CopyOffset(offset);
        return KernelLine(k, losses, point, offset);
    }

    /// <summary>The line of an engine run: outcome, counts, every recorded sample, the final point and λ_fin.</summary>
    public static string EngineLine(EngineCase e, EscapeRun run)
    {
        var h = new Fnv();
        foreach (var s in run.Trajectory.Samples)
        {
            h.Add(s.Iteration); h.Add(s.Loss); h.Add(s.Distance); h.Add(s.ProjectionV1); h.Add(s.ProjectionVN);
            foreach (var n in s.LayerNorms) h.Add(n);
            h.Add(s.Balance ?? -1); h.Add((int)s.Kind);
        }
        var p = new Fnv();
        if (run.FinalPoint is { } fp) foreach (var x in fp.ToVector()) p.Add(x);
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv,
            $"{e.Key}\t{run.Outcome}\t{run.Iterations}\t{run.EscapeIteration?.ToString(inv) ?? "-"}\t{run.Period?.ToString(inv) ?? "-"}\t{Bits(run.FinalLoss)}\t{Bits(run.FinalDistance)}\t{Bits(run.FinalSharpness)}\t{Bits(run.MaxDistanceBeforeEscape)}\t{h.Hex}\t{p.Hex}");
    }

    public static string RunEngineCase(EngineCase e) => EngineLine(e, GradientDescent.Run(Setting(e.Setting), StepSize.Relative(e.C), e.Options));

    private static string Bits(double? x) => x is { } v ? BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture) : "-";

    /// <summary>The saved lines by key (first tab-separated fields up to the results).</summary>
    public static IReadOnlyDictionary<string, string> Saved()
    {
        var asm = Assembly.GetExecutingAssembly();
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith("trajectories.tsv", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new Dictionary<string, string>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            lines[KeyOf(line)] = line;
        }
        return lines;
    }

    public static string KeyOf(string line)
    {
        var f = line.Split('\t');
        int keyFields = f[0] == "kernel" ? 6 : 7;
        return string.Join('\t', f.Take(keyFields));
    }

    private struct Fnv
    {
        private ulong _h;
        public Fnv() => _h = 14695981039346656037UL;
        public void Add(double x) => Add(BitConverter.DoubleToInt64Bits(x));
        public void Add(long x)
        {
            for (int i = 0; i < 8; i++) { _h ^= (byte)(x >> (8 * i)); _h *= 1099511628211UL; }
        }
        public readonly string Hex => _h.ToString("x16", CultureInfo.InvariantCulture);
    }
}

/// <summary>The single-run kernels and engine against the saved reference trajectories.</summary>
public class ReferenceTrajectoryTests
{
    [Fact]
    public void Single_run_kernels_and_engine_reproduce_the_saved_trajectories()
    {
        var kernelLines = ReferenceTrajectories.KernelCases().Select(ReferenceTrajectories.RunKernelCase);
        var engineLines = ReferenceTrajectories.EngineCases().Select(ReferenceTrajectories.RunEngineCase);
        var lines = kernelLines.Concat(engineLines).ToList();
        if (Environment.GetEnvironmentVariable("SHARPNESS_WRITE_GD_REFERENCE") is { Length: > 0 } path)
        {
            File.WriteAllLines(path, ["# Reference GD trajectories (issue 18): see ReferenceTrajectories.cs. Do not edit by hand.", .. lines]);
            return;
        }
        var saved = ReferenceTrajectories.Saved();
        Assert.Equal(saved.Count, lines.Count);
        foreach (var line in lines)
        {
            var key = ReferenceTrajectories.KeyOf(line);
            Assert.True(saved.TryGetValue(key, out var expected), $"no saved line for {key}");
            Assert.Equal(expected, line);
        }
    }

    [Fact]
    public void The_saved_fixture_covers_every_outcome()
    {
        var outcomes = ReferenceTrajectories.Saved().Values.Where(l => l.StartsWith("engine", StringComparison.Ordinal))
            .Select(l => l.Split('\t')[7]).ToHashSet();
        Assert.Superset(new HashSet<string> { "Stayed", "Converged", "Bounded", "Diverged" }, outcomes);
    }
}

/// <summary>The reference check can fail: one ulp of η changes a saved line.</summary>
public class ReferenceTrajectorySensitivityTests
{
    [Fact]
    public void One_ulp_of_eta_changes_the_kernel_line()
    {
        var k = ReferenceTrajectories.KernelCases().First(c => c.Setting == "fig1" && c.Mode == ArithmeticMode.Plain);
        var setting = ReferenceTrajectories.Setting(k.Setting);
        var kernel = GdStepper.Create(setting.Layout, setting.MinimizerVector, deltaMode: false);
        kernel.Start(ReferenceTrajectories.StartOffset(k));
        double eta = Math.BitIncrement(ReferenceTrajectories.Eta(k));
        var losses = new List<double>();
        for (int i = 0; i < k.Steps; i++) { losses.Add(kernel.Evaluate()); kernel.Step(eta); }
        var point = new double[setting.Layout.ParameterCount];
        var offset = new double[point.Length];
        kernel.CopyPoint(point);
        kernel.CopyOffset(offset);
        Assert.NotEqual(ReferenceTrajectories.Saved()[k.Key], ReferenceTrajectories.KernelLine(k, losses, point, offset));
    }
}
