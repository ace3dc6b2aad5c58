using Sharpness.Certified;

namespace Sharpness.Dynamics;

/// <summary>Why a sample was recorded.</summary>
public enum SampleKind
{
    /// <summary>A regular sample on the stride grid (iteration 0 is one).</summary>
    Stride,
    /// <summary>The escape point: the first iterate with ‖W − W*‖ ≥ δ.</summary>
    Escape,
    /// <summary>The last iterate of the run (converged, stopped at the iteration limit, or the diverging iterate).</summary>
    Final,
}

/// <summary>
/// The state of GD at iteration k. Distances and projections are of the offset W_k − W* (delta mode: Δ_k itself):
/// <see cref="ProjectionV1"/> = ⟨W_k − W*, v₁⟩, <see cref="ProjectionVN"/> = ⟨W_k − W*, v_N⟩.
/// </summary>
/// <param name="Iteration">k.</param>
/// <param name="Loss">½‖P(W_k) − M‖²_F.</param>
/// <param name="Distance">‖W_k − W*‖.</param>
/// <param name="ProjectionV1">⟨W_k − W*, v₁⟩.</param>
/// <param name="ProjectionVN">⟨W_k − W*, v_N⟩.</param>
/// <param name="LayerNorms">‖W_i‖₂ for i = 1..N (empty when not recorded).</param>
/// <param name="Balance">Depth 2: ‖L‖₂/‖R‖₂ = ‖W₂‖₂/‖W₁‖₂ (1 at spectral balance). Otherwise
/// max_i ‖W_i‖₂ / min_i ‖W_i‖₂ (for a scalar chain max|w_i|/min|w_i|). Null when not recorded.</param>
/// <param name="Kind">Why it was recorded.</param>
/// <param name="Offset">W_k − W* as a row-major parameter vector, when <see cref="GdOptions.RecordOffsets"/> is on.</param>
public sealed record TrajectorySample(
    int Iteration, double Loss, double Distance, double ProjectionV1, double ProjectionVN,
    IReadOnlyList<double> LayerNorms, double? Balance, SampleKind Kind, IReadOnlyList<double>? Offset);

/// <summary>λmax(∇²𝓛(W_k)) at iteration k by <see cref="HessianSharpness"/>, labelled with how it was computed, with
/// the loss residual ‖P(W_k) − M‖_F/‖M‖_F there.</summary>
public sealed record SharpnessSample(int Iteration, double Value, SharpnessSource Source, double RelativeLossResidual);
