using Sharpness.Model;
namespace Sharpness.Training;

/// <summary>Settings of a training run from scratch (full-batch GD, optionally with the gradient-flow reference).</summary>
public sealed record TrainingOptions
{
    /// <summary>Most steps a run accepts: 10⁹ (at ~10⁵ steps/s that is hours; a larger value is almost surely a typo).</summary>
    public const int MaxSteps = 1_000_000_000;

    /// <summary>The step size η (required, finite, &gt; 0).</summary>
    public required double Eta { get; init; }

    /// <summary>Most GD steps; the run visits iterates k = 0..Steps.</summary>
    public int Steps { get; init; } = 10_000;

    /// <summary>λmax(H) every this many steps (0 = never). When <see cref="SharpnessCap"/> estimates are held the
    /// interval doubles (and every other estimate is dropped), so memory stays bounded.</summary>
    public int SharpnessEvery { get; init; } = 100;

    /// <summary>How many of the largest Hessian eigenvalues each estimate reports (the first one is λmax).</summary>
    public int TopEigenvalues { get; init; } = 1;

    /// <summary>Most sharpness estimates kept per track.</summary>
    public int SharpnessCap { get; init; } = 4096;

    /// <summary>Most loss samples kept per track (stride doubling when full).</summary>
    public int LossSampleCap { get; init; } = 4096;

    /// <summary>Also integrate the gradient flow dW/dt = −∇𝓛 from the same start over t ∈ [0, Steps·η].</summary>
    public bool Flow { get; init; }

    /// <summary>Local error tolerance of the adaptive Runge–Kutta (Dormand–Prince 5(4)) integration of the flow:
    /// every step keeps |error_i| ≤ tol·(1 + |w_i|).</summary>
    public double FlowTolerance { get; init; } = 1e-10;

    /// <summary>A point is a zero-loss point when ‖P − M‖_F/‖M‖_F ≤ this (the exact routes' tolerance); training stops
    /// there when <see cref="StopWhenConverged"/>. Default <see cref="ZeroLossPoint.DefaultTolerance"/>.</summary>
    public double ResidualTolerance { get; init; } = ZeroLossPoint.DefaultTolerance;

    /// <summary>Stop as soon as the residual tolerance is met.</summary>
    public bool StopWhenConverged { get; init; } = true;

    /// <summary>Diverged once 𝓛 &gt; DivergenceFactor · max(1, ½‖M‖²_F) or 𝓛 is not finite; a start whose loss is
    /// already above that bound is judged against DivergenceFactor · 𝓛(W₀) instead.</summary>
    public double DivergenceFactor { get; init; } = 1e12;

    /// <summary>Relative residual test of each tracked estimate: its Lanczos run stops once |β s| ≤ tol·|θ| for every
    /// wanted Ritz pair (and <see cref="SharpnessTolerance"/> holds). This bounds the eigenvalue error without any
    /// assumption on the gap to the next eigenvalue (|λ − θ| ≲ ρ, also when a close eigenvalue is not yet resolved);
    /// default 1e-9, the accuracy the tests hold the tracked values to against dense Hessians.</summary>
    public double LanczosTolerance { get; init; } = 1e-9;

    /// <summary>Eigenvalue test of each tracked estimate, on top of <see cref="LanczosTolerance"/>: every wanted Ritz
    /// value θ must have the gap-theorem bound min(ρ, ρ²/γ) ≤ tol·|θ| (ρ its residual estimate, γ the gap to its Ritz
    /// neighbours less their residuals; <see cref="LinearAlgebra.LanczosOptions.EigenvalueTolerance"/>). With a
    /// resolved gap ρ²/γ is far below this already; it binds only for nearly equal Ritz values (γ ≤ ρ), where it asks
    /// for ρ ≤ tol. Default 1e-10.</summary>
    public double SharpnessTolerance { get; init; } = 1e-10;

    /// <summary>Most Lanczos steps per estimate.</summary>
    public int LanczosMaxIterations { get; init; } = 300;

    /// <summary>The last this many losses are kept for the period and hovering tests.</summary>
    public int TailWindow { get; init; } = 400;

    /// <summary>Periods 2..MaxPeriod are tried on the tail.</summary>
    public int MaxPeriod { get; init; } = 16;

    /// <summary>Period p holds when |𝓛_k − 𝓛_(k−p)| ≤ PeriodTolerance·𝓛_k over the whole tail.</summary>
    public double PeriodTolerance { get; init; } = 1e-6;

    /// <summary>"Hovering at 2/η" means the last estimates of λmax·η/2 all lie in [1 − band, 1 + band].</summary>
    public double EdgeBand { get; init; } = 0.1;

    /// <summary>Start each Lanczos estimate from the previous top eigenvector (default); false starts every estimate
    /// from the seeded random vector (for comparisons).</summary>
    public bool WarmStart { get; init; } = true;

    /// <summary>Analyze each track's last iterate (exact sharpness or certified interval, s_min, ρ, balance); false
    /// leaves <see cref="TrainingTrack.End"/> null (for timing the steps alone).</summary>
    public bool AnalyzeEndPoint { get; init; } = true;

    /// <summary>Seed of the first Lanczos start vector (later estimates are warm-started).</summary>
    public int Seed { get; init; } = 20250930;

    internal void Validate()
    {
        if (!double.IsFinite(Eta) || Eta <= 0) throw new ArgumentOutOfRangeException(nameof(Eta), Eta, "The step size η must be finite and positive.");
        if (Steps < 1 || Steps > MaxSteps) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, $"Steps must be between 1 and {MaxSteps}.");
        if (SharpnessEvery < 0) throw new ArgumentOutOfRangeException(nameof(SharpnessEvery), SharpnessEvery, "SharpnessEvery must be ≥ 0 (0 = never).");
        if (TopEigenvalues < 1) throw new ArgumentOutOfRangeException(nameof(TopEigenvalues), TopEigenvalues, "TopEigenvalues must be ≥ 1.");
        if (SharpnessCap < 2) throw new ArgumentOutOfRangeException(nameof(SharpnessCap), SharpnessCap, "SharpnessCap must be ≥ 2.");
        if (LossSampleCap < 2) throw new ArgumentOutOfRangeException(nameof(LossSampleCap), LossSampleCap, "LossSampleCap must be ≥ 2.");
        if (!(FlowTolerance > 0) || FlowTolerance > 1e-2) throw new ArgumentOutOfRangeException(nameof(FlowTolerance), FlowTolerance, "FlowTolerance must be in (0, 1e-2].");
        if (!(ResidualTolerance >= 0) || !double.IsFinite(ResidualTolerance)) throw new ArgumentOutOfRangeException(nameof(ResidualTolerance), ResidualTolerance, "ResidualTolerance must be finite and ≥ 0.");
        if (!(DivergenceFactor > 0)) throw new ArgumentOutOfRangeException(nameof(DivergenceFactor), DivergenceFactor, "DivergenceFactor must be positive.");
        if (!(SharpnessTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(SharpnessTolerance), SharpnessTolerance, "SharpnessTolerance must be positive.");
        if (!(LanczosTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(LanczosTolerance), LanczosTolerance, "LanczosTolerance must be positive.");
        if (LanczosMaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(LanczosMaxIterations), LanczosMaxIterations, "LanczosMaxIterations must be ≥ 1.");
        if (TailWindow < 8) throw new ArgumentOutOfRangeException(nameof(TailWindow), TailWindow, "TailWindow must be ≥ 8.");
        if (MaxPeriod < 2 || 4 * MaxPeriod > TailWindow) throw new ArgumentOutOfRangeException(nameof(MaxPeriod), MaxPeriod, "MaxPeriod must be between 2 and TailWindow/4.");
        if (!(PeriodTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(PeriodTolerance), PeriodTolerance, "PeriodTolerance must be positive.");
        if (!(EdgeBand > 0) || EdgeBand >= 1) throw new ArgumentOutOfRangeException(nameof(EdgeBand), EdgeBand, "EdgeBand must be in (0, 1).");
    }
}
