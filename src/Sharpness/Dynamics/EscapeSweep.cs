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
/// Many independent GD runs at once: runs with the same layout and arithmetic mode advance together, one per SIMD lane
/// (8 with AVX-512, 4 with AVX2), and the batches are spread over the cores. Every lane does exactly the arithmetic of
/// the run made alone (no operation mixes lanes), each run has its own seeded direction and bookkeeping, and results
/// are stored by input index: every run is bit-identical to <c>GradientDescent.Run</c> on it, for any lane
/// width, lane position and degree of parallelism.
/// </summary>
public static class EscapeSweep
{
    /// <summary>Runs every item; results are in input order. <paramref name="progress"/> gets one report per finished
    /// run, one at a time and with <see cref="SweepProgress.Completed"/> = 1, 2, …, n in that order (from worker
    /// threads; <see cref="Progress{T}"/> marshals to the caller's context).</summary>
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
        return BatchedSweep.Run(items, progress, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>As <see cref="Run"/> with every group forced onto <paramref name="laneWidth"/> lanes (1, 4, 8): for
    /// tests of the bit-identity across widths.</summary>
    internal static IReadOnlyList<EscapeRun> RunWithLaneWidth(IReadOnlyList<SweepItem> items, int laneWidth, int maxDegreeOfParallelism = -1)
    {
        for (int i = 0; i < items.Count; i++) items[i].Options.Validate();
        return BatchedSweep.Run(items, null, maxDegreeOfParallelism, CancellationToken.None, laneWidth);
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
