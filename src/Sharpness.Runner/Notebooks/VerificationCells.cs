namespace Sharpness.Runner.Notebooks;

/// <summary>
/// Convention for verification cells: a code cell with a line that starts with <c>// verify</c> (for example
/// <c>// verify: λmax matches the dense Hessian</c>) checks a claim of the notebook. It passes when it runs without
/// error, so the cell must throw when its check fails. The runner reports "passed / total" per notebook.
/// </summary>
public static class VerificationCells
{
    /// <summary>The marker at the start of a (trimmed) line.</summary>
    public const string Marker = "// verify";

    /// <summary>True when <paramref name="source"/> has a line starting with <see cref="Marker"/>.</summary>
    public static bool IsVerification(string source) =>
        source.Split('\n').Any(line => line.TrimStart().StartsWith(Marker, StringComparison.Ordinal));
}
