using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;

namespace Sharpness.Runner.Notebooks;

/// <summary>
/// The papermill convention: the code cell tagged <c>parameters</c> holds the defaults; overrides are injected as a
/// new cell (tagged <c>injected-parameters</c>) right after it, so the executed notebook shows what was used.
/// </summary>
public static class ParametersCell
{
    /// <summary>The tag that marks the defaults cell.</summary>
    public const string Tag = "parameters";

    /// <summary>The tag of the cell the runner injects.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>Index (into <see cref="InteractiveDocument.Elements"/>) of the parameters cell, or -1.</summary>
    public static int Find(InteractiveDocument document)
    {
        for (var i = 0; i < document.Elements.Count; i++)
        {
            var cell = document.Elements[i];
            if (!NotebookFile.IsMarkdown(cell) && NotebookFile.Tags(cell).Contains(Tag)) return i;
        }
        return -1;
    }

    /// <summary>True when the parameters cell mentions <paramref name="name"/> as a whole word.</summary>
    public static bool Declares(InteractiveDocument document, string name)
    {
        var at = Find(document);
        return at >= 0 && Regex.IsMatch(document.Elements[at].Contents, $@"\b{Regex.Escape(name)}\b");
    }

    /// <summary>
    /// Inserts the overrides after the parameters cell and returns the injected cell's index (or -1 when there are no
    /// overrides). Every name must be declared in the parameters cell (<see cref="Declares"/>): a typo would otherwise
    /// become a compile error far from its cause, or silently change nothing.
    /// </summary>
    public static int Inject(InteractiveDocument document, IReadOnlyList<NotebookParameter> parameters, string notebookName)
    {
        if (parameters.Count == 0) return -1;
        var at = Find(document);
        if (at < 0)
            throw new RunnerUserException(
                $"{notebookName} has no code cell tagged '{Tag}', so -p {parameters[0].Name}=... cannot be applied.");
        foreach (var p in parameters)
        {
            if (!Declares(document, p.Name))
                throw new RunnerUserException(
                    $"{notebookName}: parameter '{p.Name}' is not declared in the parameters cell (it declares: {DeclaredNames(document.Elements[at].Contents)}).");
        }
        var code = "// Injected parameters (sharpness run -p)\n" + string.Join("\n", parameters.Select(p => p.Assignment));
        var metadata = new Dictionary<string, object>
        {
            ["polyglot_notebook"] = new Dictionary<string, object> { ["kernelName"] = NotebookFile.CSharpKernelName },
            ["vscode"] = new Dictionary<string, object> { ["languageId"] = "polyglot-notebook" },
            ["tags"] = new[] { InjectedTag },
        };
        var injected = new InteractiveDocumentElement(code, NotebookFile.CSharpKernelName, Array.Empty<InteractiveDocumentOutputElement>())
        {
            Id = "injected-parameters",
            Metadata = metadata,
        };
        document.Elements.Insert(at + 1, injected);
        return at + 1;
    }

    /// <summary>The names the parameters cell declares (for error messages).</summary>
    public static string DeclaredNames(string source)
    {
        var names = Regex.Matches(source, @"\b(?:var|int|double|float|long|bool|string|decimal)\s+([A-Za-z_][A-Za-z0-9_]*)\s*=")
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        return names.Count == 0 ? "nothing recognizable" : string.Join(", ", names);
    }
}
