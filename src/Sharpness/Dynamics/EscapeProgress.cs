using System.Globalization;

namespace Sharpness.Dynamics;

/// <summary>Progress of one GD run (<see cref="GradientDescent"/>), reported every 4096 iterations and once at the end.</summary>
/// <param name="Iteration">The iterate k reached.</param>
/// <param name="MaxIterations">The most iterations the run may take (<see cref="GdOptions.MaxIterations"/>); it stops
/// earlier when it converges or diverges.</param>
/// <param name="Loss">𝓛(W_k).</param>
/// <param name="EscapeIteration">The first k with ‖W_k − W*‖ ≥ δ, once the run has escaped.</param>
/// <param name="Finished">The last report: the run has stopped.</param>
public sealed record EscapeProgress(int Iteration, int MaxIterations, double Loss, int? EscapeIteration, bool Finished)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"iteration {Iteration}/{MaxIterations}, loss {Loss:G3}") + (EscapeIteration is { } e ? $", escaped at {e}" : "") + (Finished ? ", finished" : "");
}
