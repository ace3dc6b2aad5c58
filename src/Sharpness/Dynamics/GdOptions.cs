namespace Sharpness.Dynamics;

/// <summary>Settings of one GD run from W₀ = W* + ε d. Every field has a default taken from theory §3 and §5.
/// Lengths (ε, δ) are in units of the point's scale s and losses (the divergence bound, the convergence floor) in
/// units of s^{2N} (<see cref="EscapeSetting.ScaleExponent"/>; s = 1 for points of ordinary scale, so there the
/// values are absolute).</summary>
public sealed record GdOptions
{
    /// <summary>The radius ε in units of the point's scale s; null uses the setting's
    /// <see cref="EscapeSetting.DefaultRadius"/>.</summary>
    public double? Radius { get; init; }

    /// <summary>The start direction d (default v₁).</summary>
    public StartDirection Direction { get; init; } = StartDirection.TopEigenvector;

    /// <summary>Plain or delta arithmetic (default delta, the reproducible mode of theory §3.3).</summary>
    public ArithmeticMode Mode { get; init; } = ArithmeticMode.Delta;

    /// <summary>Most GD steps; the run visits iterates k = 0..MaxIterations.</summary>
    public int MaxIterations { get; init; } = 40_000;

    /// <summary>δ: the run has escaped at the first k with ‖W_k − W*‖ ≥ δ·s (s the point's scale, 1 at ordinary
    /// scale).</summary>
    public double EscapeDistance { get; init; } = 1e-3;

    /// <summary>Record every this many iterations (the stride doubles whenever <see cref="SampleCap"/> is reached).
    /// Null (the default) picks ⌈(MaxIterations + 1)/SampleCap⌉, i.e. about SampleCap evenly spaced samples over the
    /// longest possible run: every iterate for short runs, and no sample work wasted on decimation for long ones.</summary>
    public int? SampleStride { get; init; }

    /// <summary>The stride actually used at the start of a run.</summary>
    public int EffectiveSampleStride => SampleStride ?? (int)Math.Max(1, ((long)MaxIterations + SampleCap) / SampleCap);

    /// <summary>Most stride samples kept; when full, every other sample is dropped and the stride doubles, so memory
    /// stays bounded for any run length. The start, escape and final samples are always kept on top.</summary>
    public int SampleCap { get; init; } = 1024;

    /// <summary>Compute λmax along the path every this many iterations (0 = never; costly: a Lanczos run each).</summary>
    public int SharpnessEvery { get; init; }

    /// <summary>Record the layer spectral norms and the balance at every sample.</summary>
    public bool RecordLayerNorms { get; init; } = true;

    /// <summary>Keep W − W* at every sample (needed to project paths on arbitrary planes; memory P doubles a sample).</summary>
    public bool RecordOffsets { get; init; }

    /// <summary>The run has diverged once the loss is above this times s^{2N} (s the point's scale, 1 at ordinary
    /// scale), or not finite; it stops there.</summary>
    public double DivergenceLoss { get; init; } = 1e12;

    /// <summary>Converged means loss &lt; ConvergenceFactor · max(1, ‖M‖²_F) after the escape (the 1 becomes s^{2N}
    /// for a point of scale s &lt; 1: <see cref="EscapeSetting.ConvergenceFloor"/>): 1e-20, not 1e-30,
    /// because the fp loss floor is 1e-27 for the matrix settings and 1e-25–1e-23 for the plain-mode chain (§3.3).</summary>
    public double ConvergenceFactor { get; init; } = 1e-20;

    /// <summary>Stop as soon as the run has converged (for <see cref="ConvergedIterations"/> consecutive iterates).</summary>
    public bool StopWhenConverged { get; init; } = true;

    /// <summary>Consecutive iterates below the convergence floor needed before stopping.</summary>
    public int ConvergedIterations { get; init; } = 10;

    /// <summary>The last this many losses are kept to detect a period and report the tail range.</summary>
    public int TailWindow { get; init; } = 400;

    /// <summary>Periods 1..MaxPeriod are tried on the tail.</summary>
    public int MaxPeriod { get; init; } = 16;

    /// <summary>Period p holds when |𝓛_k − 𝓛_{k−p}| ≤ PeriodTolerance · max(1, 𝓛_k) over the whole tail (the 1 is
    /// s^{2N} for a point of scale s &lt; 1, as in the convergence floor)
    /// (theory check 36: assert period 2 only with a tolerance ≥ 1e-5).</summary>
    public double PeriodTolerance { get; init; } = 1e-5;

    /// <summary>The default settings.</summary>
    public static GdOptions Default { get; } = new();

    internal void Validate()
    {
        static void Positive(double x, string name)
        {
            if (!(x > 0) || double.IsNaN(x)) throw new ArgumentOutOfRangeException(name, x, $"{name} must be positive.");
        }
        if (Radius is { } r && (!double.IsFinite(r) || r < 0)) throw new ArgumentOutOfRangeException(nameof(Radius), r, "The radius ε must be finite and ≥ 0.");
        ArgumentNullException.ThrowIfNull(Direction, nameof(Direction));
        if (MaxIterations < 0) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be ≥ 0.");
        Positive(EscapeDistance, nameof(EscapeDistance));
        if (SampleStride is < 1) throw new ArgumentOutOfRangeException(nameof(SampleStride), SampleStride, "SampleStride must be ≥ 1 (or null for automatic).");
        if (SampleCap < 2) throw new ArgumentOutOfRangeException(nameof(SampleCap), SampleCap, "SampleCap must be ≥ 2.");
        if (SharpnessEvery < 0) throw new ArgumentOutOfRangeException(nameof(SharpnessEvery), SharpnessEvery, "SharpnessEvery must be ≥ 0.");
        Positive(DivergenceLoss, nameof(DivergenceLoss));
        Positive(ConvergenceFactor, nameof(ConvergenceFactor));
        if (ConvergedIterations < 1) throw new ArgumentOutOfRangeException(nameof(ConvergedIterations), ConvergedIterations, "ConvergedIterations must be ≥ 1.");
        if (TailWindow < 4) throw new ArgumentOutOfRangeException(nameof(TailWindow), TailWindow, "TailWindow must be ≥ 4.");
        if (MaxPeriod < 1 || MaxPeriod >= TailWindow) throw new ArgumentOutOfRangeException(nameof(MaxPeriod), MaxPeriod, "MaxPeriod must be between 1 and TailWindow − 1.");
        Positive(PeriodTolerance, nameof(PeriodTolerance));
    }
}
