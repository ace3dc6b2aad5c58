using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Exact;

/// <summary>Settings for <see cref="ExactSharpness"/>.</summary>
public sealed record ExactSharpnessOptions
{
    /// <summary>The zero-loss formulas are used only where the relative residual is at most this (default
    /// <see cref="ZeroLossPoint.DefaultTolerance"/>).</summary>
    public double ResidualTolerance { get; init; } = ZeroLossPoint.DefaultTolerance;

    /// <summary>Compute λmax(K) even at a nonzero residual, where it is not the Hessian's λmax (theory §2.9).</summary>
    public bool AllowNonzeroResidual { get; init; }

    /// <summary>Largest mn for which K is formed and decomposed densely; above it Lanczos runs matrix-free.</summary>
    /// <remarks>Measured (BENCHMARKS.md): MathNet's managed dense eigensolver costs 2.2 ms at mn = 64 and 135 ms at
    /// mn = 256, where K-Lanczos takes 0.6 ms and 2 ms; the dense route only wins below a few dozen.</remarks>
    public int DenseLimit { get; init; } = 48;

    /// <summary>Force a route (for comparisons and benchmarks); it must apply to the point.</summary>
    public SharpnessRoute? Route { get; init; }

    /// <summary>Lanczos settings for the matrix-free routes.</summary>
    public LanczosOptions Lanczos { get; init; } = LanczosOptions.Default;

    /// <summary>K-Lanczos on large operators (mn ≥ 20 000) starts from the top Ritz vector of K on a tensor subspace
    /// built from the dominant ranges (this many directions per Gram matrix) of the S_i and T_i, instead of a random
    /// vector; 0 turns that off. Ignored when <see cref="LanczosOptions.StartVector"/> is set.</summary>
    /// <remarks>Measured in BENCHMARKS.md ("Exact sharpness at scale"): fewer K applications to the same residual
    /// tolerance. Smaller operators keep the seeded random start, so their results stay bit-identical.</remarks>
    public int StructuredStartRank { get; init; } = DefaultStructuredStartRank;

    internal const int DefaultStructuredStartRank = 10;

    /// <summary>On large operators (mn ≥ 20 000) at depth ≥ 3 with OpenBLAS, run K-Lanczos with single-precision
    /// products and refine the top pair in double precision to the same residual tolerance (mixed-precision iterative
    /// refinement, about half the GEMM time); false keeps double-precision Lanczos throughout. Without OpenBLAS or a
    /// working <c>cblas_sgemm</c> the double-precision route runs either way. λ and the residual are double-precision
    /// in both cases; <see cref="SharpnessResult.SinglePrecisionApplications"/> says how much ran in single.</summary>
    /// <remarks>Measured in BENCHMARKS.md ("Exact sharpness at scale").</remarks>
    public bool MixedPrecision { get; init; } = true;

    /// <summary>Optional progress of the matrix-free K-Lanczos route (one report per Lanczos step; the closed-form
    /// and dense routes finish without reporting). Overrides <see cref="LanczosOptions.Progress"/> of
    /// <see cref="Lanczos"/> when set; the result is the same with or without it.</summary>
    public IProgress<LanczosProgress>? Progress { get; init; }

    /// <summary>The default settings.</summary>
    public static ExactSharpnessOptions Default { get; } = new();
}
