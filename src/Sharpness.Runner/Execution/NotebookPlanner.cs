using Microsoft.DotNet.Interactive.Documents;
using Sharpness.Runner.Notebooks;

namespace Sharpness.Runner.Execution;

/// <summary>Turns a parsed notebook (with parameters injected) into an execution plan.</summary>
public static class NotebookPlanner
{
    /// <summary>
    /// Plans every non-empty code cell in order. <paramref name="injectedAt"/> is the index of the injected parameters
    /// cell (or -1); cell numbers refer to the source notebook, which does not contain it.
    /// </summary>
    public static NotebookExecutionPlan Plan(string notebookPath, InteractiveDocument document, int injectedAt, TimeSpan cellTimeout)
    {
        var cells = new List<PlannedCell>();
        for (var i = 0; i < document.Elements.Count; i++)
        {
            var element = document.Elements[i];
            if (NotebookFile.IsMarkdown(element) || NotebookFile.IsRaw(element) || string.IsNullOrWhiteSpace(element.Contents)) continue;
            var isInjected = i == injectedAt;
            var sourceNumber = injectedAt >= 0 && i >= injectedAt ? i : i + 1;
            cells.Add(new PlannedCell(
                Position: i,
                Number: sourceNumber,
                Code: element.Contents,
                KernelName: string.IsNullOrEmpty(element.KernelName) ? NotebookFile.CSharpKernelName : element.KernelName,
                IsVerification: VerificationCells.IsVerification(element.Contents),
                IsInjected: isInjected));
        }
        var fullPath = Path.GetFullPath(notebookPath);
        return new NotebookExecutionPlan(fullPath, Path.GetDirectoryName(fullPath)!, cells, cellTimeout);
    }
}
