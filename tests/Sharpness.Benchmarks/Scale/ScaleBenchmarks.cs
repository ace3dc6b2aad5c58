using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sharpness.Exact;
using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Model;

namespace Sharpness.Benchmarks.Scale;

/// <summary>
/// Issue 13's targets in one BenchmarkDotNet run, kit and peer side by side per instance: for the deep instances
/// (depth 4 × width 600, depth 3 × width 900) the kit's exact λ in process (a fresh point per call, so the factor
/// sweep and Gram matrices are timed too) against <c>Peer/peer.py lambda</c> (NumPy + SciPy <c>eigsh</c> on the same K,
/// a child process: interpreter start, imports and reading the layers included); for depth 2 (L 400×800, R 800×800)
/// the whole <c>sharpness analyze</c> process against <c>peer.py depth2</c> (NumPy's λ-only SVD route), both
/// processes. The peer's own in-process seconds (without its start-up) are printed as <c>// peer in-process</c> lines
/// so the stricter ratio can be read too. Both sides inherit this process's environment (OPENBLAS_*, threads).
/// </summary>
/// <remarks>Needs the Release CLI (<c>dotnet build -c Release src/Sharpness.Cli</c>) and Debian's python3-numpy and
/// python3-scipy at /usr/bin/python3.</remarks>
[MemoryDiagnoser]
[Config(typeof(LongRunConfig))]
public class ScaleBenchmarks
{
    private DeepFactorization _point = null!;
    private string _folder = "", _root = "", _cli = "";
    private string[] _files = [];

    /// <summary>The instances: all three, or the comma-separated names in SHARPNESS_SCALE_INSTANCES (one operation at
    /// depth 3 × 900 takes minutes on a loaded machine).</summary>
    [ParamsSource(nameof(Instances))]
    public string Instance { get; set; } = "";

    public static IEnumerable<string> Instances =>
        Environment.GetEnvironmentVariable("SHARPNESS_SCALE_INSTANCES")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        ?? ScaleInstances.Names;

    /// <summary>In process (no generated project to build, which times out on a loaded machine), one launch, one warm-up
    /// and three measured operations each (an operation is seconds to minutes), and a timeout of an hour instead of the
    /// in-process toolchain's default.</summary>
    private sealed class LongRunConfig : ManualConfig
    {
        public LongRunConfig() => AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3));
    }

    [GlobalSetup]
    public void Setup()
    {
        _point = ScaleInstances.Create(Instance);
        _root = PeerComparison.RepositoryRoot();
        _cli = Path.Combine(_root, "src/Sharpness.Cli/bin/Release/net10.0/Sharpness.Cli");
        _folder = Path.Combine(Path.GetTempPath(), $"sharpness-scale-{Environment.ProcessId}", Instance);
        ScaleInstances.Write(_point, _folder);
        _files = Enumerable.Range(1, _point.Depth).Select(i => Path.Combine(_folder, $"W{i}.npy")).ToArray();
        Console.WriteLine($"// kernels: {DenseKernels.Status}; load {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// load {File.ReadAllText("/proc/loadavg").Trim()}");
        var parent = Path.GetDirectoryName(_folder);
        if (parent is not null && Directory.Exists(parent)) Directory.Delete(parent, recursive: true);
    }

    /// <summary>The kit: exact λ in process (deep instances) or the whole <c>sharpness analyze --json</c> process (depth 2).</summary>
    [Benchmark(Description = "kit")]
    public double Kit()
    {
        if (_point.Depth > 2) return ExactSharpness.Of(new DeepFactorization(_point.Layers)).Value;
        return Run(_cli, ["analyze", .. _files, "--json"]).Length;
    }

    /// <summary>The peer: <c>peer.py lambda</c> (deep) or <c>peer.py depth2</c>, a child process.</summary>
    [Benchmark(Description = "NumPy + SciPy peer (process)")]
    public double Peer()
    {
        string mode = _point.Depth > 2 ? "lambda" : "depth2";
        string json = Run("/usr/bin/python3", [Path.Combine(_root, "tests/Sharpness.Benchmarks/Peer/peer.py"), mode, _folder, "--repeat", "1"]);
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Console.WriteLine($"// peer in-process {node["seconds"]![0]!.GetValue<double>():F3} s, applications {node["applications"]}");
        return node["lambda"]!.GetValue<double>();
    }

    private static string Run(string exe, string[] args)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {string.Join(" ", args)} failed ({p.ExitCode}): {stderr.Result}");
        return output;
    }
}
