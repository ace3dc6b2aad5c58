using Sharpness.TestSupport.Hosting;

namespace Sharpness.Interactive.Tests.StockHost;

/// <summary>The reusable stdio client: outcomes, collected values, display updates, timeouts and shutdown.</summary>
public sealed class StockHostSessionTests(StockHostFixture host) : IClassFixture<StockHostFixture>
{
    [Fact]
    public async Task ReportsFailuresOutputsUpdatesAndStopsTheHostOnTimeout()
    {
        var session = host.Session;
        Assert.True(session.StartupTime > TimeSpan.Zero);

        var compileError = await session.SubmitCodeAsync("int x = \"not an int\";");
        Assert.Equal(HostCommandOutcome.Failed, compileError.Outcome);
        Assert.Contains("CS0029", string.Join("\n", compileError.Errors));

        var thrown = await session.SubmitCodeAsync("throw new InvalidOperationException(\"boom 42\");");
        Assert.Equal(HostCommandOutcome.Failed, thrown.Outcome);
        Assert.Contains("boom 42", string.Join("\n", thrown.Errors));

        var output = await session.SubmitCodeAsync("Console.Write(\"to stdout\"); 6 * 7");
        Assert.True(output.Succeeded, output.ToString());
        Assert.Equal("to stdout", output.StandardOutput);
        Assert.Contains(output.Values, v => v.EventType == "ReturnValueProduced" && v.Value.Contains("42"));

        // Measured in tool 1.0.712001: display(…).Update(…) reports the update under a new value id, so the client
        // keeps both (it collapses only updates that carry the original id; see HostCommandResultTests).
        var updated = await session.SubmitCodeAsync("var d = display(\"first\"); d.Update(\"second\");");
        Assert.True(updated.Succeeded, updated.ToString());
        Assert.Equal(["first", "second"], updated.ValuesOf("text/plain"));

        var slow = await session.SubmitCodeAsync("System.Threading.Thread.Sleep(60_000);", TimeSpan.FromSeconds(2));
        Assert.Equal(HostCommandOutcome.TimedOut, slow.Outcome);
        Assert.True(session.HasExited, "a timed-out command must stop the host");
        var after = await session.SubmitCodeAsync("1 + 1");
        Assert.Equal(HostCommandOutcome.HostExited, after.Outcome);
        Assert.Contains("timed out", after.Message);
    }
}
