using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sharpness.TestSupport.Hosting;

/// <summary>
/// A client for the stock notebook host, driven exactly like VS Code Polyglot Notebooks drives it:
/// <c>dotnet dotnet-interactive stdio --working-dir DIR</c>, one JSON command per stdin line, JSON events on stdout,
/// every event tagged with its command's token.
/// </summary>
/// <remarks>
/// <para>The host is the local tool pinned in <c>.config/dotnet-tools.json</c>; <see cref="StockHostOptions.ToolDirectory"/>
/// must be (inside) the folder holding that manifest, after <c>dotnet tool restore</c>. The host's current directory
/// is <see cref="StockHostOptions.WorkingDirectory"/>, so relative <c>#r</c> paths resolve as in a notebook there.</para>
/// <para>The host ignores end of input, so <see cref="Dispose"/> ends it by process id (with its child processes).
/// A command that times out leaves the kernel busy; the session then kills the host and fails later commands.</para>
/// <para>Self-contained on purpose (System.Text.Json and System.Diagnostics only): the notebook runner reuses it.</para>
/// </remarks>
public sealed class StockHostSession : IDisposable
{
    private readonly Process _process;
    private readonly StockHostOptions _options;
    private readonly ConcurrentDictionary<string, PendingCommand> _pending = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;
    private readonly Lock _writeGate = new();
    private int _nextToken;
    private volatile string? _brokenReason;

    private StockHostSession(Process process, StockHostOptions options)
    {
        _process = process;
        _options = options;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadEventsAsync);
    }

    /// <summary>The host's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>How long the host took to answer its first command (start-up included).</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>True once the host process has exited (or was killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the host wrote to standard error so far.</summary>
    public string StandardError { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Starts the host and waits until it answers a trivial C# command.</summary>
    /// <exception cref="InvalidOperationException">The host did not start or did not answer in time (the message
    /// carries its standard error, e.g. a missing <c>dotnet tool restore</c>).</exception>
    public static async Task<StockHostSession> StartAsync(StockHostOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.WorkingDirectory))
            throw new DirectoryNotFoundException($"The host's working directory {options.WorkingDirectory} does not exist.");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = options.ToolDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[] { options.HostAssembly ?? "dotnet-interactive", "stdio", "--working-dir", options.WorkingDirectory }) start.ArgumentList.Add(arg);
        foreach (var (name, value) in options.Environment) start.Environment[name] = value;
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start 'dotnet dotnet-interactive stdio'.");
        var session = new StockHostSession(process, options);
        var clock = Stopwatch.StartNew();
        var probe = await session.SubmitCodeAsync("// sharpness: host ready?", options.StartupTimeout, cancellation: cancellation).ConfigureAwait(false);
        if (!probe.Succeeded)
        {
            session.Dispose();
            throw new InvalidOperationException(
                $"The stock host did not become ready ({probe}). Did 'dotnet tool restore' run in {options.ToolDirectory}? Host stderr:\n{session.StandardError}");
        }
        session.StartupTime = clock.Elapsed;
        return session;
    }

    /// <summary>Submits code to a kernel of the host ("csharp" by default) and collects its events until it
    /// completes, fails, times out (<see cref="StockHostOptions.CommandTimeout"/> unless given) or the host exits.</summary>
    public async Task<HostCommandResult> SubmitCodeAsync(string code, TimeSpan? timeout = null, string targetKernel = "csharp",
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        string token = "sharpness-" + Interlocked.Increment(ref _nextToken);
        var clock = Stopwatch.StartNew();
        if (_brokenReason is { } reason)
            return new HostCommandResult(token, code, HostCommandOutcome.HostExited, reason, [], TimeSpan.Zero);
        var pending = new PendingCommand(token);
        _pending[token] = pending;
        var envelope = new JsonObject
        {
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = targetKernel },
            ["token"] = token,
        };
        try
        {
            lock (_writeGate)
            {
                _process.StandardInput.WriteLine(envelope.ToJsonString());
                _process.StandardInput.Flush();
            }
        }
        catch (IOException e)
        {
            _pending.TryRemove(token, out _);
            return new HostCommandResult(token, code, HostCommandOutcome.HostExited, $"The host's input is closed: {e.Message}", [], clock.Elapsed);
        }

        var limit = timeout ?? _options.CommandTimeout;
        var finished = await Task.WhenAny(pending.Completion.Task, Task.Delay(limit, cancellation)).ConfigureAwait(false);
        _pending.TryRemove(token, out _);
        if (finished == pending.Completion.Task)
        {
            var (outcome, message) = await pending.Completion.Task.ConfigureAwait(false);
            return new HostCommandResult(token, code, outcome, message, pending.Snapshot(), clock.Elapsed);
        }
        cancellation.ThrowIfCancellationRequested();
        // A cell still running cannot be cancelled reliably over stdio; end the host so nothing runs on unseen.
        Break($"Command {token} timed out after {limit.TotalSeconds:F0} s; the host was stopped.");
        return new HostCommandResult(token, code, HostCommandOutcome.TimedOut,
            $"No completion within {limit.TotalSeconds:F0} s.", pending.Snapshot(), clock.Elapsed);
    }

    /// <summary>Synchronous <see cref="SubmitCodeAsync"/>.</summary>
    public HostCommandResult SubmitCode(string code, TimeSpan? timeout = null, string targetKernel = "csharp") =>
        SubmitCodeAsync(code, timeout, targetKernel).GetAwaiter().GetResult();

    /// <summary>Ends the host process (and its children) by process id.</summary>
    public void Dispose() => Break("The session was disposed.");

    private void Break(string reason)
    {
        _brokenReason ??= reason;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        foreach (var pending in _pending.Values) pending.Complete(HostCommandOutcome.HostExited, reason);
    }

    private async Task ReadEventsAsync()
    {
        var output = _process.StandardOutput;
        while (await output.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            // The host prints a banner before the JSON stream; skip anything that is not an event envelope.
            if (!line.StartsWith('{')) continue;
            JsonObject? envelope;
            try { envelope = JsonNode.Parse(line) as JsonObject; }
            catch (JsonException) { continue; }
            if (envelope?["eventType"] is not JsonValue typeNode || envelope["command"]?["token"] is not JsonValue tokenNode) continue;
            string eventType = typeNode.GetValue<string>(), token = tokenNode.GetValue<string>();
            string root = token.Split('.')[0];
            if (!_pending.TryGetValue(root, out var pending)) continue;
            var body = envelope["event"] as JsonObject ?? new JsonObject();
            pending.Add(new HostEvent(eventType, token, (JsonObject)body.DeepClone()));
            if (token != root) continue; // a child command finishing is not the end of ours
            if (eventType == "CommandSucceeded") pending.Complete(HostCommandOutcome.Succeeded, null);
            else if (eventType == "CommandFailed") pending.Complete(HostCommandOutcome.Failed, (string?)body["message"] ?? "CommandFailed");
        }
        Break($"The host exited (exit code {(_process.HasExited ? _process.ExitCode.ToString() : "?")}). Stderr:\n{StandardError}");
    }

    private sealed class PendingCommand(string token)
    {
        private readonly List<HostEvent> _events = [];

        public string Token { get; } = token;

        public TaskCompletionSource<(HostCommandOutcome, string?)> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(HostEvent e) { lock (_events) _events.Add(e); }

        public IReadOnlyList<HostEvent> Snapshot() { lock (_events) return _events.ToList(); }

        public void Complete(HostCommandOutcome outcome, string? message) => Completion.TrySetResult((outcome, message));
    }
}

/// <summary>Where and how to start the stock host.</summary>
/// <param name="ToolDirectory">A folder at or below the one holding <c>.config/dotnet-tools.json</c> (the repository
/// root), used as the launcher's current directory so <c>dotnet dotnet-interactive</c> finds the pinned tool.</param>
/// <param name="WorkingDirectory">The host's current directory (a notebook's folder).</param>
public sealed record StockHostOptions(string ToolDirectory, string WorkingDirectory)
{
    /// <summary>How long to wait for the host to answer its first command (start-up ≈ 3 s on a quiet machine). Five
    /// minutes: the tool's start and Roslyn's first compilation are CPU-bound, and with every test project running at
    /// once on a loaded 2-core machine they can exceed the 90 s this used to be. A host that exits (tool not restored,
    /// a crash) ends the wait at once; only a host that hangs waits this long.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Default per-command timeout (five minutes, the runner's default cell timeout: the first chart or kit
    /// cell loads and JIT-compiles Plotly.NET and FSharp.Core, seconds when quiet, many times that under load; 120 s
    /// was the old value). A timed-out command stops the host, so a tight limit fails every later test of a fixture.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Extra environment variables for the host (e.g. an isolated <c>NUGET_PACKAGES</c> folder).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The host's entry assembly (<c>Microsoft.DotNet.Interactive.App.dll</c> of the pinned tool), run as
    /// <c>dotnet HOST.dll stdio</c>; null runs the local tool (<c>dotnet dotnet-interactive</c>). Needed when
    /// <see cref="Environment"/> moves NUGET_PACKAGES, where the local tool's launcher would no longer find it.</summary>
    public string? HostAssembly { get; init; }
}
