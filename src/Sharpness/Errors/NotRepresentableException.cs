namespace Sharpness;

/// <summary>
/// The input is valid and inside the formula's domain, but the answer (or a quantity it needs, such as the product
/// W_N⋯W_1) overflows or underflows double precision. The message names the quantity; rescaling the layers helps.
/// </summary>
public sealed class NotRepresentableException(string message) : SharpnessException(message);
