namespace Sharpness.Checks;

/// <summary>The outcome of one check: the claim, whether it held, and the numbers behind it.</summary>
public sealed record CheckResult(string Claim, bool Passed, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Passed ? "✓" : "✗")} {Claim} — {Detail}";
}
