using System.Text.Json.Nodes;
using Sharpness.Interactive.Tests.InProcess;
using Sharpness.TestSupport.Hosting;

namespace Sharpness.Interactive.Tests.StockHost;

/// <summary>
/// The progress display in the host VS Code uses (dotnet-interactive 1.0.712001 over stdio): one displayed value,
/// updated in place by DisplayedValueUpdated events with its value id, ending in the final state.
/// </summary>
public sealed class StockHostProgressTests(KitHostFixture host) : IClassFixture<KitHostFixture>
{
    [Fact]
    public void A_sweep_shows_one_output_updated_in_place_and_ending_complete()
    {
        Assert.True(host.Setup is { Succeeded: true }, $"setup cell: {host.Setup}");
        var result = host.Session.SubmitCode(ProgressDisplayTests.Cell);
        Assert.True(result.Succeeded, $"{result}\n{string.Join("\n", result.Errors)}");
        Assert.Contains("6 runs", result.StandardOutput);

        var produced = result.Events.Where(e => e.EventType == "DisplayedValueProduced" && IsProgress(e)).ToList();
        var display = Assert.Single(produced);
        var id = (string?)display.Event["valueId"];
        Assert.False(string.IsNullOrEmpty(id));
        var updates = result.Events.Where(e => e.EventType == "DisplayedValueUpdated").ToList();
        Assert.Equal(5, updates.Count);
        Assert.All(updates, u => Assert.Equal(id, (string?)u.Event["valueId"]));
        Assert.Contains("1/6 runs", Html(display));
        Assert.Contains("escape sweep: 6/6 runs · done in", Plain(updates[^1]));
        // As a notebook shows it: a single output, in its final state.
        var shown = result.Values.Where(v => v.MimeType == "text/html" && v.Value.Contains("sharpness-progress", StringComparison.Ordinal)).ToList();
        Assert.Contains("6/6 runs", Assert.Single(shown).Value);
    }

    private static bool IsProgress(HostEvent e) => Html(e).Contains("class=\"sharpness-progress\"", StringComparison.Ordinal);

    private static string Html(HostEvent e) => Value(e, "text/html");

    private static string Plain(HostEvent e) => Value(e, "text/plain");

    private static string Value(HostEvent e, string mime) =>
        (e.Event["formattedValues"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(v => (string?)v["mimeType"] == mime).Select(v => (string?)v["value"] ?? "").FirstOrDefault() ?? "";
}
