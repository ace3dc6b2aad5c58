using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Sharpness.Exact;
using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Model;

namespace Sharpness.Benchmarks.Scale;

/// <summary>
/// Side by side in one run, alternating: the kit's exact λ (in process, Stopwatch, fresh point) against
/// <c>Peer/peer.py</c> (NumPy + SciPy eigsh on the same K, its own in-process timer) at the two deep sizes, and the
/// kit's whole <c>sharpness analyze</c> of the depth-2 network (a new process each time: start, file reading, the
/// report) against NumPy's λ-only SVD route. Both inherit this process's environment (OPENBLAS_* and thread count).
/// Peak resident memory of <c>analyze</c> at every size comes from <c>/usr/bin/time</c>.
/// <para>The process is the tool as its linux-x64 package ships it (ReadyToRun) when
/// <c>dotnet publish -c Release -r linux-x64 src/Sharpness.Cli</c> has run, else the plain Release build; the first
/// depth-2 run of a build records the tool's JIT profile (<c>Hosting/JitProfile.cs</c>, as a user's first run does)
/// and is reported on its own line, not in the table.</para>
/// </summary>
/// <remarks>Usage: <c>-- peer [--repeat R] [--only NAME] [--no-analyze-deep] [--write DIR]</c>.</remarks>
public static class PeerComparison
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        int repeat = Option(args, "--repeat") is { } r ? int.Parse(r, Inv) : 3;
        string root = RepositoryRoot();
        string peer = Path.Combine(root, "tests/Sharpness.Benchmarks/Peer/peer.py");
        string published = Path.Combine(root, "src/Sharpness.Cli/bin/Release/net10.0/linux-x64/publish/Sharpness.Cli");
        string cli = File.Exists(published) ? published : Path.Combine(root, "src/Sharpness.Cli/bin/Release/net10.0/Sharpness.Cli");
        var names = Option(args, "--only") is { } only ? [only] : ScaleInstances.Names;
        if (Option(args, "--write") is { } target)
        {
            foreach (var name in names) ScaleInstances.Write(ScaleInstances.Create(name), Path.Combine(target, name));
            return 0;
        }
        if (!File.Exists(cli)) { Console.Error.WriteLine($"Build the CLI first: dotnet build -c Release src/Sharpness.Cli ({cli} missing)"); return 2; }

        string work = Path.Combine(Path.GetTempPath(), "sharpness-peer-" + Environment.ProcessId);
        Console.WriteLine($"uptime before: {Uptime()}");
        Console.WriteLine($"kit kernels: {DenseKernels.Status}");
        Console.WriteLine($"kit process: {Path.GetRelativePath(root, cli)}{(cli == published ? " (ReadyToRun, as the linux-x64 tool package)" : " (JIT; dotnet publish -c Release -r linux-x64 src/Sharpness.Cli for the package's ReadyToRun build)")}");
        Console.WriteLine($"OPENBLAS_* : {string.Join(" ", Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("OPENBLAS", StringComparison.Ordinal)).Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}").DefaultIfEmpty("(none set)"))}");
        ExactSharpness.Of(ScaleInstances.Create("depth4-width60")); // JIT warm-up
        var rows = new List<string>();
        try
        {
            foreach (var name in names)
            {
                var point = ScaleInstances.Create(name);
                string folder = Path.Combine(work, name);
                ScaleInstances.Write(point, folder);
                var files = Enumerable.Range(1, point.Depth).Select(i => Path.Combine(folder, $"W{i}.npy")).ToArray();
                bool deep = point.Depth > 2;
                if (!deep)
                {
                    var (first, _, _) = Timed(cli, ["analyze", .. files, "--json"]);
                    Console.WriteLine($"first run (not in the table: a build's first run records its JIT profile, later runs refresh it): {first:F2} s");
                }
                for (int k = 0; k < repeat; k++)
                {
                    string kit, peerCell;
                    if (deep)
                    {
                        var sw = Stopwatch.StartNew();
                        var s = ExactSharpness.Of(new DeepFactorization(point.Layers));
                        double t = sw.Elapsed.TotalSeconds;
                        kit = $"{t:F2} s | λ {s.Value:G15} | {s.Applications}{(s.SinglePrecisionApplications > 0 ? $" ({s.SinglePrecisionApplications} single)" : "")} | {s.RelativeEigenResidual:G2}";
                        var p = Peer(peer, "lambda", folder);
                        double pt = p["seconds"]![0]!.GetValue<double>();
                        peerCell = $"{pt:F2} s | λ {p["lambda"]!.GetValue<double>():G15} | {p["applications"]} | {p["relativeResidual"]!.GetValue<double>():G2} | **{t / pt:F2}**";
                    }
                    else
                    {
                        var (t, rss, output) = Timed(cli, ["analyze", .. files, "--json"]);
                        var json = JsonNode.Parse(output)!;
                        kit = $"{t:F2} s (process, {rss / 1024} MiB peak) | λ {json["sharpness"]!.GetValue<double>():G15} | full report | —";
                        var p = Peer(peer, "depth2", folder);
                        double pt = p["seconds"]![0]!.GetValue<double>();
                        peerCell = $"{pt:F3} s (λ only, in process) | λ {p["lambda"]!.GetValue<double>():G15} | — | — | **{t / pt:F1}**";
                    }
                    string row = $"| {name} | {kit} | {peerCell} |";
                    Console.WriteLine(row);
                    rows.Add(row);
                }
                if (deep && !args.Contains("--no-analyze-deep"))
                {
                    var (t, rss, _) = Timed(cli, ["analyze", .. files, "--json"]);
                    string row = $"| {name}: `sharpness analyze` (process) | {t:F2} s, peak RSS {rss / 1024} MiB | | | | | | | |";
                    Console.WriteLine(row);
                    rows.Add(row);
                }
            }
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        Console.WriteLine($"uptime after: {Uptime()}");
        Console.WriteLine();
        Console.WriteLine("| instance | kit time | kit λ | kit applications | kit rel. residual | peer time | peer λ | peer applications | peer rel. residual | kit / peer |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---|---:|---:|---:|");
        foreach (var row in rows) Console.WriteLine(row);
        return 0;
    }

    private static JsonNode Peer(string script, string mode, string folder)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", [script, mode, folder, "--repeat", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"peer.py failed: {error}");
        return JsonNode.Parse(output)!;
    }

    // Wall time of a child process (start included) and its peak RSS in KiB from /usr/bin/time.
    private static (double Seconds, long PeakKiB, string Output) Timed(string exe, string[] args)
    {
        string rssFile = Path.GetTempFileName();
        var psi = new ProcessStartInfo("/usr/bin/time", ["-f", "%M", "-o", rssFile, exe, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        double t = sw.Elapsed.TotalSeconds;
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {string.Join(" ", args)} failed: {stderr.Result}");
        long rss = long.Parse(File.ReadAllLines(rssFile).Last(l => l.Trim().Length > 0).Trim(), Inv);
        File.Delete(rssFile);
        return (t, rss, stdout.Result);
    }

    private static string Uptime()
    {
        try { return File.ReadAllText("/proc/loadavg").Trim(); }
        catch (IOException) { return "?"; }
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Sharpness.Notebooks.sln"))) return d.FullName;
        return Directory.GetCurrentDirectory();
    }
}
