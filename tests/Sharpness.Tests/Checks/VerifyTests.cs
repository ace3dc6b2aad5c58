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
    public async Task An_observer_sees_the_passed_checks_of_its_own_flow_only()
    {
        // changed by issue 11: the settable static Verify.Reporter became a scoped observer of one asynchronous flow.
        var seen = new List<CheckResult>();
        using (Verify.Observe(seen.Add))
        {
            Verify.That("observer-ok-claim", true);
            Assert.Throws<VerificationFailedException>(() => Verify.That("observer-bad-claim", false));
            await Task.Run(() => Verify.That("observer-task-claim", true)); // a task started in the flow reports too
        }
        Verify.That("observer-after-scope", true);
        Assert.Equal(["observer-ok-claim", "observer-task-claim"], seen.Select(r => r.Claim));
        Assert.All(seen, r => Assert.True(r.Passed));
    }

    [Fact]
    public async Task Observers_nest_and_flows_do_not_see_each_other()
    {
        var outer = new List<string>();
        var inner = new List<string>();
        var other = new List<string>();
        using (Verify.Observe(r => outer.Add(r.Claim)))
        {
            var parallel = Task.Run(() =>
            {
                using (Verify.Observe(r => other.Add(r.Claim))) Verify.That("other-flow", true);
            });
            using (Verify.Observe(r => inner.Add(r.Claim))) Verify.That("inner", true);
            Verify.That("outer", true);
            await parallel;
        }
        Assert.Equal(["outer"], outer);
        Assert.Equal(["inner"], inner);
        Assert.Equal(["other-flow"], other);
    }
}
