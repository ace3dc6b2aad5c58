namespace Sharpness.Runner.Execution;

/// <summary>A code cell to execute, in notebook order.</summary>
/// <param name="Position">Index into the (possibly parameter-injected) document's cells: where outputs go back.</param>
/// <param name="Number">1-based cell number in the source notebook (markdown cells count), as a reader sees it.
/// The injected parameters cell carries the number of the parameters cell it follows.</param>
/// <param name="Code">Source to submit.</param>
/// <param name="KernelName">Target kernel (always "csharp" in this project).</param>
/// <param name="IsVerification">Marked with <c>// verify</c> (see <see cref="Notebooks.VerificationCells"/>).</param>
/// <param name="IsInjected">The cell holding the <c>-p</c> overrides.</param>
public sealed record PlannedCell(int Position, int Number, string Code, string KernelName, bool IsVerification, bool IsInjected)
{
    /// <summary>How messages name the cell: its number and first source line.</summary>
    public string Label => IsInjected
        ? $"injected parameters cell (after cell {Number})"
        : $"cell {Number} ({Notebooks.NotebookFile.FirstLine(Code)})";
}
