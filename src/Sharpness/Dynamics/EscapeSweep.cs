namespace Sharpness.Dynamics;

/// <summary>One run of a sweep: a setting, a step size and the run's options (radius, direction seed, mode, …).</summary>
public sealed record SweepItem(EscapeSetting Setting, StepSize Step, GdOptions Options);

/// <summary>Progress of a sweep: how many runs are done, and the run that just finished (with its input index).</summary>
public sealed record SweepProgress(int Completed, int Total, int Index, EscapeRun Run)
{
    /// <summary>Completed / Total.</summary>
    public double Fraction => Total == 0 ? 1 : (double)Completed / Total;

    /// <inheritdoc />
    public override string ToString() => $"{Completed}/{Total}: #{Index} {Run.Step} → {Run.Outcome}";
}

/// <summary>
/// Many independent GD runs in parallel across cores. Each run owns its buffers and its seeded direction, and the
/// results are stored by input index, so the output is bit-identical for any degree of parallelism.
/// </summary>
public static class EscapeSweep
{
    /// <summary>Runs every item; results are in input order. <paramref name="progress"/> gets one report per finished
    /// run (from worker threads; <see cref="Progress{T}"/> marshals to the caller's context).</summary>
    /// <param name="items">The runs.</param>
    /// <param name="progress">Optional progress sink.</param>
    /// <param name="maxDegreeOfParallelism">Most runs at once; −1 = one per core.</param>
    /// <param name="cancellationToken">Stops the sweep (runs check it every 4096 iterations).</param>
    public static IReadOnlyList<EscapeRun> Run(IReadOnlyList<SweepItem> items, IProgress<SweepProgress>? progress = null,
        int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use −1 (all cores) or a positive number.");
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is null) throw new ArgumentException($"Sweep item {i} is null.", nameof(items));
            items[i].Options.Validate();
        }
        var results = new EscapeRun[items.Count];
        int completed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, items.Count, parallel, i =>
        {
            var item = items[i];
            var run = GradientDescent.Run(item.Setting, item.Step, item.Options, cancellationToken);
            results[i] = run;
            int done = Interlocked.Increment(ref completed);
            progress?.Report(new SweepProgress(done, items.Count, i, run));
        });
        return results;
    }

    /// <summary>The cross product of step sizes c and option variants (e.g. radii or direction seeds) on one setting,
    /// c varying fastest.</summary>
    public static IReadOnlyList<SweepItem> Grid(EscapeSetting setting, IEnumerable<double> cs, IEnumerable<GdOptions> variants)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var cList = cs.ToList();
        return variants.SelectMany(o => cList.Select(c => new SweepItem(setting, StepSize.Relative(c), o))).ToList();
    }
}
