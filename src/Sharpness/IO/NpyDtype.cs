namespace Sharpness.IO;

/// <summary>The element types a .npy weight file may hold (little-endian IEEE floats).</summary>
public enum NpyDtype
{
    /// <summary>'&lt;f8': float64.</summary>
    Float64,
    /// <summary>'&lt;f4': float32 (widened exactly to double on reading).</summary>
    Float32,
}
