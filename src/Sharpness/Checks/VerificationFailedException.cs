namespace Sharpness.Checks;

/// <summary>Thrown when a check fails; the message states the claim and the numbers.</summary>
public sealed class VerificationFailedException(CheckResult result) : Exception($"Check failed: {result.Claim} — {result.Detail}")
{
    /// <summary>The failed check.</summary>
    public CheckResult Result { get; } = result;
}
