using Sharpness.Runner.Execution;
using Sharpness.Runner.Notebooks;

namespace Sharpness.Runner.Reports;

/// <summary>How a test case of a run ended, in the terms CI dashboards use.</summary>
public enum TestCaseOutcome
{
    /// <summary>Ran and passed.</summary>
    Passed,
    /// <summary>A cell threw (for a verification cell: its check failed).</summary>
    Failed,
    /// <summary>A cell exceeded the per-cell time limit and was stopped (reported as a failure).</summary>
    TimedOut,
    /// <summary>Not run: an earlier cell of the notebook failed.</summary>
    Skipped,
    /// <summary>The notebook's process could not run the notebook at all (a failure not tied to a cell).</summary>
    Error,
}

/// <summary>What went wrong in a failed or timed-out test case: the cell, its first line, the error and what the cell
/// printed before it failed.</summary>
/// <param name="Cell">1-based cell number in the source notebook (markdown cells count), or null for a host error.</param>
/// <param name="FirstLine">The cell's first non-empty source line (or the injected-parameters label), or null.</param>
/// <param name="Message">One line: "cell 4 (throw …): deliberate failure".</param>
/// <param name="Type">The exception type when the error names one ("System.InvalidOperationException"), "Timeout"
/// for a timed-out cell, else "Error".</param>
/// <param name="Error">The full error text (the kernel's message and stack trace, or the runner's explanation).</param>
/// <param name="Stdout">What the cell wrote to standard output, at most <see cref="RunTestCases.CapturedCharacters"/>
/// characters (the end is kept: it is where the failure shows).</param>
/// <param name="Stderr">The same for standard error.</param>
public sealed record TestCaseFailure(int? Cell, string? FirstLine, string Message, string Type, string Error, string Stdout, string Stderr);

/// <summary>One test case: a whole notebook, or one verification cell inside it.</summary>
/// <param name="Notebook">The notebook's name (file name without extension).</param>
/// <param name="Name">"01-setup.ipynb" for the notebook's case; "cell 7: λmax: K formula vs dense Hessian; …" (the
/// claims it checks, <see cref="RunTestCases.VerificationTitle"/>) for a verification cell.</param>
/// <param name="Cell">The verification cell's number; null for the notebook's case.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Time">Wall time (the notebook's, including start-up; the cell's), zero when skipped.</param>
/// <param name="Failure">For <see cref="TestCaseOutcome.Failed"/>, <see cref="TestCaseOutcome.TimedOut"/> and
/// <see cref="TestCaseOutcome.Error"/>.</param>
/// <param name="SkipReason">For <see cref="TestCaseOutcome.Skipped"/>: which cell failed first.</param>
public sealed record RunTestCase(
    string Notebook, string Name, int? Cell, TestCaseOutcome Outcome, TimeSpan Time, TestCaseFailure? Failure, string? SkipReason);

/// <summary>
/// The test cases of a run, as CI systems see them (nbmake and nbval make each notebook a test; the kit adds one per
/// verification cell, since each checks one claim): for every notebook one case for the notebook as a whole (failed
/// when any cell failed, carrying that cell), then one per <c>// verify</c> cell in order — passed, failed or timed
/// out with the cell's details, or skipped when an earlier cell failed. Both the JUnit report and summary.json are
/// written from these, so they never disagree.
/// </summary>
public static partial class RunTestCases
{
    /// <summary>Most characters of a failing cell's stdout (and of its stderr) carried into a report: CI dashboards
    /// choke on megabytes, and the executed notebook keeps the full output.</summary>
    public const int CapturedCharacters = 20_000;

    /// <summary>The notebook's case followed by its verification cells' cases.</summary>
    public static IReadOnlyList<RunTestCase> For(ExecutedNotebook notebook)
    {
        var result = notebook.Result;
        var cases = new List<RunTestCase> { NotebookCase(notebook) };
        var firstFailure = result.FirstFailure;
        foreach (var cell in result.Cells.Where(c => c.Cell.IsVerification))
        {
            var name = $"cell {cell.Cell.Number}: {VerificationTitle(cell.Cell.Code)}";
            cases.Add(cell.Status switch
            {
                CellStatus.Succeeded => new RunTestCase(notebook.Name, name, cell.Cell.Number, TestCaseOutcome.Passed, cell.Elapsed, null, null),
                CellStatus.Failed or CellStatus.TimedOut => new RunTestCase(notebook.Name, name, cell.Cell.Number,
                    cell.Status == CellStatus.TimedOut ? TestCaseOutcome.TimedOut : TestCaseOutcome.Failed, cell.Elapsed, FailureOf(cell), null),
                _ => new RunTestCase(notebook.Name, name, cell.Cell.Number, TestCaseOutcome.Skipped, TimeSpan.Zero, null,
                    firstFailure is not null
                        ? $"not run: {firstFailure.Cell.Label} {(firstFailure.Status == CellStatus.TimedOut ? "timed out" : "failed")}"
                        : result.HostError is not null ? $"not run: {FirstLineOf(result.HostError)}" : "not run"),
            });
        }
        return cases;
    }

    /// <summary>Every case of the run, notebook by notebook in run order.</summary>
    public static IReadOnlyList<RunTestCase> For(RunReport report) => report.Notebooks.SelectMany(For).ToList();

    private static RunTestCase NotebookCase(ExecutedNotebook notebook)
    {
        var result = notebook.Result;
        var name = notebook.Name + ".ipynb";
        if (result.FirstFailure is { } failed)
            return new RunTestCase(notebook.Name, name, null,
                failed.Status == CellStatus.TimedOut ? TestCaseOutcome.TimedOut : TestCaseOutcome.Failed, result.Elapsed, FailureOf(failed), null);
        if (result.HostError is { } host)
            return new RunTestCase(notebook.Name, name, null, TestCaseOutcome.Error, result.Elapsed,
                new TestCaseFailure(null, null, FirstLineOf(host), "Error", host, "", ""), null);
        return new RunTestCase(notebook.Name, name, null, TestCaseOutcome.Passed, result.Elapsed, null, null);
    }

    private static TestCaseFailure FailureOf(CellResult cell)
    {
        var error = string.IsNullOrWhiteSpace(cell.Error) ? "(no message)" : cell.Error.Trim();
        var timedOut = cell.Status == CellStatus.TimedOut;
        var type = timedOut ? "Timeout" : ExceptionType(error) ?? "Error";
        var firstLine = cell.Cell.IsInjected ? cell.Cell.Label : NotebookFile.FirstLine(cell.Cell.Code);
        return new TestCaseFailure(
            cell.Cell.Number, firstLine,
            $"{cell.Cell.Label}: {FirstLineOf(error)}",
            type, error,
            Captured(cell, OutputKind.Stdout), Captured(cell, OutputKind.Stderr));
    }

    /// <summary>Most characters of a verification case's title (after "cell N: ").</summary>
    public const int TitleCharacters = 120;

    /// <summary>A verification cell's title, named by what it checks: the text after the <c>// verify:</c> marker
    /// when the author wrote one; otherwise the claims of the cell's <c>Verify.*("claim", …)</c> calls
    /// (<see cref="VerificationClaims"/>) joined by "; " — as many as fit in <see cref="TitleCharacters"/>, then
    /// "(+k more)"; otherwise "verify" and the cell's first line of code. Read from the source, so a case has the
    /// same name whether it passed, failed or was skipped.</summary>
    public static string VerificationTitle(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var lines = code.Split('\n');
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (!VerificationCells.IsVerification(trimmed)) continue;
            var title = trimmed[VerificationCells.Marker.Length..].TrimStart(':').Trim();
            if (title.Length > 0) return Shorten(title);
            break;
        }
        var claims = VerificationClaims(code);
        if (claims.Count > 0) return JoinClaims(claims);
        var firstCode = lines.Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal));
        return firstCode is null ? "verify" : Shorten("verify: " + firstCode);
    }

    /// <summary>The claims of the <c>Verify.Method("claim", …)</c> calls in <paramref name="code"/>, in order: the
    /// first argument when it is a string literal (regular, verbatim or interpolated; an interpolated claim keeps its
    /// holes as written, e.g. "A_{i} W_{i} B_{i} = P"). Calls on commented-out lines are skipped.</summary>
    public static IReadOnlyList<string> VerificationClaims(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var claims = new List<string>();
        foreach (System.Text.RegularExpressions.Match m in VerifyCall().Matches(code))
        {
            int lineStart = code.LastIndexOf('\n', Math.Max(0, m.Index - 1)) + 1;
            if (m.Index > 0 && code.AsSpan(lineStart, m.Index - lineStart).TrimStart().StartsWith("//")) continue;
            if (StringLiteral(code, m.Index + m.Length) is { Length: > 0 } claim) claims.Add(claim);
        }
        return claims;
    }

    private static string JoinClaims(IReadOnlyList<string> claims)
    {
        var text = claims[0].Length <= TitleCharacters ? claims[0] : Shorten(claims[0]);
        int used = 1;
        for (; used < claims.Count; used++)
        {
            string more = used + 1 < claims.Count ? $" (+{claims.Count - used - 1} more)" : "";
            if (text.Length + 2 + claims[used].Length + more.Length > TitleCharacters) break;
            text += "; " + claims[used];
        }
        return used < claims.Count ? $"{text} (+{claims.Count - used} more)" : text;
    }

    private static string Shorten(string text) => text.Length <= TitleCharacters ? text : text[..(TitleCharacters - 3)] + "...";

    // "Verify.Close(" (an optional generic argument list, as in Verify.Throws<T>(), and spaces allowed).
    [System.Text.RegularExpressions.GeneratedRegex(@"\bVerify\s*\.\s*[A-Za-z_]\w*\s*(?:<[^<>()]*>)?\s*\(\s*")]
    private static partial System.Text.RegularExpressions.Regex VerifyCall();

    // The value of the C# string literal starting at code[i] ("…", @"…", $"…", $@"…", @$"…"), or null when there is
    // none. Escapes are decoded as far as a title needs (\" \\ \n \t, "" in verbatim, {{ }} in interpolated).
    private static string? StringLiteral(string code, int i)
    {
        bool verbatim = false, interpolated = false;
        while (i < code.Length && code[i] is '@' or '$')
        {
            if (code[i] == '@') verbatim = true; else interpolated = true;
            i++;
        }
        if (i >= code.Length || code[i] != '"') return null;
        var value = new System.Text.StringBuilder();
        int holes = 0; // inside an interpolation hole, a quote opens a nested literal, which is kept as written
        for (i++; i < code.Length; i++)
        {
            char ch = code[i];
            if (holes > 0 && ch == '"')
            {
                int close = code.IndexOf('"', i + 1);
                if (close < 0) return null;
                value.Append(code, i, close - i + 1);
                i = close;
                continue;
            }
            if (ch == '"')
            {
                if (verbatim && i + 1 < code.Length && code[i + 1] == '"') { value.Append('"'); i++; continue; }
                return value.ToString().Trim();
            }
            if (!verbatim && ch == '\\' && i + 1 < code.Length)
            {
                char next = code[++i];
                value.Append(next switch { 'n' => ' ', 't' => ' ', _ => next });
                continue;
            }
            if (interpolated && ch is '{' or '}')
            {
                if (holes == 0 && i + 1 < code.Length && code[i + 1] == ch) { value.Append(ch); i++; continue; }
                holes = Math.Max(0, holes + (ch == '{' ? 1 : -1));
            }
            if (!verbatim && ch == '\n') return null; // an unterminated regular literal
            value.Append(ch);
        }
        return null;
    }

    // "System.InvalidOperationException: message" names its type; compile errors and runner messages do not.
    private static string? ExceptionType(string error)
    {
        var first = FirstLineOf(error);
        var colon = first.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && System.Text.RegularExpressions.Regex.IsMatch(first[..colon], @"^[A-Za-z_][\w.`]*$") ? first[..colon] : null;
    }

    private static string Captured(CellResult cell, OutputKind kind)
    {
        var text = string.Concat(cell.Outputs.Where(o => o.Kind == kind).Select(o => o.PlainText));
        if (text.Length <= CapturedCharacters) return text;
        return $"[… {text.Length - CapturedCharacters} earlier characters not shown; the executed notebook has them all]\n"
               + text[^CapturedCharacters..];
    }

    private static string FirstLineOf(string text) =>
        text.Trim().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no message)";
}
