using Sharpness.TestSupport.Hosting;

namespace Sharpness.Packages.Tests;

/// <summary>
/// A notebook in a folder outside the repository that only does <c>#i</c>/<c>#r "nuget: Sharpness.Interactive"</c>,
/// in the stock host VS Code drives (dotnet-interactive 1.0.712001 over stdio): the kit's extension alone must give
/// HTML formatting, the namespaces and Plotly charts (the FSharp.Core redirect included: the host has its own
/// FSharp.Core 10.0 loaded, Plotly.NET 6 asks for 10.1).
/// </summary>
public sealed class StockHostPackageTests
{
    [Fact]
    public async Task ReferencingThePackageIsEnoughForFormattedResultsAndCharts()
    {
        var kit = await PackedKit.GetAsync();
        kit.RequirePacked();
        var folder = kit.NewFolder("stock-host-notebook");
        using var nuget = kit.IsolatedNuGet("stock-host");
        var options = new StockHostOptions(folder, folder)
        {
            HostAssembly = StockHostTool.EntryAssembly(),
            Environment = nuget.Environment,
            StartupTimeout = TimeSpan.FromMinutes(3),
            CommandTimeout = TimeSpan.FromMinutes(8),
        };
        using var session = await StockHostSession.StartAsync(options);

        var setup = await session.SubmitCodeAsync(UserNotebooks.ReferenceByPackage(kit.Version, kit.OwnFeed("stock-host")));
        Assert.True(setup.Succeeded, Describe(setup, session));

        var lambda = await session.SubmitCodeAsync(UserNotebooks.SharpnessCell);
        Assert.True(lambda.Succeeded, Describe(lambda, session));
        UserNotebooks.AssertSharpnessHtml(lambda.Html);

        var chart = await session.SubmitCodeAsync(UserNotebooks.ChartCell);
        Assert.True(chart.Succeeded, Describe(chart, session));
        UserNotebooks.AssertChartHtml(chart.Html);

        // The in-repo setup call still works after the extension ran, and changes nothing (idempotent).
        var again = await session.SubmitCodeAsync("Sharpness.Interactive.Kit.Load();");
        Assert.True(again.Succeeded, Describe(again, session));
        var once = await session.SubmitCodeAsync("ExactSharpness.Of(f)");
        UserNotebooks.AssertSharpnessHtml(once.Html);

        // Only the host's own FSharp.Core is loaded: the redirect answered Plotly.NET's request for 10.1.
        var env = await session.SubmitCodeAsync("var e = Sharpness.Interactive.Kit.Describe(); Console.Write($\"{e.FSharpCoreLoaded}|{e.RedirectInstalled}|{AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == \"FSharp.Core\")}\");");
        Assert.True(env.Succeeded, Describe(env, session));
        var parts = env.StandardOutput.Trim().Split('|');
        Assert.StartsWith("10.0.", parts[0]);
        Assert.Equal(["True", "1"], parts[1..]);
    }

    private static string Describe(HostCommandResult result, StockHostSession session) =>
        $"{result.Outcome}: {string.Join("\n", result.Errors)}\n--- code\n{result.Code}\n--- host stderr\n{session.StandardError}";
}

/// <summary>The pinned stock host (.config/dotnet-tools.json), run from its package folder.</summary>
public static class StockHostTool
{
    private static readonly Lazy<string> Entry = new(Find);

    /// <summary><c>Microsoft.DotNet.Interactive.App.dll</c> of the pinned tool after <c>dotnet tool restore</c>.</summary>
    /// <remarks>Run directly (<c>dotnet HOST.dll stdio</c>) because the session moves NUGET_PACKAGES to an empty
    /// folder, where <c>dotnet dotnet-interactive</c> would no longer find the tool.</remarks>
    public static string EntryAssembly() => Entry.Value;

    private static string Find()
    {
        LocalTools.Restore(PackedKit.RepositoryRoot);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(PackedKit.RepositoryRoot, ".config", "dotnet-tools.json")))!;
        string version = (string)manifest["tools"]!["microsoft.dotnet-interactive"]!["version"]!;
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var tools = Path.Combine(packages, "microsoft.dotnet-interactive", version, "tools");
        var entry = Directory.Exists(tools)
            ? Directory.GetFiles(tools, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        return entry ?? throw new InvalidOperationException($"The stock host {version} is not under {tools} after dotnet tool restore.");
    }
}
