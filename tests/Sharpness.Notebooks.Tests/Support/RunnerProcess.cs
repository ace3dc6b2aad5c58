using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Sharpness.Notebooks.Tests.Support;

/// <summary>
/// The runner as a separate operating-system process (<c>dotnet exec Sharpness.Runner.dll run …</c>), for the tests
/// that signal or kill it, or run two at once. Its output is captured; <see cref="Dispose"/> kills it if still running.
/// </summary>
public sealed class RunnerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunnerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static RunnerProcess Start(params string[] runArguments) => Start(new Dictionary<string, string?>(), runArguments);

    /// <summary>As <see cref="Start(string[])"/>, with environment variables set (a null value removes one).</summary>
    public static RunnerProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] runArguments)
    {
        var runner = typeof(Sharpness.Runner.Execution.NotebookRunner).Assembly.Location;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        // The runner must get SIGINT as a terminal's Ctrl-C delivers it. A test run started in the background of a
        // script (`dotnet test … &`, a CI agent without job control) inherits SIGINT as ignored, every child inherits
        // that too, and .NET keeps an inherited ignore: the runner never saw the signal and the SIGINT test failed
        // (seen here, 3 of 3 runs under `( dotnet test … & )`). GNU env resets it to the default for the runner only
        // (and execs it: same process id).
        var resetSigInt = OperatingSystem.IsLinux() && File.Exists(GnuEnv);
        var psi = new ProcessStartInfo(resetSigInt ? GnuEnv : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (resetSigInt)
        {
            psi.ArgumentList.Add("--default-signal=INT");
            psi.ArgumentList.Add(dotnet);
        }
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add("--runtimeconfig");
        psi.ArgumentList.Add(Path.ChangeExtension(runner, ".runtimeconfig.json"));
        var deps = Path.ChangeExtension(runner, ".deps.json");
        if (File.Exists(deps))
        {
            psi.ArgumentList.Add("--depsfile");
            psi.ArgumentList.Add(deps);
        }
        foreach (var (name, value) in environment)
        {
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
        }
        psi.ArgumentList.Add(runner);
        psi.ArgumentList.Add("run");
        foreach (var a in runArguments) psi.ArgumentList.Add(a);
        return new RunnerProcess(Process.Start(psi)!);
    }

    private const string GnuEnv = "/usr/bin/env";

    /// <summary>Waits for the exit; null when it did not end within <paramref name="limit"/>.</summary>
    public async Task<int?> WaitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends a POSIX signal (by number) with the system's kill command.</summary>
    public void Signal(string signal) => Signals.Send(_process.Id, signal);

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}

/// <summary>Process helpers for the reliability tests.</summary>
public static class Signals
{
    public static void Send(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public static bool IsGone(int pid)
    {
        // A zombie (exited, not yet reaped) counts as gone: it runs nothing.
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return true;
        try
        {
            return File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z'));
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Polls until the process is gone or <paramref name="limit"/> passes.</summary>
    public static async Task<bool> WaitGoneAsync(int pid, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (IsGone(pid)) return true;
            await Task.Delay(200);
        }
        return IsGone(pid);
    }

    /// <summary>Polls until <paramref name="path"/> exists (non-empty) or <paramref name="limit"/> passes.</summary>
    public static async Task<bool> WaitForFileAsync(string path, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (File.Exists(path) && new FileInfo(path).Length > 0) return true;
            await Task.Delay(200);
        }
        return false;
    }

    /// <summary>Kills a pid quietly (test clean-up).</summary>
    public static void KillQuietly(int pid)
    {
        try { using var p = Process.GetProcessById(pid); p.Kill(entireProcessTree: true); }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
    }
}

/// <summary>A git-status-style picture of a folder: every file's relative path and content hash.</summary>
public static class FolderSnapshot
{
    public static SortedDictionary<string, string> Take(string root)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            map[Path.GetRelativePath(root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            map[Path.GetRelativePath(root, dir) + "/"] = "dir";
        return map;
    }

    /// <summary>Lines like git status --porcelain: "D path", "M path", "?? path"; empty when unchanged.</summary>
    public static IReadOnlyList<string> Diff(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var lines = new List<string>();
        foreach (var (path, hash) in before)
        {
            if (!after.TryGetValue(path, out var now)) lines.Add("D " + path);
            else if (now != hash) lines.Add("M " + path);
        }
        lines.AddRange(after.Keys.Where(p => !before.ContainsKey(p)).Select(p => "?? " + p));
        return lines;
    }
}
