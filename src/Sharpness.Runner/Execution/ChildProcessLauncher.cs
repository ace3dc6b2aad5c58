using System.Diagnostics;
using Sharpness.Runner.Execution.Child;

namespace Sharpness.Runner.Execution;

/// <summary>
/// Builds the start info of a notebook child: this runner assembly (an executable) re-invoked through the dotnet
/// host with the hidden <see cref="ChildProtocol.Verb"/>. Its dependency list is the runner's own — the kernel,
/// FSharp.Core 10.1, Plotly.NET — so neither the CLI's references nor Sharpness.Interactive are loaded before the
/// notebook's setup cell #r's the kit.
/// </summary>
public static class ChildProcessLauncher
{
    /// <summary>Environment variable carrying the runner's process id to the child.</summary>
    public const string ParentPidVariable = "SHARPNESS_RUNNER_PARENT_PID";

    /// <summary>True when children lead their own process group (started through setsid).</summary>
    public static bool UsesProcessGroups => Posix.SetsidProgram is not null;

    /// <summary>Path of the runner assembly that the child runs.</summary>
    public static string RunnerAssemblyPath => typeof(ChildProcessLauncher).Assembly.Location;

    /// <summary>Start info for one child with its current directory set to <paramref name="workingDirectory"/>.</summary>
    public static ProcessStartInfo StartInfo(string planPath, string workingDirectory)
    {
        var runner = RunnerAssemblyPath;
        var runtimeConfig = Path.ChangeExtension(runner, ".runtimeconfig.json");
        if (!File.Exists(runtimeConfig))
            throw new InvalidOperationException(
                $"{runtimeConfig} is missing: the runner must be deployed as an executable next to its caller.");
        // Through setsid: the child leads a new session and process group, so the runner can stop it together with
        // everything its cells started (kill of the whole group), and a terminal's Ctrl-C reaches only the runner,
        // which then stops its children itself.
        var setsid = Posix.SetsidProgram;
        var psi = new ProcessStartInfo(setsid ?? DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        if (setsid is not null) psi.ArgumentList.Add(DotnetHost());
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add("--runtimeconfig");
        psi.ArgumentList.Add(runtimeConfig);
        var deps = Path.ChangeExtension(runner, ".deps.json");
        if (File.Exists(deps))
        {
            psi.ArgumentList.Add("--depsfile");
            psi.ArgumentList.Add(deps);
        }
        psi.ArgumentList.Add(runner);
        psi.ArgumentList.Add(ChildProtocol.Verb);
        psi.ArgumentList.Add(planPath);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        // Notebook output must not depend on the user's terminal: no ANSI colours from libraries in the child.
        psi.Environment["NO_COLOR"] = "1";
        // The child watches this process and stops itself (and its process group) when the runner is gone.
        psi.Environment[ParentPidVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return psi;
    }

    /// <summary>The dotnet host: the one running us when we run under it, else DOTNET_HOST_PATH, else PATH.</summary>
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return self;
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root))
        {
            var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            if (File.Exists(candidate)) return candidate;
        }
        return "dotnet";
    }
}
