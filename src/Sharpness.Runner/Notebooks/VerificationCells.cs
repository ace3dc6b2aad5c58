using System.Text.RegularExpressions;

namespace Sharpness.Runner.Notebooks;

/// <summary>
/// Convention for verification cells: a code cell with a line that starts with <c>// verify</c> (for example
/// <c>// verify: λmax matches the dense Hessian</c>; the marker is followed by ':', a space or the end of the line)
/// checks a claim of the notebook. It passes when it runs without
/// error, so the cell must throw when its check fails. The runner reports "passed / total" per notebook.
/// </summary>
public static partial class VerificationCells
{
    /// <summary>The marker at the start of a (trimmed) line.</summary>
    public const string Marker = "// verify";

    /// <summary>True when <paramref name="source"/> has a line starting with <see cref="Marker"/>.</summary>
    public static bool IsVerification(string source) => MarkerLine().IsMatch(source);

    [GeneratedRegex(@"^[ \t]*// verify(:|[ \t]|\r?$)", RegexOptions.Multiline)]
    private static partial Regex MarkerLine();
}
