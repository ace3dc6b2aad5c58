using System.Text;
using Sharpness.Runner.Execution.Child;

namespace Sharpness.Notebooks.Tests.Runner.Reliability;

/// <summary>
/// Issue 16 item 5, the parent's side: the child's stdout is split into protocol lines without holding what a cell
/// wrote straight to the raw stream (a newline-free flood there used to grow one string in ReadLine). Checked against
/// the plain line split under random read sizes, seeded.
/// </summary>
public sealed class ProtocolLineTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Protocol_lines_come_through_whatever_the_read_sizes_and_raw_text_around_them(int seed)
    {
        var rng = new Random(seed);
        var text = new StringBuilder();
        var expected = new List<string>();
        for (int k = 0; k < 400; k++)
        {
            switch (rng.Next(4))
            {
                case 0: text.Append(new string('r', rng.Next(0, 50_000))); break; // raw text, maybe without newline
                case 1: text.Append(ChildProtocol.Marker[..rng.Next(1, ChildProtocol.Marker.Length)]).Append('\n'); break; // a marker prefix only
                default:
                    var line = ChildProtocol.Marker + "{\"type\":\"output\",\"cell\":" + k + ",\"x\":\"" + new string('d', rng.Next(0, 40_000)) + "\"}";
                    text.Append('\n').Append(line).Append('\n'); // as the child writes: a fresh line
                    expected.Add(line);
                    break;
            }
        }
        var lines = new List<string>();
        await foreach (var line in ChildProtocol.ReadProtocolLinesAsync(new ChunkedReader(text.ToString(), new Random(seed + 100))))
            lines.Add(line);
        Assert.Equal(expected.Count, lines.Count);
        Assert.True(expected.SequenceEqual(lines), "the protocol lines, in order");
    }

    [Fact]
    public async Task A_newline_free_raw_flood_is_not_held()
    {
        // 200 MB of characters without a newline, then a message: the reader never holds more than one buffer of it.
        var reader = new EndlessRaw(200_000_000, "\n" + ChildProtocol.Marker + "{\"type\":\"done\"}\n");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var lines = new List<string>();
        await foreach (var line in ChildProtocol.ReadProtocolLinesAsync(reader)) lines.Add(line);
        Assert.Equal([ChildProtocol.Marker + "{\"type\":\"done\"}"], lines);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16L << 20, "allocated more than 16 MB for a skipped line");
    }

    /// <summary>Returns the text in reads of random length (1 … 70 000 characters).</summary>
    private sealed class ChunkedReader(string text, Random rng) : TextReader
    {
        private int _at;

        public override int Read(char[] buffer, int index, int count)
        {
            int n = Math.Min(Math.Min(count, rng.Next(1, 70_000)), text.Length - _at);
            text.CopyTo(_at, buffer, index, n);
            _at += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            int n = Math.Min(Math.Min(buffer.Length, rng.Next(1, 70_000)), text.Length - _at);
            text.AsSpan(_at, n).CopyTo(buffer.Span);
            _at += n;
            return ValueTask.FromResult(n);
        }
    }

    /// <summary>'r' × count, then the tail, without materializing the flood.</summary>
    private sealed class EndlessRaw(long count, string tail) : TextReader
    {
        private long _left = count;
        private int _tailAt;

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
        {
            var span = buffer.Span;
            if (_left > 0)
            {
                int n = (int)Math.Min(span.Length, _left);
                span[..n].Fill('r');
                _left -= n;
                return ValueTask.FromResult(n);
            }
            int m = Math.Min(span.Length, tail.Length - _tailAt);
            tail.AsSpan(_tailAt, m).CopyTo(span);
            _tailAt += m;
            return ValueTask.FromResult(m);
        }
    }
}
