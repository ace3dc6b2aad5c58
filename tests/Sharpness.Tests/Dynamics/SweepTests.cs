using System.Collections.Concurrent;
using Sharpness.Dynamics;
using static Sharpness.Tests.Dynamics.DynamicsFixtures;

namespace Sharpness.Tests.Dynamics;

/// <summary>Parallel sweeps: deterministic for any thread count, ordered by input, with progress reports.</summary>
public class SweepTests
{
    /// <summary>Calls back synchronously on the worker thread (Progress&lt;T&gt; would post to a context).</summary>
    private sealed class Collect : IProgress<SweepProgress>
    {
        public ConcurrentQueue<SweepProgress> Reports { get; } = new();
        public void Report(SweepProgress value) => Reports.Enqueue(value);
    }

    private static IReadOnlyList<SweepItem> Items()
    {
        var variants = new[]
        {
            new GdOptions { MaxIterations = 3000, SampleStride = 10, RecordLayerNorms = false },
            new GdOptions { MaxIterations = 3000, SampleStride = 10, Radius = 1e-9, Direction = StartDirection.Random(1), Mode = ArithmeticMode.Plain },
        };
        return EscapeSweep.Grid(F4Setting, [0.9, 1.05, 1.2, 1.3, 2.0], variants);
    }

    [Fact]
    public void Sweep_results_are_identical_with_one_and_two_threads_and_in_input_order()
    {
        var items = Items();
        var one = EscapeSweep.Run(items, maxDegreeOfParallelism: 1);
        var two = EscapeSweep.Run(items, maxDegreeOfParallelism: 2);
        Assert.Equal(items.Count, one.Count);
        for (int i = 0; i < items.Count; i++)
        {
            Assert.Equal(items[i].Step, one[i].Step);
            Assert.Equal(one[i].Outcome, two[i].Outcome);
            Assert.Equal(one[i].EscapeIteration, two[i].EscapeIteration);
            Assert.Equal(one[i].Iterations, two[i].Iterations);
            Assert.Equal(one[i].Trajectory.Samples.Count, two[i].Trajectory.Samples.Count);
            Assert.True(one[i].Trajectory.Losses.Zip(two[i].Trajectory.Losses).All(p => SameBits(p.First, p.Second)), $"run {i} differs");
        }
        // The grid covers every outcome but Stayed-by-symmetry: check a few are what theory says.
        Assert.Equal(RunOutcome.Stayed, one[0].Outcome);    // c = 0.9
        Assert.Equal(RunOutcome.Converged, one[1].Outcome); // c = 1.05
        Assert.Equal(RunOutcome.Diverged, one[4].Outcome);  // c = 2
    }

    [Fact]
    public void Progress_reports_every_run_once()
    {
        var items = Items();
        var progress = new Collect();
        var results = EscapeSweep.Run(items, progress, maxDegreeOfParallelism: 2);
        var reports = progress.Reports.ToArray();
        Assert.Equal(items.Count, reports.Length);
        // In report order, not just as a set: a progress display must never go back (1, 2, …, n).
        Assert.Equal(Enumerable.Range(1, items.Count), reports.Select(r => r.Completed));
        Assert.Equal(Enumerable.Range(0, items.Count), reports.Select(r => r.Index).Order());
        Assert.All(reports, r => Assert.Same(results[r.Index], r.Run));
        Assert.All(reports, r => Assert.Equal(items.Count, r.Total));
        Assert.Equal(1.0, reports.Max(r => r.Fraction));
    }

    [Fact]
    public void Setting_sweep_shortcut_runs_each_c()
    {
        var progress = new Collect();
        var runs = F4Setting.Sweep([1.05, 1.1], new GdOptions { MaxIterations = 2000, RecordLayerNorms = false }, progress);
        Assert.Equal([1.05, 1.1], runs.Select(r => r.C).ToArray());
        Assert.Equal(2, progress.Reports.Count);
    }

    [Fact]
    public void Cancellation_stops_a_sweep()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => EscapeSweep.Run(Items(), cancellationToken: cts.Token));
    }
}
