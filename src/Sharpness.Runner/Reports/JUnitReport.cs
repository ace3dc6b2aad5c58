using System.Globalization;
using System.Text;
using System.Xml;
using Sharpness.Runner.Execution;

namespace Sharpness.Runner.Reports;

/// <summary>
/// The run as a JUnit XML report (<c>sharpness run --junit report.xml</c>), in the shape the common CI systems read
/// (Jenkins, GitLab, GitHub's JUnit report actions, Azure Pipelines, the Ant JUnit schema they derive from):
/// <c>testsuites</c> with one <c>testsuite</c> per notebook (name, package, id, tests, failures, errors, skipped,
/// time, timestamp, hostname, an empty <c>properties</c>), one <c>testcase</c> per notebook and per verification cell
/// (<see cref="RunTestCases"/>; name, classname = the notebook, time, file) holding <c>failure</c> (a cell threw or
/// timed out: type, message, and the cell, error and captured output as text), <c>error</c> (the notebook's process
/// could not run it) or <c>skipped</c>, and the failing cell's <c>system-out</c>/<c>system-err</c>. Times are in
/// seconds with three decimals, timestamps ISO 8601 in UTC without a zone (as the Ant schema wants).
/// </summary>
public static class JUnitReport
{
    /// <summary>The report's XML text.</summary>
    public static string Render(RunReport report)
    {
        var builder = new StringBuilder();
        using (var xml = XmlWriter.Create(builder, new XmlWriterSettings
               {
                   Indent = true, OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false), NewLineChars = "\n",
               }))
        {
            Write(xml, report);
        }
        // StringBuilder output declares utf-16; the file is written as UTF-8.
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"");
    }

    /// <summary>Writes the report to <paramref name="path"/> atomically (a temporary file in the same folder, then a
    /// rename), so a CI step never reads half a report.</summary>
    public static void Write(string path, RunReport report)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, Render(report), new UTF8Encoding(false));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static void Write(XmlWriter xml, RunReport report)
    {
        var suites = report.Notebooks.Select(n => (Notebook: n, Cases: RunTestCases.For(n))).ToList();
        var all = suites.SelectMany(s => s.Cases).ToList();
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "sharpness run");
        Counts(xml, all);
        xml.WriteAttributeString("time", Seconds(report.Elapsed));
        xml.WriteAttributeString("timestamp", Timestamp(report.Started));
        var hostname = string.IsNullOrWhiteSpace(Environment.MachineName) ? "localhost" : Environment.MachineName;
        for (var id = 0; id < suites.Count; id++)
        {
            var (notebook, cases) = suites[id];
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", notebook.Name);
            xml.WriteAttributeString("package", "notebooks");
            xml.WriteAttributeString("id", id.ToString(CultureInfo.InvariantCulture));
            Counts(xml, cases);
            xml.WriteAttributeString("time", Seconds(notebook.Result.Elapsed));
            xml.WriteAttributeString("timestamp", Timestamp(notebook.Result.Started));
            xml.WriteAttributeString("hostname", hostname);
            xml.WriteStartElement("properties");
            xml.WriteEndElement();
            foreach (var c in cases) WriteCase(xml, c, FileOf(notebook));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void Counts(XmlWriter xml, IReadOnlyCollection<RunTestCase> cases)
    {
        xml.WriteAttributeString("tests", cases.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", cases.Count(c => c.Outcome is TestCaseOutcome.Failed or TestCaseOutcome.TimedOut).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", cases.Count(c => c.Outcome == TestCaseOutcome.Error).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", cases.Count(c => c.Outcome == TestCaseOutcome.Skipped).ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteCase(XmlWriter xml, RunTestCase c, string file)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", Clean(c.Name));
        xml.WriteAttributeString("classname", Clean(c.Notebook));
        xml.WriteAttributeString("time", Seconds(c.Time));
        xml.WriteAttributeString("file", Clean(file));
        switch (c.Outcome)
        {
            case TestCaseOutcome.Skipped:
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", Clean(c.SkipReason ?? "not run"));
                xml.WriteEndElement();
                break;
            case TestCaseOutcome.Failed or TestCaseOutcome.TimedOut or TestCaseOutcome.Error when c.Failure is { } f:
                xml.WriteStartElement(c.Outcome == TestCaseOutcome.Error ? "error" : "failure");
                xml.WriteAttributeString("message", Clean(f.Message));
                xml.WriteAttributeString("type", Clean(f.Type));
                xml.WriteString(Clean(FailureText(f)));
                xml.WriteEndElement();
                if (f.Stdout.Length > 0) xml.WriteElementString("system-out", Clean(f.Stdout));
                if (f.Stderr.Length > 0) xml.WriteElementString("system-err", Clean(f.Stderr));
                break;
        }
        xml.WriteEndElement();
    }

    // The failure's text node: what a dashboard shows when the case is opened.
    private static string FailureText(TestCaseFailure f)
    {
        var text = new StringBuilder();
        if (f.Cell is { } cell) text.Append("cell ").Append(cell).Append(": ").Append(f.FirstLine).Append('\n');
        text.Append(f.Error).Append('\n');
        if (f.Stdout.Length > 0) text.Append("--- captured stdout ---\n").Append(f.Stdout.TrimEnd('\n')).Append('\n');
        if (f.Stderr.Length > 0) text.Append("--- captured stderr ---\n").Append(f.Stderr.TrimEnd('\n')).Append('\n');
        return text.ToString();
    }

    private static string FileOf(ExecutedNotebook notebook)
    {
        var path = notebook.Result.Plan.NotebookPath;
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    /// <summary>Seconds with three decimals, invariant culture (JUnit's time unit).</summary>
    public static string Seconds(TimeSpan t) => Math.Max(0, t.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Text XML 1.0 can carry: characters it forbids (NUL, most C0 controls such as ESC of terminal colors,
    /// lone surrogates) become U+FFFD, so a cell that printed them still yields a report every parser reads.</summary>
    public static string Clean(string text)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            var ok = ch is '\t' or '\n' or '\r' || (ch >= 0x20 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD);
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cleaned?.Append(ch).Append(text[i + 1]);
                i++;
                continue;
            }
            if (ok) { cleaned?.Append(ch); continue; }
            cleaned ??= new StringBuilder(text, 0, i, text.Length);
            cleaned.Append('\uFFFD');
        }
        return cleaned?.ToString() ?? text;
    }
}
