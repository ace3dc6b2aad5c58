using Sharpness.Dynamics.Flat;

namespace Sharpness.Dynamics;

/// <summary>
/// The engine behind <c>EscapeSweep.Run</c>: runs with the same layout and arithmetic mode share a
/// <see cref="BatchedGdStepper"/>, one run per SIMD lane, and each worker thread (one per core by default) owns one
/// such stepper and refills a lane with the next queued run as soon as its run stops (converged, diverged, cap). Every
/// run keeps its own <see cref="RunMonitor"/>, so its decisions and its bits are those of
/// <see cref="GradientDescent.Run(EscapeSetting, StepSize, GdOptions?, CancellationToken)"/>, whatever lane, worker
/// or thread count it lands on.
/// </summary>
internal static class BatchedSweep
{
    /// <summary>Runs every item, results by input index. <paramref name="laneWidth"/>: 0 picks per group (the widest
    /// width when each worker gets at least 5 runs of the group, 4 lanes from 2 runs, the single-run stepper for one);
    /// 1, 4 or 8 forces that width for every group (tests).</summary>
    public static EscapeRun[] Run(IReadOnlyList<SweepItem> items, IProgress<SweepProgress>? progress, int maxDegreeOfParallelism,
        CancellationToken cancellationToken, int laneWidth = 0)
    {
        if (laneWidth != 0 && !BatchedGdStepper.AvailableWidths.Contains(laneWidth))
            throw new ArgumentOutOfRangeException(nameof(laneWidth), laneWidth, $"Lane width {laneWidth} is not available here (available: {string.Join(", ", BatchedGdStepper.AvailableWidths)}).");
        var starts = new RunStart[items.Count];
        for (int i = 0; i < items.Count; i++) starts[i] = RunMonitor.Prepare(items[i].Setting, items[i].Step, items[i].Options);

        int workers = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        var groups = items.Select((item, index) => (item, index))
            .GroupBy(x => (Shape: string.Join(",", x.item.Setting.Layout.Widths), x.item.Options.Mode))
            .Select(g => new Group(g.Select(x => x.index).ToArray(), items[g.First().index].Setting.Layout, g.Key.Mode == ArithmeticMode.Delta))
            .ToList();
        foreach (var g in groups) g.Width = laneWidth != 0 ? laneWidth : AutoWidth(g.Indices.Length, workers);

        var results = new EscapeRun[items.Count];
        int completed = 0;
        var reporting = new Lock();
        void Done(int index, EscapeRun run)
        {
            results[index] = run;
            // Count and report under one lock, so reports arrive with Completed = 1, 2, …, n in that order: with a bare
            // Interlocked count two workers finishing together could report 2 before 1 (a progress bar going back).
            lock (reporting) progress?.Report(new SweepProgress(++completed, items.Count, index, run));
        }

        int units = groups.Sum(g => g.Width == 0 ? g.Indices.Length : (g.Indices.Length + g.Width - 1) / g.Width);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(workers, units)), CancellationToken = cancellationToken };
        Parallel.For(0, parallel.MaxDegreeOfParallelism, parallel, _ =>
        {
            foreach (var g in groups)
            {
                if (g.Width == 0)
                {
                    for (int q; (q = g.Take()) >= 0;)
                    {
                        int i = g.Indices[q];
                        Done(i, GradientDescent.RunPrepared(items[i].Setting, items[i].Step, items[i].Options, starts[i], cancellationToken));
                    }
                }
                else if (g.HasMore) RunBatch(g, items, starts, Done, cancellationToken);
            }
        });
        return results;
    }

    private static int AutoWidth(int runs, int workers)
    {
        int perWorker = (runs + workers - 1) / Math.Max(1, workers);
        int native = BatchedGdStepper.NativeWidth;
        if (perWorker >= 5 && native >= 8) return 8;
        if (perWorker >= 2 && native >= 4) return 4;
        return 0;
    }

    /// <summary>One worker's lanes on one group, until the group's queue is empty and every lane has stopped.</summary>
    private static void RunBatch(Group g, IReadOnlyList<SweepItem> items, RunStart[] starts, Action<int, EscapeRun> done, CancellationToken cancellationToken)
    {
        var stepper = BatchedGdStepper.Create(g.Layout, g.DeltaMode, g.Width);
        int width = stepper.Width;
        var monitors = new RunMonitor?[width];
        var runIndex = new int[width];
        var cleared = new bool[width];
        for (long step = 0; ; step++)
        {
            if ((step & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
            // Free lanes take the next queued runs (before Evaluate, so a new run's iterate 0 is evaluated first).
            int active = 0;
            for (int l = 0; l < width; l++)
            {
                if (monitors[l] is null)
                {
                    int q = g.Take();
                    if (q >= 0)
                    {
                        int i = g.Indices[q];
                        var item = items[i];
                        stepper.Load(l, item.Setting.MinimizerVector, starts[i].Offset, starts[i].Eta);
                        monitors[l] = new RunMonitor(item.Setting, item.Step, item.Options, starts[i], stepper.LaneState(l));
                        runIndex[l] = i;
                        cleared[l] = false;
                    }
                    else if (!cleared[l])
                    {
                        stepper.Clear(l);
                        cleared[l] = true;
                    }
                }
                if (monitors[l] is not null) active++;
            }
            if (active == 0) return;
            stepper.Evaluate();
            var losses = stepper.Losses;
            for (int l = 0; l < width; l++)
            {
                var monitor = monitors[l];
                if (monitor is null || !monitor.Observe(losses[l])) continue;
                done(runIndex[l], monitor.Finish());
                monitors[l] = null; // the lane keeps stepping until it is refilled or cleared: no other lane sees it
            }
            stepper.Step();
        }
    }

    private sealed class Group(int[] indices, FlatLayout layout, bool deltaMode)
    {
        private int _next = -1;

        public int[] Indices { get; } = indices;
        public FlatLayout Layout { get; } = layout;
        public bool DeltaMode { get; } = deltaMode;

        /// <summary>Lanes per stepper; 0 = each run on its own single-run stepper.</summary>
        public int Width { get; set; }

        public bool HasMore => Volatile.Read(ref _next) + 1 < Indices.Length;

        /// <summary>The next queue position, or −1 when the queue is empty.</summary>
        public int Take()
        {
            int q = Interlocked.Increment(ref _next);
            return q < Indices.Length ? q : -1;
        }
    }
}
