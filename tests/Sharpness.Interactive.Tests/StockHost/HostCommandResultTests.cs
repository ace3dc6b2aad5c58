using System.Text.Json.Nodes;
using Sharpness.TestSupport.Hosting;

namespace Sharpness.Interactive.Tests.StockHost;

/// <summary>How a command's events become outputs (no host needed).</summary>
public sealed class HostCommandResultTests
{
    private static HostEvent Value(string type, string value, string? id) => new(type, "t", new JsonObject
    {
        ["formattedValues"] = new JsonArray(new JsonObject { ["mimeType"] = "text/plain", ["value"] = value }),
        ["valueId"] = id,
    });

    [Fact]
    public void UpdatesWithTheSameValueIdReplaceTheOutputInPlace()
    {
        var result = new HostCommandResult("t", "code", HostCommandOutcome.Succeeded, null,
        [
            Value("DisplayedValueProduced", "progress 1", "p"),
            Value("StandardOutputValueProduced", "text", null),
            Value("DisplayedValueUpdated", "progress 2", "p"),
            Value("DisplayedValueUpdated", "done", "p"),
            Value("ReturnValueProduced", "42", null),
            new HostEvent("ErrorProduced", "t.1", new JsonObject { ["message"] = "warning-ish" }),
        ], TimeSpan.Zero);
        Assert.Equal(["done", "text", "42"], result.ValuesOf("text/plain"));
        Assert.Equal("text", result.StandardOutput);
        Assert.Equal(["warning-ish"], result.Errors);
        Assert.True(result.Succeeded);
    }
}
