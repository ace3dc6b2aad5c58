using System.Text.Json;

namespace Sharpness.Packages.Tests;

/// <summary>
/// Where Jupyter is installed (Debian's jupyter-nbconvert): the same package-only notebook under
/// <c>jupyter nbconvert --execute</c> with the .NET kernel, i.e. the pinned dotnet-interactive in its jupyter mode
/// (what VS Code's Jupyter extension runs). The kernelspec lives in a temporary JUPYTER_PATH, so nothing is
/// installed for the user. Skipped when <c>jupyter</c> is not on PATH.
/// </summary>
public sealed class JupyterPackageTests
{
    [SkippableFact]
    public async Task ReferencingThePackageIsEnoughUnderNbconvertWithTheDotnetKernel()
    {
        Skip.If(Which("jupyter") is null, "jupyter is not installed (Debian: apt-get install jupyter-nbconvert jupyter-client)");
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        var folder = kit.NewFolder("jupyter");
        var jupyterPath = Path.Combine(folder, "jupyter");
        var spec = Path.Combine(jupyterPath, "kernels", ".net-csharp");
        Directory.CreateDirectory(spec);
        File.WriteAllText(Path.Combine(spec, "kernel.json"), JsonSerializer.Serialize(new
        {
            argv = new[] { "dotnet", StockHostTool.EntryAssembly(), "jupyter", "--default-kernel", "csharp", "{connection_file}" },
            display_name = ".NET (C#)",
            language = "C#",
        }));
        string notebook = Path.Combine(folder, "mine.ipynb");
        File.WriteAllText(notebook, UserNotebooks.Ipynb(
            UserNotebooks.ReferenceByPackage(kit.Version, kit.OwnFeed("jupyter")),
            UserNotebooks.SharpnessCell,
            UserNotebooks.ChartCell));
        using var nuget = kit.IsolatedNuGet("jupyter");
        var environment = new Dictionary<string, string>(nuget.Environment)
        {
            ["JUPYTER_PATH"] = jupyterPath,
            ["JUPYTER_DATA_DIR"] = Path.Combine(folder, "jupyter-data"),
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(folder, "jupyter-runtime"),
            ["JUPYTER_CONFIG_DIR"] = Path.Combine(folder, "jupyter-config"),
        };
        var run = await ProcessRun.RunAsync("jupyter",
            ["nbconvert", "--to", "notebook", "--execute", notebook, "--output", "executed.ipynb",
             "--ExecutePreprocessor.kernel_name=.net-csharp", "--ExecutePreprocessor.timeout=900",
             "--ExecutePreprocessor.startup_timeout=300"],
            folder, environment, TimeSpan.FromMinutes(20));
        Assert.True(run.ExitCode == 0, run.Output);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "executed.ipynb")));
        var outputs = doc.RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => UserNotebooks.Strings(c.GetProperty("outputs"))).ToList();
        UserNotebooks.AssertSharpnessHtml(outputs[1]);
        UserNotebooks.AssertChartHtml(outputs[2]);
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
