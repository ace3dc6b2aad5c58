namespace Sharpness.LinearAlgebra;

/// <summary>Progress of a <see cref="Lanczos"/> run, reported after each step.</summary>
/// <param name="Steps">Lanczos steps taken (the Krylov dimension so far).</param>
/// <param name="MaxSteps">The most steps the run may take (min of the dimension and
/// <see cref="LanczosOptions.MaxIterations"/>); it usually stops earlier, when the wanted Ritz pairs converge.</param>
/// <param name="Applications">Operator applications so far.</param>
public sealed record LanczosProgress(int Steps, int MaxSteps, int Applications)
{
    /// <inheritdoc />
    public override string ToString() => $"Lanczos step {Steps} of at most {MaxSteps} ({Applications} operator applications)";
}
