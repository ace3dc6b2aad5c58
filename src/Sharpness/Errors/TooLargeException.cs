namespace Sharpness;

/// <summary>
/// The computation would need more memory than the machine has available (or more entries than one .NET array
/// holds); thrown before anything large is allocated, with the size it would need, instead of thrashing.
/// </summary>
public sealed class TooLargeException(string message, long requiredBytes, long availableBytes) : SharpnessException(message)
{
    /// <summary>Bytes the computation would hold at its peak (an estimate, stated in the message).</summary>
    public long RequiredBytes { get; } = requiredBytes;

    /// <summary>Bytes available when it was refused (MemAvailable on Linux, else the GC's limit).</summary>
    public long AvailableBytes { get; } = availableBytes;
}
