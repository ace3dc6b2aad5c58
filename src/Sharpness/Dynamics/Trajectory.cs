namespace Sharpness.Dynamics;

/// <summary>
/// The recorded path of one GD run: stride samples (with bounded memory), plus the escape point and the final state,
/// all in iteration order, and optional λmax samples.
/// </summary>
public sealed class Trajectory
{
    internal Trajectory(IReadOnlyList<TrajectorySample> samples, IReadOnlyList<SharpnessSample> sharpness, int finalStride, int? escapeIteration)
    {
        Samples = samples;
        EscapeIteration = escapeIteration;
        Sharpness = sharpness;
        FinalStride = finalStride;
    }

    /// <summary>All samples in increasing iteration order (one per iteration; an escape or final sample replaces a
    /// stride sample at the same iteration).</summary>
    public IReadOnlyList<TrajectorySample> Samples { get; }

    /// <summary>λmax along the path (empty unless <see cref="GdOptions.SharpnessEvery"/> &gt; 0).</summary>
    public IReadOnlyList<SharpnessSample> Sharpness { get; }

    /// <summary>The stride of the stride samples at the end of the run (larger than the requested one when the cap
    /// forced decimation).</summary>
    public int FinalStride { get; }

    /// <summary>The first iteration with ‖W − W*‖ ≥ δ, if the run escaped.</summary>
    public int? EscapeIteration { get; }

    /// <summary>The escape sample, if the run escaped (its kind is <see cref="SampleKind.Final"/> in the rare case that
    /// the escape iterate is also the last one).</summary>
    public TrajectorySample? Escape => EscapeIteration is { } k ? Samples.First(s => s.Iteration == k) : null;

    /// <summary>The final sample (null only when the very first iterate was non-finite).</summary>
    public TrajectorySample? Final => Samples.LastOrDefault(s => s.Kind == SampleKind.Final);

    /// <summary>Iterations of the samples.</summary>
    public int[] Iterations => Samples.Select(s => s.Iteration).ToArray();

    /// <summary>Losses of the samples.</summary>
    public double[] Losses => Samples.Select(s => s.Loss).ToArray();

    /// <summary>Distances ‖W − W*‖ of the samples.</summary>
    public double[] Distances => Samples.Select(s => s.Distance).ToArray();
}
