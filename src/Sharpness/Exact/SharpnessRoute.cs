namespace Sharpness.Exact;

/// <summary>How an exact sharpness value was computed (cheapest exact route first).</summary>
public enum SharpnessRoute
{
    /// <summary>N = 1: the Hessian is the identity, λmax = 1.</summary>
    DepthOne,
    /// <summary>All widths 1: λmax = Σ_i Π_{j≠i} w_j² (= m² Σ w_i⁻² when m ≠ 0).</summary>
    ScalarChain,
    /// <summary>d_0 = d_N = 1: K is 1 × 1, λmax = Σ_i ‖A_i‖² ‖B_i‖².</summary>
    VectorWidthScalar,
    /// <summary>N = 2: λmax = ‖L‖₂² + ‖R‖₂² from the two top singular values.</summary>
    DepthTwo,
    /// <summary>Dense symmetric eigensolver on the mn × mn matrix K.</summary>
    DenseK,
    /// <summary>Lanczos with full reorthogonalization on the matrix-free K(X).</summary>
    LanczosK,
}
