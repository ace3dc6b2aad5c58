using Sharpness.Checks;

namespace Sharpness.Tests.Checks;

/// <summary>The notebook assertions must fail loudly with the numbers, and pass silently otherwise.</summary>
public class VerifyTests
{
    [Fact]
    public void Close_passes_within_tolerance_and_fails_outside_with_numbers()
    {
        Assert.True(Verify.Close("a", 1.0, 1.0 + 1e-13, relativeTolerance: 1e-12).Passed);
        var e = Assert.Throws<VerificationFailedException>(() => Verify.Close("λ agrees", 1.0, 1.1, relativeTolerance: 1e-12));
        Assert.Contains("λ agrees", e.Message);
        Assert.Contains("expected 1,", e.Message);
        Assert.Contains("got 1.1", e.Message);
    }

    [Fact]
    public void Close_treats_nan_as_failure()
    {
        Assert.Throws<VerificationFailedException>(() => Verify.Close("nan", 1.0, double.NaN, relativeTolerance: 1));
        Assert.Throws<VerificationFailedException>(() => Verify.AtMost("nan", double.NaN, 1));
        Assert.Throws<VerificationFailedException>(() => Verify.VectorClose("nan", [1.0, 2.0], [1.0, double.NaN], relativeTolerance: 1));
    }

    [Fact]
    public void VectorClose_names_the_worst_entry_and_length_mismatch()
    {
        var e = Assert.Throws<VerificationFailedException>(() => Verify.VectorClose("v", [1.0, 2.0, 3.0], [1.0, 2.5, 3.0], absoluteTolerance: 0.1));
        Assert.Contains("entry 1", e.Message);
        var len = Assert.Throws<VerificationFailedException>(() => Verify.VectorClose("v", [1.0], [1.0, 2.0]));
        Assert.Contains("lengths differ", len.Message);
    }

    [Fact]
    public void Bounds_all_and_throws()
    {
        Verify.AtMost("x", 1, 2);
        Verify.AtLeast("x", 2, 1);
        Verify.InRange("x", 1.5, 1, 2);
        Assert.Throws<VerificationFailedException>(() => Verify.InRange("x", 2.5, 1, 2));
        var all = Assert.Throws<VerificationFailedException>(() => Verify.All("positive", new[] { 1, 2, -3 }, x => x > 0));
        Assert.Contains("item 2: -3", all.Message);
        Verify.Throws<InvalidOperationException>("throws", () => throw new InvalidOperationException("boom"));
        Assert.Throws<VerificationFailedException>(() => Verify.Throws<InvalidOperationException>("no throw", () => { }));
        Assert.Throws<VerificationFailedException>(() => Verify.Throws<InvalidOperationException>("wrong type", () => throw new ArgumentException()));
    }

    [Fact]
    public void Reporter_sees_passed_checks_only()
    {
        // Other test classes may report concurrently through the static hook: look only for our own claims.
        var seen = new System.Collections.Concurrent.ConcurrentBag<CheckResult>();
        var previous = Verify.Reporter;
        Verify.Reporter = seen.Add;
        try
        {
            Verify.That("reporter-ok-claim", true);
            Assert.Throws<VerificationFailedException>(() => Verify.That("reporter-bad-claim", false));
        }
        finally { Verify.Reporter = previous; }
        Assert.Contains(seen, r => r.Claim == "reporter-ok-claim" && r.Passed);
        Assert.DoesNotContain(seen, r => r.Claim == "reporter-bad-claim");
    }
}
