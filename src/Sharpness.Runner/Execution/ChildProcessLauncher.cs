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
        var psi = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
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
