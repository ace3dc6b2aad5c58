using System.Text.Json.Nodes;

namespace Sharpness.TestSupport.Hosting;

/// <summary>How a submitted command ended.</summary>
public enum HostCommandOutcome
{
    /// <summary>The host reported CommandSucceeded.</summary>
    Succeeded,
    /// <summary>The host reported CommandFailed (compile error, exception, …).</summary>
    Failed,
    /// <summary>No completion event arrived within the timeout (the session kills the host).</summary>
    TimedOut,
    /// <summary>The host process exited before the command completed.</summary>
    HostExited,
}

/// <summary>One kernel event received for a command (or one of its child commands).</summary>
/// <param name="EventType">"ReturnValueProduced", "DisplayedValueProduced", "StandardOutputValueProduced", …</param>
/// <param name="Token">The token of the command it belongs to (child commands have "parent.n" tokens).</param>
/// <param name="Event">The event's JSON body.</param>
public sealed record HostEvent(string EventType, string Token, JsonObject Event);

/// <summary>A value the host formatted: its MIME type and text.</summary>
public sealed record HostFormattedValue(string EventType, string MimeType, string Value, string? ValueId);

/// <summary>Everything the host reported for one submitted command.</summary>
/// <param name="Token">The command token.</param>
/// <param name="Code">The submitted code.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Message">The failure message (CommandFailed or timeout/exit explanation), or null.</param>
/// <param name="Events">Every event for the command and its child commands, in arrival order.</param>
/// <param name="Elapsed">Wall time from submission to completion.</param>
public sealed record HostCommandResult(string Token, string Code, HostCommandOutcome Outcome, string? Message,
    IReadOnlyList<HostEvent> Events, TimeSpan Elapsed)
{
    private static readonly string[] ValueEvents =
        ["ReturnValueProduced", "DisplayedValueProduced", "DisplayedValueUpdated", "StandardOutputValueProduced", "StandardErrorValueProduced"];

    /// <summary>True when the host reported CommandSucceeded.</summary>
    public bool Succeeded => Outcome == HostCommandOutcome.Succeeded;

    /// <summary>Formatted values of the value events, one per MIME type, in arrival order. Updates of a displayed
    /// value (same value id) replace the earlier version in place, as a notebook shows them.</summary>
    public IReadOnlyList<HostFormattedValue> Values
    {
        get
        {
            var result = new List<HostFormattedValue>();
            foreach (var e in Events.Where(e => ValueEvents.Contains(e.EventType)))
            {
                string? valueId = (e.Event["valueId"] as JsonValue)?.GetValue<string>();
                var values = (e.Event["formattedValues"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(v => new HostFormattedValue(e.EventType, (string?)v["mimeType"] ?? "", (string?)v["value"] ?? "", valueId))
                    .ToList();
                if (valueId is not null && result.Any(r => r.ValueId == valueId))
                {
                    int at = result.FindIndex(r => r.ValueId == valueId);
                    result.RemoveAll(r => r.ValueId == valueId);
                    result.InsertRange(Math.Min(at, result.Count), values);
                }
                else result.AddRange(values);
            }
            return result;
        }
    }

    /// <summary>The values with the given MIME type (e.g. "text/html").</summary>
    public IEnumerable<string> ValuesOf(string mimeType) => Values.Where(v => v.MimeType == mimeType).Select(v => v.Value);

    /// <summary>All text/html output joined, or "" when there is none.</summary>
    public string Html => string.Concat(ValuesOf("text/html"));

    /// <summary>Standard output written by the code.</summary>
    public string StandardOutput => string.Concat(Values.Where(v => v.EventType == "StandardOutputValueProduced").Select(v => v.Value));

    /// <summary>The failure message and any ErrorProduced messages.</summary>
    public IReadOnlyList<string> Errors =>
        Events.Where(e => e.EventType == "ErrorProduced").Select(e => (string?)e.Event["message"] ?? "")
            .Concat(Message is null ? [] : [Message]).ToList();

    /// <inheritdoc />
    public override string ToString() =>
        $"{Token}: {Outcome} in {Elapsed.TotalSeconds:F2} s, {Events.Count} events" + (Message is null ? "" : $": {Message}");
}
