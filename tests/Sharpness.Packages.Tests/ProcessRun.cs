using System.Diagnostics;
using System.Text;

namespace Sharpness.Packages.Tests;

/// <summary>One finished child process: exit code and everything it printed.</summary>
public sealed record ProcessRun(string Command, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Output => $"$ {Command}\n(exit {ExitCode}, {Elapsed.TotalSeconds:F0} s)\n{StandardOutput}\n{StandardError}";

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>,
    /// with extra environment variables; a process still running after <paramref name="timeout"/> is killed with its
    /// children (the result then has exit code -1).</summary>
    public static async Task<ProcessRun> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        string command = file + " " + string.Join(' ', start.ArgumentList.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ProcessRun(command, -1, await stdout, await stderr + $"\n(killed after {clock.Elapsed.TotalSeconds:F0} s)", clock.Elapsed);
        }
        return new ProcessRun(command, process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }
}
