namespace Sharpness;

/// <summary>
/// The root of every exception the library throws for input it cannot work with: a point, target or file that is
/// valid C# but outside what the math or double precision allows. The message is one sentence that names the
/// problem (layer, shape, entry, residual, domain) so the caller can fix the input.
/// </summary>
/// <remarks>
/// <para>The subtypes are the real kinds of failure: <see cref="NotZeroLossException"/> (a zero-loss formula at a
/// point that is not one), <see cref="OutsideDomainException"/> (a formula or algorithm that does not apply to this
/// shape or depth), <see cref="NotRepresentableException"/> (the answer is not a double),
/// <see cref="ShapeMismatchException"/> and <see cref="NonFiniteEntryException"/> (the input itself is malformed),
/// and <see cref="IO.WeightFileException"/> (a weight file cannot be read).</para>
/// <para>Misuse of the API itself (a null argument, a negative tolerance, a layer number out of range) still throws
/// <see cref="ArgumentException"/>: that is a bug in the caller, not bad data, and a command line reports it as an
/// internal error.</para>
/// </remarks>
public abstract class SharpnessException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    protected SharpnessException(string message, Exception? inner = null) : base(message, inner) { }
}
