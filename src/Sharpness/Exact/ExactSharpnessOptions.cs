using Sharpness.LinearAlgebra;

namespace Sharpness.Exact;

/// <summary>Settings for <see cref="ExactSharpness"/>.</summary>
public sealed record ExactSharpnessOptions
{
    /// <summary>The zero-loss formulas are used only where the relative residual is at most this.</summary>
    public double ResidualTolerance { get; init; } = 1e-9;

    /// <summary>Compute λmax(K) even at a nonzero residual, where it is not the Hessian's λmax (theory §2.9).</summary>
    public bool AllowNonzeroResidual { get; init; }

    /// <summary>Largest mn for which K is formed and decomposed densely; above it Lanczos runs matrix-free.</summary>
    public int DenseLimit { get; init; } = 400;

    /// <summary>Force a route (for comparisons and benchmarks); it must apply to the point.</summary>
    public SharpnessRoute? Route { get; init; }

    /// <summary>Lanczos settings for the matrix-free routes.</summary>
    public LanczosOptions Lanczos { get; init; } = LanczosOptions.Default;

    /// <summary>The default settings.</summary>
    public static ExactSharpnessOptions Default { get; } = new();
}
