namespace Sharpness.IO;

/// <summary>The element types <see cref="NpyFile"/> writes (little-endian IEEE floats); it reads every real dtype.</summary>
public enum NpyDtype
{
    /// <summary>'&lt;f8': float64.</summary>
    Float64,
    /// <summary>'&lt;f4': float32 (widened exactly to double on reading).</summary>
    Float32,
}
