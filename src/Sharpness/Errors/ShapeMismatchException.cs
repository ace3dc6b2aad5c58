namespace Sharpness;

/// <summary>
/// Matrices that must fit together do not: layers that do not chain, a target that does not have the product's
/// shape, or a direction whose layers differ from the point's. The message names both shapes.
/// </summary>
public sealed class ShapeMismatchException(string message) : SharpnessException(message);
