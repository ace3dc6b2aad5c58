using Microsoft.DotNet.Interactive.Documents;
using Sharpness.Runner.Notebooks;

namespace Sharpness.Runner.Execution;

/// <summary>A notebook after a run: the document with outputs written back, and the run's result.</summary>
public sealed class ExecutedNotebook
{
    private ExecutedNotebook(string name, InteractiveDocument document, NotebookRunResult result)
    {
        Name = name;
        Document = document;
        Result = result;
    }

    /// <summary>File name without extension (e.g. "01-intro"); site pages and copies are named after it.</summary>
    public string Name { get; }

    /// <summary>The executed document (outputs and execution counts filled in).</summary>
    public InteractiveDocument Document { get; }

    /// <summary>What happened.</summary>
    public NotebookRunResult Result { get; }

    /// <summary>Result for the cell at document position <paramref name="position"/>, if it was planned.</summary>
    public CellResult? ResultAt(int position) => Result.Cells.FirstOrDefault(c => c.Cell.Position == position);

    /// <summary>The title: the notebook's first markdown heading, else its name.</summary>
    public string Title
    {
        get
        {
            foreach (var cell in Document.Elements.Where(NotebookFile.IsMarkdown))
            {
                var heading = cell.Contents.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith('#'));
                if (heading is not null) return heading.TrimStart('#').Trim();
            }
            return Name;
        }
    }

    /// <summary>
    /// Writes the results into <paramref name="document"/> as nbformat outputs (stream, display_data,
    /// execute_result, error) and numbers the executed cells 1, 2, … like a kernel would.
    /// </summary>
    public static ExecutedNotebook Create(string notebookPath, InteractiveDocument document, NotebookRunResult result)
    {
        var executionCount = 0;
        foreach (var cell in result.Cells)
        {
            var element = document.Elements[cell.Cell.Position];
            element.Outputs.Clear();
            if (cell.Status == CellStatus.NotRun) continue;
            element.ExecutionOrder = ++executionCount;
            foreach (var output in cell.Outputs) element.Outputs.Add(ToElement(output, executionCount));
        }
        return new ExecutedNotebook(Path.GetFileNameWithoutExtension(notebookPath), document, result);
    }

    private static InteractiveDocumentOutputElement ToElement(CellOutput output, int executionCount) => output.Kind switch
    {
        OutputKind.Stdout => new TextElement(output.PlainText, "stdout"),
        OutputKind.Stderr => new TextElement(output.PlainText, "stderr"),
        OutputKind.ReturnValue => ReturnValueOf(output, executionCount),
        OutputKind.Error => ErrorOf(output.PlainText),
        _ => new DisplayElement(output.Data.ToDictionary(kv => kv.Key, kv => (object)kv.Value)),
    };

    private static ReturnValueElement ReturnValueOf(CellOutput output, int executionCount)
    {
        var element = new ReturnValueElement { ExecutionOrder = executionCount };
        foreach (var (mime, value) in output.Data) element.Data[mime] = value;
        return element;
    }

    // "System.InvalidOperationException: message" → ename/evalue; compile errors ("(5,31): error CS0234: …") and
    // runner messages have no exception type, so they become ename "Error" with the whole first line as evalue.
    private static ErrorElement ErrorOf(string text)
    {
        var lines = text.Replace("\r", "").Split('\n');
        var first = lines[0].Trim();
        var colon = first.IndexOf(": ", StringComparison.Ordinal);
        var isTypeName = colon > 0 && System.Text.RegularExpressions.Regex.IsMatch(first[..colon], @"^[A-Za-z_][\w.`]*$");
        var name = isTypeName ? first[..colon] : "Error";
        var value = isTypeName ? first[(colon + 2)..] : first;
        return new ErrorElement(value, name, lines.Skip(1).Where(l => l.Length > 0).ToArray());
    }
}
