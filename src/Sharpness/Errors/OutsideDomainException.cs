namespace Sharpness;

/// <summary>
/// A formula or algorithm was asked for at a point outside its domain: the wrong depth (the depth-2 identity at
/// depth 3), widths below rank M (no zero-loss point exists), a dense method beyond its size limit, a forced route
/// that does not apply, or a direction that vanishes (the rescaling direction at W₁ = W₂ = 0). The message says which
/// condition fails and, where there is one, what to use instead.
/// </summary>
public sealed class OutsideDomainException(string message) : SharpnessException(message);
