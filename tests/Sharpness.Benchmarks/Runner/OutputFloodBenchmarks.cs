using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sharpness.Runner.Execution;

namespace Sharpness.Benchmarks.Runner;

/// <summary>
/// Issue 16 item 5: a cell printing 50 MB with Console.WriteLine (500,000 lines of 100 characters) against the same
/// notebook printing one line, each a full `run` (child process start, kernel, the cell, publishing). The difference
/// is the cost of the flood; the peak resident memory of the largest process involved (the notebook child) is printed
/// after each iteration from getrusage(RUSAGE_CHILDREN) (the largest child so far: the one-line case runs first), and
/// the runner's own (this process) from RUSAGE_SELF. Each iteration takes seconds: a monitoring job, few iterations.
/// In process: the notebook children must be this process's children for RUSAGE_CHILDREN, and BenchmarkDotNet's
/// generated project (a full build of the runner) did not finish within its build timeout on the shared machine.
/// </summary>
[Config(typeof(InProcessMonitoring))]
public class OutputFloodBenchmarks
{
    /// <summary>Monitoring strategy (each invocation is a whole run), in process.</summary>
    public sealed class InProcessMonitoring : ManualConfig
    {
        /// <summary>One launch, one warm-up, five measured runs per case.</summary>
        public InProcessMonitoring() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
    }

    private string _root = "";

    [Params(1, 500_000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), $"sharpness-flood-bench-{Guid.NewGuid():N}");
        var cells = new JsonArray
        {
            new JsonObject
            {
                ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(),
                ["execution_count"] = null,
                ["source"] = $"var line = new string('x', 99);\nfor (var i = 0; i < {Lines}; i++) Console.WriteLine(line);",
            },
        };
        var notebook = new JsonObject { ["cells"] = cells, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 };
        Directory.CreateDirectory(Path.Combine(_root, "notebooks"));
        File.WriteAllText(Path.Combine(_root, "notebooks", "flood.ipynb"), notebook.ToJsonString());
    }

    [Benchmark]
    public async Task<bool> Run()
    {
        var report = await new NotebookRunner().RunAsync(new RunOptions
        {
            Inputs = new[] { Path.Combine(_root, "notebooks") },
            OutputDirectory = Path.Combine(_root, "out"),
            PrestartNextNotebook = false,
        });
        if (!report.Succeeded) throw new InvalidOperationException(report.Notebooks[0].Result.StatusText);
        return report.Succeeded;
    }

    [IterationCleanup]
    public void PeakMemory()
    {
        if (!OperatingSystem.IsLinux()) return;
        var usage = new RUsage();
        if (getrusage(-1 /* RUSAGE_CHILDREN */, ref usage) == 0)
            Console.WriteLine($"// peak RSS of the largest notebook child so far: {usage.MaxRssKilobytes / 1024.0:0} MB (Lines = {Lines})");
        if (getrusage(0 /* RUSAGE_SELF */, ref usage) == 0)
            Console.WriteLine($"// peak RSS of the runner (this process) so far: {usage.MaxRssKilobytes / 1024.0:0} MB (Lines = {Lines})");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRssKilobytes;
        public long IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVCsw, NIvCsw;
    }

    [DllImport("libc")]
    private static extern int getrusage(int who, ref RUsage usage);
}
