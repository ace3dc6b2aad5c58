using System.Text;
using Microsoft.DotNet.Interactive.Utility;

namespace Sharpness.Runner.Execution.Child;

/// <summary>
/// Takes Console.Out and Console.Error of the child for the whole process and streams what cells write straight to
/// the parent, cut at the cell's <see cref="StreamBudget"/>, instead of letting the kernel turn every write into an
/// event. The kernel keeps each event of a running command (its <c>KernelCommandResult.Events</c> list, a
/// <c>ReplaySubject</c> in the invocation context, and the whole text in the per-command <c>ObservableStringWriter</c>)
/// until the cell ends, so a 50 MB flood used to cost ≈ 500 MB in the child although only 1 MB was kept. Here a write
/// beyond the limit is counted and dropped at once; memory stays bounded by the limit whatever a cell prints.
/// </summary>
/// <remarks>
/// <para>How: .NET Interactive swaps Console.Out for its multiplexing writer when the first invocation context
/// subscribes (<see cref="ConsoleOutput.Subscribe"/>) and restores the previous writer when the last one ends. One
/// subscription held for the life of the process keeps the multiplexer installed, so the swap happens exactly once,
/// before any cell; our writers then replace it and stay.</para>
/// <para>Text is collected and sent in chunks (at <see cref="ChunkCharacters"/>, every <see cref="FlushInterval"/>, on
/// Flush, when the cell switches between stdout and stderr, before any other output of the cell — so the order of
/// streams and displays is kept — and at the end of the cell), so a flood costs a few hundred protocol messages, not one per line, and a cell
/// that hangs still shows what it printed up to the last interval. A write is attributed to the cell running when it
/// happens (also from a thread the cell started); writes between cells are dropped.</para>
/// </remarks>
internal sealed class ConsoleCapture
{
    /// <summary>Pending text of one stream is sent when it reaches this many characters.</summary>
    public const int ChunkCharacters = 16_384;

    /// <summary>Pending text is sent at least this often while a cell runs.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly object _gate;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private StreamBudget? _budget;
    private Action<CellOutput>? _emit;

    private ConsoleCapture(object gate) => _gate = gate;

    /// <summary>
    /// Installs the capture for this process. <paramref name="gate"/> is the lock the protocol writer takes, so a
    /// chunk and the other messages of a cell never interleave.
    /// </summary>
    public static ConsoleCapture Install(object gate)
    {
        var capture = new ConsoleCapture(gate);
        // In a task of its own: the subscription establishes an async-context id, which must not flow into the
        // cells' contexts.
        Task.Run(() => ConsoleOutput.Subscribe(_ => Nothing.Instance)).GetAwaiter().GetResult();
        Console.SetOut(new StreamWriter(capture, OutputKind.Stdout));
        Console.SetError(new StreamWriter(capture, OutputKind.Stderr));
        var flusher = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(FlushInterval);
                capture.Flush();
            }
        })
        {
            IsBackground = true,
            Name = "sharpness console flush",
        };
        flusher.Start();
        return capture;
    }

    /// <summary>From now on writes belong to a cell: kept within <paramref name="budget"/>, sent through
    /// <paramref name="emit"/> (called under the gate).</summary>
    public void BeginCell(StreamBudget budget, Action<CellOutput> emit)
    {
        lock (_gate)
        {
            _budget = budget;
            _emit = emit;
        }
    }

    /// <summary>Sends what the cell left pending; later writes are dropped until the next cell begins.</summary>
    public void EndCell()
    {
        lock (_gate)
        {
            Flush();
            _budget = null;
            _emit = null;
        }
    }

    /// <summary>Sends the pending text (of one stream: a write to the other sends it first).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            Send(OutputKind.Stdout, _stdout);
            Send(OutputKind.Stderr, _stderr);
        }
    }

    private StringBuilder Pending(OutputKind kind) => kind == OutputKind.Stdout ? _stdout : _stderr;

    private void Send(OutputKind kind, StringBuilder pending)
    {
        if (pending.Length == 0) return;
        var text = pending.ToString();
        pending.Clear();
        _emit?.Invoke(CellOutput.Text(kind, text));
    }

    private void Write(OutputKind kind, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        lock (_gate)
        {
            if (_budget is null) return;
            int kept = _budget.Take(kind, text.Length);
            if (kept == 0) return;
            // The other stream's pending text was written first: it goes out first, so stdout and stderr keep
            // their interleaving (at most one of them has pending text at any time).
            var other = kind == OutputKind.Stdout ? OutputKind.Stderr : OutputKind.Stdout;
            Send(other, Pending(other));
            var pending = Pending(kind);
            pending.Append(text[..kept]);
            if (pending.Length >= ChunkCharacters) Send(kind, pending);
        }
    }

    private sealed class StreamWriter(ConsoleCapture capture, OutputKind kind) : TextWriter
    {
        public override Encoding Encoding { get; } = new UTF8Encoding(false);

        public override void Write(char value) => capture.Write(kind, new ReadOnlySpan<char>(in value));

        public override void Write(char[] buffer, int index, int count) => capture.Write(kind, buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer) => capture.Write(kind, buffer);

        public override void Write(string? value) => capture.Write(kind, value);

        public override void WriteLine(string? value)
        {
            lock (capture._gate)
            {
                capture.Write(kind, value);
                capture.Write(kind, CoreNewLine);
            }
        }

        public override void WriteLine(ReadOnlySpan<char> buffer)
        {
            lock (capture._gate)
            {
                capture.Write(kind, buffer);
                capture.Write(kind, CoreNewLine);
            }
        }

        public override void Flush() => capture.Flush();
    }

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();
        public void Dispose() { }
    }
}
