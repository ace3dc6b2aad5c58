namespace Sharpness.Dynamics;

/// <summary>How a GD run does its arithmetic (theory §3.3).</summary>
public enum ArithmeticMode
{
    /// <summary>Ordinary floating point on W: W₀ = fl(W* + εd), E = fl(P(W)) − M. Rounding of the start point and of
    /// every forward pass acts as a perturbation of size ~1e-16; use radii ε ≥ 1e-12.</summary>
    Plain,

    /// <summary>Iterate on Δ = W − W* with W* fixed and M := P(W*); the residual is the exact telescoping sum
    /// E = Σ_i A_i(W* + Δ) Δ_i B_i(W*), which has no cancellation against M. Radii down to 1e-15 and below are
    /// meaningful, and escape counts follow the linear theory (recommended for tests).</summary>
    Delta,
}
