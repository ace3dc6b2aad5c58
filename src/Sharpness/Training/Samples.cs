namespace Sharpness.Training;

/// <summary>One λmax(H) estimate along a track: Lanczos on the exact HVP at that iterate, warm-started from the
/// previous estimate's top eigenvector.</summary>
/// <param name="Step">GD step k (for the flow: the time t = kη in units of η).</param>
/// <param name="Time">t = kη (GD) or the flow time.</param>
/// <param name="Value">λmax(H) (a Ritz value).</param>
/// <param name="EigenResidual">The eigen-residual ‖Hv − λv‖ of the returned unit vector.</param>
/// <param name="Iterations">Lanczos steps this estimate took.</param>
/// <param name="TopValues">The largest few eigenvalues, largest first (the first is <paramref name="Value"/>).</param>
/// <param name="Loss">𝓛 at that iterate.</param>
public sealed record SharpnessEstimate(double Step, double Time, double Value, double EigenResidual, int Iterations,
    IReadOnlyList<double> TopValues, double Loss)
{
    /// <summary>The gap-theorem bound on |λmax(H) − <see cref="Value"/>|: min(r, r²/γ) from the residual r =
    /// <see cref="EigenResidual"/> and the Ritz gap γ to the next eigenvalue less its residual
    /// (<see cref="LinearAlgebra.EigenPair.ErrorBound"/>), valid when no eigenvalue closer than γ is still unresolved;
    /// <see cref="EigenResidual"/> bounds the error without that assumption.</summary>
    public double ErrorBound { get; init; }

    /// <summary>Whether the Lanczos run met its tolerances within <see cref="TrainingOptions.LanczosMaxIterations"/>
    /// steps.</summary>
    public bool Converged { get; init; } = true;
}

/// <summary>One loss sample along a track.</summary>
/// <param name="Step">GD step k (flow: t/η).</param>
/// <param name="Loss">½‖P − M‖²_F.</param>
public sealed record LossSample(double Step, double Loss);

/// <summary>The gradient-flow invariants D_i = W_(i+1)ᵀW_(i+1) − W_iW_iᵀ (i = 1..N−1) at one iterate, as the
/// drift ‖D_i(t) − D_i(0)‖_F from the start (exactly 0 under gradient flow; under GD each step adds
/// η²(G_(i+1)ᵀG_(i+1) − G_iG_iᵀ) with G the gradient).</summary>
/// <param name="Step">GD step k (flow: t/η).</param>
/// <param name="Drift">‖D_i − D_i(0)‖_F for i = 1..N−1.</param>
public sealed record BalanceSample(double Step, IReadOnlyList<double> Drift);

/// <summary>The singular values of the end-to-end product P = W_N⋯W_1 at one iterate, largest first: the quantities
/// whose learning and (at the edge of stability) oscillation Avra98/Deep_matrix_facatorization_EOS tracks — σ_i(P)
/// oscillates once 2/η &lt; N·σ_i^(2−2/N), the i-th singular value's share of the minimal sharpness.</summary>
/// <param name="Step">GD step k (flow: t/η).</param>
/// <param name="SingularValues">σ_1 ≥ σ_2 ≥ … ≥ σ_min(m,n) of P.</param>
public sealed record ProductSpectrumSample(double Step, IReadOnlyList<double> SingularValues)
{
    /// <summary>The singular values of <paramref name="point"/>'s product (MathNet's SVD).</summary>
    internal static ProductSpectrumSample Of(double step, Model.DeepFactorization point) =>
        new(step, point.Product().Svd(computeVectors: false).S.ToArray());

    /// <summary>The singular values of the product at the point of <paramref name="loss"/>'s last evaluation, from
    /// the flat forward sweep and the kit's dense kernels (LAPACK dgesdd when OpenBLAS is loaded, else MathNet's SVD):
    /// the trainer's per-estimate record without building MathNet matrices.</summary>
    /// <param name="step">GD step k (flow: t/η).</param>
    /// <param name="loss">Evaluated at the iterate.</param>
    /// <param name="scratch">At least m·n doubles.</param>
    internal static ProductSpectrumSample Of(double step, Dynamics.Flat.FlatLoss loss, double[] scratch)
    {
        int m = loss.Layout.Rows, n = loss.Layout.Columns;
        loss.ProductInto(scratch);
        // Row-major m × n P is column-major n × m Pᵀ: the same singular values.
        var values = new double[Math.Min(m, n)];
        LinearAlgebra.Kernels.DenseKernels.Default.SingularValues(n, m, scratch, values);
        return new(step, values);
    }
}
