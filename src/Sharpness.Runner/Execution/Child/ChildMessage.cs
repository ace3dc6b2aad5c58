using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sharpness.Runner.Execution.Child;

/// <summary>
/// One line of the child → parent protocol. The child writes each message on its own line, prefixed by
/// <see cref="ChildProtocol.Marker"/>, to the raw standard output stream (the kernel redirects Console.Out for cell
/// output, so notebook code never writes through this channel; stray lines without the marker are ignored).
/// </summary>
public sealed record ChildMessage
{
    /// <summary>ready | cellStarted | output | cellFinished | done.</summary>
    public required string Type { get; init; }

    /// <summary>Index of the planned cell (0-based ordinal in the plan).</summary>
    public int Cell { get; init; }

    /// <summary>Output kind for "output" messages.</summary>
    public OutputKind Kind { get; init; }

    /// <summary>Formatted values for "output" messages.</summary>
    public Dictionary<string, string>? Data { get; init; }

    /// <summary>Value id: updates with the same id replace the earlier output.</summary>
    public string? ValueId { get; init; }

    /// <summary>The output updates an earlier one.</summary>
    public bool IsUpdate { get; init; }

    /// <summary>For "cellFinished": the cell passed.</summary>
    public bool Succeeded { get; init; }

    /// <summary>For "cellFinished": error text of a failed cell.</summary>
    public string? Error { get; init; }

    /// <summary>Milliseconds: kernel start-up for "ready", cell wall time for "cellFinished".</summary>
    public double Milliseconds { get; init; }
}

/// <summary>The plan file the parent hands to the child: the cells, and the package sources to add first.</summary>
public sealed record ChildPlan(IReadOnlyList<ChildPlanCell> Cells)
{
    /// <summary>Absolute package folders or feeds, added with <c>#i "nuget: …"</c> before the first cell.</summary>
    public IReadOnlyList<string> PackageSources { get; init; } = Array.Empty<string>();
}

/// <summary>One cell of the child plan.</summary>
public sealed record ChildPlanCell(string Code, string KernelName);

/// <summary>Encoding shared by both sides.</summary>
public static class ChildProtocol
{
    /// <summary>Hidden verb that turns the runner executable into a notebook child.</summary>
    public const string Verb = "__notebook-child";

    /// <summary>Prefix of protocol lines on the child's standard output.</summary>
    public const string Marker = "@@sharpness-runner@@";

    /// <summary>JSON options for messages and plans.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Encodes a message as one protocol line (without newline).</summary>
    public static string Encode(ChildMessage message) => Marker + JsonSerializer.Serialize(message, Json);

    /// <summary>
    /// The protocol lines of the child's standard output, in order. The child starts every message on a fresh line
    /// (<c>"\n" + marker + json</c>), so a line that does not begin with <see cref="Marker"/> is text a cell wrote to
    /// the raw stream: it is skipped as it is read, never held — a cell writing gigabytes without a newline there
    /// costs the runner nothing. Protocol lines are kept whole (a large display value is one line).
    /// </summary>
    public static async IAsyncEnumerable<string> ReadProtocolLinesAsync(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var buffer = new char[16_384];
        var line = new System.Text.StringBuilder();
        bool skipping = false; // the current line is known not to be a protocol line
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory())) > 0)
        {
            int start = 0;
            for (int i = Array.IndexOf(buffer, '\n', 0, read); i >= 0; i = i + 1 < read ? Array.IndexOf(buffer, '\n', i + 1, read - i - 1) : -1)
            {
                if (!skipping)
                {
                    line.Append(buffer, start, i - start);
                    if (StartsWithMarker(line)) yield return line.ToString();
                }
                line.Clear();
                skipping = false;
                start = i + 1;
            }
            if (skipping) continue;
            line.Append(buffer, start, read - start);
            if (line.Length >= Marker.Length && !StartsWithMarker(line))
            {
                skipping = true;
                line.Clear();
            }
        }
        if (!skipping && StartsWithMarker(line)) yield return line.ToString();
    }

    private static bool StartsWithMarker(System.Text.StringBuilder line)
    {
        if (line.Length < Marker.Length) return false;
        for (int i = 0; i < Marker.Length; i++)
            if (line[i] != Marker[i]) return false;
        return true;
    }

    /// <summary>Decodes a line; null when it carries no protocol message.</summary>
    public static ChildMessage? TryDecode(string line)
    {
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) return null;
        try
        {
            return JsonSerializer.Deserialize<ChildMessage>(line.AsSpan(at + Marker.Length), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
