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

    /// <summary>The variables the parameters cell declares (empty without a parameters cell).</summary>
    public static IReadOnlyList<ParameterDeclaration> Declarations(InteractiveDocument document)
    {
        var at = Find(document);
        return at < 0 ? Array.Empty<ParameterDeclaration>() : ParameterDeclaration.Parse(document.Elements[at].Contents);
    }

    /// <summary>True when the parameters cell declares a variable named <paramref name="name"/>.</summary>
    public static bool Declares(InteractiveDocument document, string name) =>
        Declarations(document).Any(d => d.Name == name);

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
        var declared = ParameterDeclaration.Parse(document.Elements[at].Contents);
        var assignments = new List<string>();
        foreach (var p in parameters)
        {
            var declaration = declared.LastOrDefault(d => d.Name == p.Name)
                ?? throw new RunnerUserException(
                    $"{notebookName}: parameter '{p.Name}' is not declared in the parameters cell (it declares: {DeclaredNames(document.Elements[at].Contents)}).");
            // The declared type decides how the text is read (a string parameter gets "true" as a string).
            assignments.Add($"{p.Name} = {declaration.Literal(p.Value, notebookName)};");
        }
        var code = "// Injected parameters (sharpness run -p)\n" + string.Join("\n", assignments);
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
        var names = ParameterDeclaration.Parse(source).Select(d => d.Name).Distinct().ToList();
        return names.Count == 0 ? "nothing recognizable" : string.Join(", ", names);
    }
}
