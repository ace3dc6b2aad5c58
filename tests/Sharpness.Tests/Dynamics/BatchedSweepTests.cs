using Sharpness.Dynamics;
using Sharpness.Dynamics.Flat;
using static Sharpness.Tests.Dynamics.ReferenceTrajectories;

namespace Sharpness.Tests.Dynamics;

/// <summary>
/// Lane-batched sweeps against the reference trajectories saved from the single-run kernels before the batched ones
/// existed: every lane width this machine has (forced), the scalar lane path, several lane positions and thread counts.
/// </summary>
public class BatchedSweepTests
{
    public static TheoryData<int> Widths()
    {
        var data = new TheoryData<int>();
        foreach (var w in BatchedGdStepper.AvailableWidths) data.Add(w);
        return data;
    }

    [Fact]
    public void The_machine_has_the_scalar_path_and_reports_its_widths()
    {
        Assert.Contains(1, BatchedGdStepper.AvailableWidths);
        Assert.Equal(BatchedGdStepper.AvailableWidths.Max(), BatchedGdStepper.NativeWidth);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Batched_kernel_lanes_reproduce_the_saved_kernel_trajectories(int width)
    {
        var saved = Saved();
        foreach (var group in KernelCases().GroupBy(k => (k.Setting, k.Mode)))
        {
            var cases = group.ToList();
            // Two passes with different lane positions: in order, and reversed with one idle lane first.
            foreach (bool reversed in new[] { false, true })
            {
                var order = reversed ? Enumerable.Reverse(cases).ToList() : cases;
                int skip = reversed && width > 1 ? 1 : 0;
                for (int start = 0; start < order.Count; start += width - skip)
                {
                    var chunk = order.Skip(start).Take(width - skip).ToList();
                    var lines = RunKernelBatch(chunk, width, skip);
                    for (int j = 0; j < chunk.Count; j++)
                        Assert.Equal(saved[chunk[j].Key], lines[j]);
                }
            }
        }
    }

    /// <summary>Kernel cases in lanes skip.. of one batched kernel; a lane stops (and is cleared) after its first
    /// non-finite loss while the others go on.</summary>
    private static List<string> RunKernelBatch(List<KernelCase> chunk, int width, int skip)
    {
        var setting = Setting(chunk[0].Setting);
        var kernel = BatchedGdStepper.Create(setting.Layout, chunk[0].Mode == ArithmeticMode.Delta, width);
        var losses = chunk.Select(_ => new List<double>()).ToList();
        var stopped = new bool[chunk.Count];
        var point = new double[chunk.Count][];
        var offset = new double[chunk.Count][];
        for (int j = 0; j < chunk.Count; j++) kernel.Load(skip + j, setting.MinimizerVector, StartOffset(chunk[j]), Eta(chunk[j]));
        void Copy(int j)
        {
            point[j] = new double[setting.Layout.ParameterCount];
            offset[j] = new double[setting.Layout.ParameterCount];
            kernel.CopyPoint(skip + j, point[j]);
            kernel.CopyOffset(skip + j, offset[j]);
        }
        for (int step = 0; step < chunk[0].Steps; step++)
        {
            kernel.Evaluate();
            for (int j = 0; j < chunk.Count; j++)
            {
                if (stopped[j]) continue;
                double loss = kernel.Losses[skip + j];
                losses[j].Add(loss);
                if (double.IsFinite(loss)) continue;
                // Stopped here without a step (as the single-run loop does); the lane then idles.
                stopped[j] = true;
                Copy(j);
                kernel.Clear(skip + j);
            }
            kernel.Step();
        }
        for (int j = 0; j < chunk.Count; j++) if (!stopped[j]) Copy(j);
        return chunk.Select((k, j) => KernelLine(k, losses[j], point[j], offset[j])).ToList();
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Batched_sweeps_reproduce_the_saved_engine_runs_in_any_order_and_thread_count(int width)
    {
        var saved = Saved();
        var cases = EngineCases().ToList();
        // In order on one thread; then reversed and interleaved (other lane positions, other batch mates) on two.
        var orders = new (List<EngineCase> Order, int Threads)[]
        {
            (cases, 1),
            (Enumerable.Reverse(cases).Where((_, i) => i % 2 == 0).Concat(Enumerable.Reverse(cases).Where((_, i) => i % 2 == 1)).ToList(), 2),
        };
        foreach (var (order, threads) in orders)
        {
            var items = order.Select(e => new SweepItem(Setting(e.Setting), StepSize.Relative(e.C), e.Options)).ToList();
            var runs = EscapeSweep.RunWithLaneWidth(items, width, threads);
            for (int i = 0; i < order.Count; i++)
                Assert.Equal(saved[order[i].Key], EngineLine(order[i], runs[i]));
        }
    }

    [Fact]
    public void One_batch_holds_every_outcome_and_each_run_equals_the_run_made_alone()
    {
        // fig1, delta: c = 0.9 stays, 1.1 converges (stops early), ρ + 0.03 orbits to the cap, 2.5 diverges first.
        var e = EngineCases().Where(x => x.Setting == "fig1" && x.Mode == ArithmeticMode.Delta).ToList();
        var items = e.Select(x => new SweepItem(Setting(x.Setting), StepSize.Relative(x.C), x.Options)).ToList();
        int width = BatchedGdStepper.NativeWidth; // all five in one batch when the machine has 8 lanes
        var batched = EscapeSweep.RunWithLaneWidth(items, width, 1);
        var alone = e.Select(RunEngineCase).ToList();
        Assert.Equal(alone, e.Select((x, i) => EngineLine(x, batched[i])));
        var outcomes = batched.Select(r => r.Outcome).ToHashSet();
        Assert.Superset(new HashSet<RunOutcome> { RunOutcome.Stayed, RunOutcome.Converged, RunOutcome.Bounded, RunOutcome.Diverged }, outcomes);
        var diverged = batched.First(r => r.Outcome == RunOutcome.Diverged);
        Assert.True(diverged.Iterations < 100, "the diverging lane stops early");
        Assert.Contains(batched, r => r.Iterations == 3000);
        Assert.Equal(alone.Select(l => l.Split('\t')[7]), batched.Select(r => r.Outcome.ToString()));
    }

    [Fact]
    public void A_lane_refilled_after_an_early_stop_gives_the_same_runs_and_thread_count_changes_nothing()
    {
        // Four lanes, ten runs of one group: runs that diverge early free their lane for queued ones.
        var setting = Setting("odd2");
        var options = new GdOptions { Mode = ArithmeticMode.Plain, Radius = 1e-10, MaxIterations = 800, RecordLayerNorms = false };
        double[] cs = [2.5, 0.95, 3.0, 1.1, 2.2, 1.3, 4.0, 1.05, 0.99, 2.8];
        var items = cs.Select(c => new SweepItem(setting, StepSize.Relative(c), options)).ToList();
        var alone = items.Select(i => GradientDescent.Run(i.Setting, i.Step, i.Options)).ToList();
        foreach (int threads in new[] { 1, 2, 3 })
        {
            int width = BatchedGdStepper.AvailableWidths.Contains(4) ? 4 : 1;
            var batched = EscapeSweep.RunWithLaneWidth(items, width, threads);
            var auto = EscapeSweep.Run(items, maxDegreeOfParallelism: threads);
            for (int i = 0; i < items.Count; i++)
            {
                var key = new EngineCase("odd2", ArithmeticMode.Plain, cs[i], 1e-10, "v1", 800);
                Assert.Equal(EngineLine(key, alone[i]), EngineLine(key, batched[i]));
                Assert.Equal(EngineLine(key, alone[i]), EngineLine(key, auto[i]));
            }
        }
        Assert.Contains(alone, r => r.Outcome == RunOutcome.Diverged && r.Iterations < 100);
    }

    [Fact]
    public void A_lane_width_the_machine_lacks_is_refused()
    {
        var items = new[] { new SweepItem(Setting("F4"), StepSize.Relative(1.1), GdOptions.Default) };
        Assert.Throws<ArgumentOutOfRangeException>(() => EscapeSweep.RunWithLaneWidth(items, 3));
    }
}
