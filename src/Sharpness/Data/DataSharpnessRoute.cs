namespace Sharpness.Data;

/// <summary>How a data-aware sharpness was computed.</summary>
public enum DataSharpnessRoute
{
    /// <summary>Exact, at a least-squares optimum: dense symmetric eigensolver on the mr × mr matrix K_X.</summary>
    DenseKX,
    /// <summary>Exact, at a least-squares optimum: Lanczos with full reorthogonalization on the matrix-free K_X(Z).</summary>
    LanczosKX,
    /// <summary>Off the optimum: Lanczos on the exact Hessian–vector product, inside the certified interval
    /// λmax(K_X) ± ‖R(G)‖₂ (Weyl).</summary>
    CertifiedHessianLanczos,
}
