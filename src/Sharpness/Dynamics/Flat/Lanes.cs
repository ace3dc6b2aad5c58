using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sharpness.Dynamics.Flat;

/// <summary>
/// One register of lanes, one lane per independent GD run: the arithmetic of <see cref="BatchedGdStepper"/> written
/// once for every width. Every operation is elementwise (no horizontal sums, no fused multiply–add), so lane ℓ of any
/// result is exactly the scalar operation on the lanes ℓ of its inputs, whatever the width.
/// </summary>
/// <typeparam name="TV">The register type: <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or a plain double.</typeparam>
internal interface ILanes<TV> where TV : struct
{
    /// <summary>Lanes per register.</summary>
    static abstract int Width { get; }

    /// <summary>+0 in every lane.</summary>
    static abstract TV Zero { get; }

    /// <summary>The lanes of element <paramref name="element"/> of an interleaved buffer (element e, lane ℓ at
    /// e·Width + ℓ).</summary>
    static abstract TV Load(ref double origin, nint element);

    static abstract void Store(ref double origin, nint element, TV value);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    /// <summary><paramref name="x"/> in every lane (a scalar shared by all runs, e.g. a direction's entry).</summary>
    static abstract TV Broadcast(double x);
}

/// <summary>8 lanes in one AVX-512 register.</summary>
internal readonly struct Lanes8 : ILanes<Vector512<double>>
{
    public static int Width => 8;
    public static Vector512<double> Zero => Vector512<double>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double origin, nint element) => Vector512.LoadUnsafe(ref origin, (nuint)(element * 8));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double origin, nint element, Vector512<double> value) => value.StoreUnsafe(ref origin, (nuint)(element * 8));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Broadcast(double x) => Vector512.Create(x);
}

/// <summary>4 lanes in one AVX2 register.</summary>
internal readonly struct Lanes4 : ILanes<Vector256<double>>
{
    public static int Width => 4;
    public static Vector256<double> Zero => Vector256<double>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double origin, nint element) => Vector256.LoadUnsafe(ref origin, (nuint)(element * 4));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double origin, nint element, Vector256<double> value) => value.StoreUnsafe(ref origin, (nuint)(element * 4));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Broadcast(double x) => Vector256.Create(x);
}

/// <summary>One lane, scalar doubles: the fallback without SIMD, and the reference the wide widths must equal.</summary>
internal readonly struct Lanes1 : ILanes<double>
{
    public static int Width => 1;
    public static double Zero => 0.0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(ref double origin, nint element) => Unsafe.Add(ref origin, element);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double origin, nint element, double value) => Unsafe.Add(ref origin, element) = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Add(double a, double b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Subtract(double a, double b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Multiply(double a, double b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Broadcast(double x) => x;
}

/// <summary>What a lane product does with each computed entry s and the entry y already there: the lane forms of
/// <see cref="Overwrite"/>, <see cref="Accumulate"/> and <see cref="SubtractScaled"/>, with the same roundings.</summary>
internal interface ILaneSink
{
    static abstract TV Combine<TL, TV>(TV existing, TV product, TV scale) where TL : ILanes<TV> where TV : struct;
}

/// <summary>y := s.</summary>
internal readonly struct LaneOverwrite : ILaneSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Combine<TL, TV>(TV existing, TV product, TV scale) where TL : ILanes<TV> where TV : struct => product;
}

/// <summary>y := y + s.</summary>
internal readonly struct LaneAccumulate : ILaneSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Combine<TL, TV>(TV existing, TV product, TV scale) where TL : ILanes<TV> where TV : struct => TL.Add(existing, product);
}

/// <summary>out := s − y, y read from the product's <c>existing</c> buffer: E = P − M as the product is stored, the
/// same rounding as <see cref="LaneKernels.Subtract{TL, TV}"/> on the stored P.</summary>
internal readonly struct LaneSubtractExisting : ILaneSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Combine<TL, TV>(TV existing, TV product, TV scale) where TL : ILanes<TV> where TV : struct => TL.Subtract(product, existing);
}

/// <summary>y := y − scale·s, scale per lane (each run's η).</summary>
internal readonly struct LaneSubtractScaled : ILaneSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Combine<TL, TV>(TV existing, TV product, TV scale) where TL : ILanes<TV> where TV : struct =>
        TL.Subtract(existing, TL.Multiply(scale, product));
}
