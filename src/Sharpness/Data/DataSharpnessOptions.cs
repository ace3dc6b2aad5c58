using Sharpness.LinearAlgebra;

namespace Sharpness.Data;

/// <summary>Settings for <see cref="DataSharpness"/>.</summary>
public sealed record DataSharpnessOptions
{
    /// <summary>τ of the stationarity contract ‖PS − YXᵀ‖_F ≤ τ‖YXᵀ‖_F under which the exact route is used.</summary>
    public double StationarityTolerance { get; init; } = StationaryPoint.DefaultTolerance;

    /// <summary>Largest mr for which K_X is formed and decomposed densely; above it Lanczos runs matrix-free (the
    /// same crossover as the matrix-factorization routes, <see cref="Exact.ExactSharpnessOptions.DenseLimit"/>).</summary>
    public int DenseLimit { get; init; } = Exact.ExactSharpnessOptions.Default.DenseLimit;

    /// <summary>Lanczos settings for K_X-Lanczos.</summary>
    public LanczosOptions Lanczos { get; init; } = LanczosOptions.Default;

    /// <summary>Lanczos settings for HVP-Lanczos off the optimum (default: tolerance 1e-12, at most min(P, 400) steps).</summary>
    public LanczosOptions? HessianLanczos { get; init; }

    /// <summary>The default settings.</summary>
    public static DataSharpnessOptions Default { get; } = new();
}
