using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sharpness.Dynamics.Flat;

/// <summary>What a product kernel does with each computed entry s = (A B)[i, j] and the entry y already there.</summary>
internal interface IProductSink
{
    static abstract double Combine(double existing, double product, double scale);
    static abstract Vector256<double> Combine(Vector256<double> existing, Vector256<double> product, Vector256<double> scale);
    static abstract Vector512<double> Combine(Vector512<double> existing, Vector512<double> product, Vector512<double> scale);
}

/// <summary>y := s.</summary>
internal readonly struct Overwrite : IProductSink
{
    public static double Combine(double existing, double product, double scale) => product;
    public static Vector256<double> Combine(Vector256<double> existing, Vector256<double> product, Vector256<double> scale) => product;
    public static Vector512<double> Combine(Vector512<double> existing, Vector512<double> product, Vector512<double> scale) => product;
}

/// <summary>y := y + s.</summary>
internal readonly struct Accumulate : IProductSink
{
    public static double Combine(double existing, double product, double scale) => existing + product;
    public static Vector256<double> Combine(Vector256<double> existing, Vector256<double> product, Vector256<double> scale) => existing + product;
    public static Vector512<double> Combine(Vector512<double> existing, Vector512<double> product, Vector512<double> scale) => existing + product;
}

/// <summary>y := y − scale·s (the gradient step W −= η·G with G = A B).</summary>
internal readonly struct SubtractScaled : IProductSink
{
    public static double Combine(double existing, double product, double scale) => existing - scale * product;
    public static Vector256<double> Combine(Vector256<double> existing, Vector256<double> product, Vector256<double> scale) => existing - scale * product;
    public static Vector512<double> Combine(Vector512<double> existing, Vector512<double> product, Vector512<double> scale) => existing - scale * product;
}

/// <summary>
/// Small dense products on flat row-major <c>double[]</c> buffers, without allocation, for the GD hot loop.
/// </summary>
/// <remarks>
/// <para>Every output entry (A B)[i, j] = Σ_p A[i, p] B[p, j] is accumulated in the fixed order p = 0, 1, …, k−1,
/// starting from +0, with a separate multiply and add (no fused multiply–add). The SIMD lanes run over the output
/// column j, never over p, so the 512-bit, 256-bit and scalar paths round identically: the result does not depend on
/// the SIMD width or on whether SIMD is available. That is what lets a target computed by
/// <see cref="Product{TSink}"/> make the minimizer an exact fixed point of every later forward pass.</para>
/// <para>A is addressed with strides, A[i, p] = a[aOffset + i·aRowStride + p·aInnerStride], so the same kernel
/// computes A B (strides k, 1) and Aᵀ B (strides 1, r). B and the output are row-major and contiguous.</para>
/// </remarks>
internal static class FlatKernels
{
    /// <summary>out[i, j] := Combine(out[i, j], Σ_p A[i, p] B[p, j], scale) for an r × k A and a k × c B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Product<TSink>(
        double[] a, int aOffset, int aRowStride, int aInnerStride,
        double[] b, int bOffset,
        double[] output, int outOffset,
        int rows, int inner, int cols, double scale = 0)
        where TSink : struct, IProductSink
    {
        ref double a0 = ref MemoryMarshal.GetArrayDataReference(a);
        ref double b0 = ref MemoryMarshal.GetArrayDataReference(b);
        ref double o0 = ref MemoryMarshal.GetArrayDataReference(output);
        CheckBounds(a.Length, aOffset + (rows - 1) * aRowStride + (inner - 1) * aInnerStride + 1, "A");
        CheckBounds(b.Length, bOffset + inner * cols, "B");
        CheckBounds(output.Length, outOffset + rows * cols, "the output");
        var vScale = Vector256.Create(scale);
        var wScale = Vector512.Create(scale);
        bool simd = Vector256.IsHardwareAccelerated;
        bool wide = Vector512.IsHardwareAccelerated;

        int i = 0;
        if (simd)
        {
            // Four output rows at a time: four independent accumulation chains per column chunk, so the adds are not
            // latency-bound, and each B chunk is loaded once for four rows. The order over p is unchanged.
            for (; i + 4 <= rows; i += 4)
            {
                int a0Row = aOffset + i * aRowStride, a1Row = a0Row + aRowStride, a2Row = a1Row + aRowStride, a3Row = a2Row + aRowStride;
                int oRow = outOffset + i * cols;
                int j = 0;
                if (wide)
                {
                    for (; j + 8 <= cols; j += 8)
                    {
                        var s0 = Vector512<double>.Zero; var s1 = Vector512<double>.Zero;
                        var s2 = Vector512<double>.Zero; var s3 = Vector512<double>.Zero;
                        for (int p = 0; p < inner; p++)
                        {
                            var bv = Vector512.LoadUnsafe(ref b0, (nuint)(bOffset + p * cols + j));
                            int pa = p * aInnerStride;
                            s0 += Vector512.Create(Unsafe.Add(ref a0, a0Row + pa)) * bv;
                            s1 += Vector512.Create(Unsafe.Add(ref a0, a1Row + pa)) * bv;
                            s2 += Vector512.Create(Unsafe.Add(ref a0, a2Row + pa)) * bv;
                            s3 += Vector512.Create(Unsafe.Add(ref a0, a3Row + pa)) * bv;
                        }
                        nuint o = (nuint)(oRow + j), c = (nuint)cols;
                        TSink.Combine(Vector512.LoadUnsafe(ref o0, o), s0, wScale).StoreUnsafe(ref o0, o);
                        TSink.Combine(Vector512.LoadUnsafe(ref o0, o + c), s1, wScale).StoreUnsafe(ref o0, o + c);
                        TSink.Combine(Vector512.LoadUnsafe(ref o0, o + 2 * c), s2, wScale).StoreUnsafe(ref o0, o + 2 * c);
                        TSink.Combine(Vector512.LoadUnsafe(ref o0, o + 3 * c), s3, wScale).StoreUnsafe(ref o0, o + 3 * c);
                    }
                }
                for (; j + 4 <= cols; j += 4)
                {
                    var s0 = Vector256<double>.Zero; var s1 = Vector256<double>.Zero;
                    var s2 = Vector256<double>.Zero; var s3 = Vector256<double>.Zero;
                    for (int p = 0; p < inner; p++)
                    {
                        var bv = Vector256.LoadUnsafe(ref b0, (nuint)(bOffset + p * cols + j));
                        int pa = p * aInnerStride;
                        s0 += Vector256.Create(Unsafe.Add(ref a0, a0Row + pa)) * bv;
                        s1 += Vector256.Create(Unsafe.Add(ref a0, a1Row + pa)) * bv;
                        s2 += Vector256.Create(Unsafe.Add(ref a0, a2Row + pa)) * bv;
                        s3 += Vector256.Create(Unsafe.Add(ref a0, a3Row + pa)) * bv;
                    }
                    nuint o = (nuint)(oRow + j), c = (nuint)cols;
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, o), s0, vScale).StoreUnsafe(ref o0, o);
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, o + c), s1, vScale).StoreUnsafe(ref o0, o + c);
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, o + 2 * c), s2, vScale).StoreUnsafe(ref o0, o + 2 * c);
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, o + 3 * c), s3, vScale).StoreUnsafe(ref o0, o + 3 * c);
                }
                for (; j < cols; j++)
                {
                    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    for (int p = 0; p < inner; p++)
                    {
                        double bv = Unsafe.Add(ref b0, bOffset + p * cols + j);
                        int pa = p * aInnerStride;
                        s0 += Unsafe.Add(ref a0, a0Row + pa) * bv;
                        s1 += Unsafe.Add(ref a0, a1Row + pa) * bv;
                        s2 += Unsafe.Add(ref a0, a2Row + pa) * bv;
                        s3 += Unsafe.Add(ref a0, a3Row + pa) * bv;
                    }
                    ref double o = ref Unsafe.Add(ref o0, oRow + j);
                    o = TSink.Combine(o, s0, scale);
                    Unsafe.Add(ref o, cols) = TSink.Combine(Unsafe.Add(ref o, cols), s1, scale);
                    Unsafe.Add(ref o, 2 * cols) = TSink.Combine(Unsafe.Add(ref o, 2 * cols), s2, scale);
                    Unsafe.Add(ref o, 3 * cols) = TSink.Combine(Unsafe.Add(ref o, 3 * cols), s3, scale);
                }
            }
        }
        if (wide)
        {
            // Two output rows (the remainder of the four-row blocks, e.g. rows 8 and 9 of m = 10): two to four chains
            // per column chunk instead of one or two. The order over p is unchanged.
            for (; i + 2 <= rows; i += 2)
            {
                int r0 = aOffset + i * aRowStride, r1 = r0 + aRowStride;
                int oRow = outOffset + i * cols;
                nuint c = (nuint)cols;
                int j = 0;
                for (; j + 16 <= cols; j += 16)
                {
                    var s00 = Vector512<double>.Zero; var s01 = Vector512<double>.Zero;
                    var s10 = Vector512<double>.Zero; var s11 = Vector512<double>.Zero;
                    for (int p = 0; p < inner; p++)
                    {
                        int pa = p * aInnerStride;
                        var x0 = Vector512.Create(Unsafe.Add(ref a0, r0 + pa));
                        var x1 = Vector512.Create(Unsafe.Add(ref a0, r1 + pa));
                        nuint bj = (nuint)(bOffset + p * cols + j);
                        var b0v = Vector512.LoadUnsafe(ref b0, bj);
                        var b1v = Vector512.LoadUnsafe(ref b0, bj + 8);
                        s00 += x0 * b0v; s01 += x0 * b1v;
                        s10 += x1 * b0v; s11 += x1 * b1v;
                    }
                    nuint o = (nuint)(oRow + j);
                    TSink.Combine(Vector512.LoadUnsafe(ref o0, o), s00, wScale).StoreUnsafe(ref o0, o);
                    TSink.Combine(Vector512.LoadUnsafe(ref o0, o + 8), s01, wScale).StoreUnsafe(ref o0, o + 8);
                    TSink.Combine(Vector512.LoadUnsafe(ref o0, o + c), s10, wScale).StoreUnsafe(ref o0, o + c);
                    TSink.Combine(Vector512.LoadUnsafe(ref o0, o + c + 8), s11, wScale).StoreUnsafe(ref o0, o + c + 8);
                }
                for (; j + 8 <= cols; j += 8)
                {
                    var s0 = Vector512<double>.Zero; var s1 = Vector512<double>.Zero;
                    for (int p = 0; p < inner; p++)
                    {
                        int pa = p * aInnerStride;
                        var bv = Vector512.LoadUnsafe(ref b0, (nuint)(bOffset + p * cols + j));
                        s0 += Vector512.Create(Unsafe.Add(ref a0, r0 + pa)) * bv;
                        s1 += Vector512.Create(Unsafe.Add(ref a0, r1 + pa)) * bv;
                    }
                    nuint o = (nuint)(oRow + j);
                    TSink.Combine(Vector512.LoadUnsafe(ref o0, o), s0, wScale).StoreUnsafe(ref o0, o);
                    TSink.Combine(Vector512.LoadUnsafe(ref o0, o + c), s1, wScale).StoreUnsafe(ref o0, o + c);
                }
                for (; j + 4 <= cols; j += 4)
                {
                    var s0 = Vector256<double>.Zero; var s1 = Vector256<double>.Zero;
                    for (int p = 0; p < inner; p++)
                    {
                        int pa = p * aInnerStride;
                        var bv = Vector256.LoadUnsafe(ref b0, (nuint)(bOffset + p * cols + j));
                        s0 += Vector256.Create(Unsafe.Add(ref a0, r0 + pa)) * bv;
                        s1 += Vector256.Create(Unsafe.Add(ref a0, r1 + pa)) * bv;
                    }
                    nuint o = (nuint)(oRow + j);
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, o), s0, vScale).StoreUnsafe(ref o0, o);
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, o + c), s1, vScale).StoreUnsafe(ref o0, o + c);
                }
                for (; j < cols; j++)
                {
                    double s0 = 0, s1 = 0;
                    for (int p = 0; p < inner; p++)
                    {
                        int pa = p * aInnerStride;
                        double bv = Unsafe.Add(ref b0, bOffset + p * cols + j);
                        s0 += Unsafe.Add(ref a0, r0 + pa) * bv;
                        s1 += Unsafe.Add(ref a0, r1 + pa) * bv;
                    }
                    ref double o = ref Unsafe.Add(ref o0, oRow + j);
                    o = TSink.Combine(o, s0, scale);
                    Unsafe.Add(ref o, cols) = TSink.Combine(Unsafe.Add(ref o, cols), s1, scale);
                }
            }
        }
        for (; i < rows; i++)
        {
            int aRow = aOffset + i * aRowStride;
            int oRow = outOffset + i * cols;
            int j = 0;
            if (wide)
            {
                for (; j + 16 <= cols; j += 16)
                {
                    var s0 = Vector512<double>.Zero; var s1 = Vector512<double>.Zero;
                    for (int p = 0; p < inner; p++)
                    {
                        var x = Vector512.Create(Unsafe.Add(ref a0, aRow + p * aInnerStride));
                        nuint bj = (nuint)(bOffset + p * cols + j);
                        s0 += x * Vector512.LoadUnsafe(ref b0, bj);
                        s1 += x * Vector512.LoadUnsafe(ref b0, bj + 8);
                    }
                    nuint oj = (nuint)(oRow + j);
                    TSink.Combine(Vector512.LoadUnsafe(ref o0, oj), s0, wScale).StoreUnsafe(ref o0, oj);
                    TSink.Combine(Vector512.LoadUnsafe(ref o0, oj + 8), s1, wScale).StoreUnsafe(ref o0, oj + 8);
                }
                for (; j + 8 <= cols; j += 8)
                {
                    var s = Vector512<double>.Zero;
                    for (int p = 0; p < inner; p++)
                        s += Vector512.Create(Unsafe.Add(ref a0, aRow + p * aInnerStride)) * Vector512.LoadUnsafe(ref b0, (nuint)(bOffset + p * cols + j));
                    nuint oj = (nuint)(oRow + j);
                    TSink.Combine(Vector512.LoadUnsafe(ref o0, oj), s, wScale).StoreUnsafe(ref o0, oj);
                }
            }
            if (simd)
            {
                for (; j + 16 <= cols; j += 16)
                {
                    var s0 = Vector256<double>.Zero; var s1 = Vector256<double>.Zero;
                    var s2 = Vector256<double>.Zero; var s3 = Vector256<double>.Zero;
                    for (int p = 0; p < inner; p++)
                    {
                        var x = Vector256.Create(Unsafe.Add(ref a0, aRow + p * aInnerStride));
                        nuint bj = (nuint)(bOffset + p * cols + j);
                        s0 += x * Vector256.LoadUnsafe(ref b0, bj);
                        s1 += x * Vector256.LoadUnsafe(ref b0, bj + 4);
                        s2 += x * Vector256.LoadUnsafe(ref b0, bj + 8);
                        s3 += x * Vector256.LoadUnsafe(ref b0, bj + 12);
                    }
                    nuint oj = (nuint)(oRow + j);
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, oj), s0, vScale).StoreUnsafe(ref o0, oj);
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, oj + 4), s1, vScale).StoreUnsafe(ref o0, oj + 4);
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, oj + 8), s2, vScale).StoreUnsafe(ref o0, oj + 8);
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, oj + 12), s3, vScale).StoreUnsafe(ref o0, oj + 12);
                }
                for (; j + 4 <= cols; j += 4)
                {
                    var s = Vector256<double>.Zero;
                    for (int p = 0; p < inner; p++)
                        s += Vector256.Create(Unsafe.Add(ref a0, aRow + p * aInnerStride)) * Vector256.LoadUnsafe(ref b0, (nuint)(bOffset + p * cols + j));
                    nuint oj = (nuint)(oRow + j);
                    TSink.Combine(Vector256.LoadUnsafe(ref o0, oj), s, vScale).StoreUnsafe(ref o0, oj);
                }
            }
            for (; j < cols; j++)
            {
                double s = 0;
                for (int p = 0; p < inner; p++)
                    s += Unsafe.Add(ref a0, aRow + p * aInnerStride) * Unsafe.Add(ref b0, bOffset + p * cols + j);
                ref double o = ref Unsafe.Add(ref o0, oRow + j);
                o = TSink.Combine(o, s, scale);
            }
        }
    }

    /// <summary>out (c × r) := Aᵀ for a row-major r × c A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(double[] a, int aOffset, int rows, int cols, double[] output, int outOffset)
    {
        CheckBounds(a.Length, aOffset + rows * cols, "A");
        CheckBounds(output.Length, outOffset + rows * cols, "the output");
        ref double a0 = ref MemoryMarshal.GetArrayDataReference(a);
        ref double o0 = ref MemoryMarshal.GetArrayDataReference(output);
        int i0 = 0;
        if (Avx.IsSupported)
        {
            // 4 × 4 blocks in registers (unpack, then swap 128-bit halves): a copy, so no rounding can change.
            for (; i0 + 4 <= rows; i0 += 4)
            {
                int j = 0;
                for (; j + 4 <= cols; j += 4)
                {
                    nuint src = (nuint)(aOffset + i0 * cols + j);
                    var r0 = Vector256.LoadUnsafe(ref a0, src);
                    var r1 = Vector256.LoadUnsafe(ref a0, src + (nuint)cols);
                    var r2 = Vector256.LoadUnsafe(ref a0, src + (nuint)(2 * cols));
                    var r3 = Vector256.LoadUnsafe(ref a0, src + (nuint)(3 * cols));
                    var t0 = Avx.UnpackLow(r0, r1);  // a00 a10 a02 a12
                    var t1 = Avx.UnpackHigh(r0, r1); // a01 a11 a03 a13
                    var t2 = Avx.UnpackLow(r2, r3);  // a20 a30 a22 a32
                    var t3 = Avx.UnpackHigh(r2, r3); // a21 a31 a23 a33
                    nuint dst = (nuint)(outOffset + j * rows + i0);
                    Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref o0, dst);                     // a00 a10 a20 a30
                    Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref o0, dst + (nuint)rows);       // a01 a11 a21 a31
                    Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref o0, dst + (nuint)(2 * rows)); // a02 a12 a22 a32
                    Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref o0, dst + (nuint)(3 * rows)); // a03 a13 a23 a33
                }
                for (; j < cols; j++)
                    for (int i = i0; i < i0 + 4; i++)
                        Unsafe.Add(ref o0, outOffset + j * rows + i) = Unsafe.Add(ref a0, aOffset + i * cols + j);
            }
        }
        // The remaining rows: contiguous writes, strided reads (reads pipeline better than scattered stores).
        for (int j = 0; j < cols; j++)
        {
            ref double column = ref Unsafe.Add(ref a0, aOffset + j);
            ref double row = ref Unsafe.Add(ref o0, outOffset + j * rows);
            for (int i = i0; i < rows; i++)
                Unsafe.Add(ref row, i) = Unsafe.Add(ref column, i * cols);
        }
    }

    /// <summary>Σ x² with four interleaved partial sums, ((s₀ + s₁) + (s₂ + s₃)) + tail: a fixed order, independent
    /// of the hardware, and free of the add-latency chain of one running sum. Overflows to ∞ exactly when the caller
    /// must call the run diverged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfSquares(double[] x, int offset, int length)
    {
        CheckBounds(x.Length, offset + length, "x");
        ref double x0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), offset);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= length; i += 4)
        {
            double a = Unsafe.Add(ref x0, i), b = Unsafe.Add(ref x0, i + 1), c = Unsafe.Add(ref x0, i + 2), d = Unsafe.Add(ref x0, i + 3);
            s0 += a * a; s1 += b * b; s2 += c * c; s3 += d * d;
        }
        double s = (s0 + s1) + (s2 + s3);
        for (; i < length; i++) { double v = Unsafe.Add(ref x0, i); s += v * v; }
        return s;
    }

    /// <summary>Σ (x − y)², in the order of <see cref="SumOfSquares"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double DistanceSquared(double[] x, double[] y, int length)
    {
        CheckBounds(x.Length, length, "x");
        CheckBounds(y.Length, length, "y");
        ref double x0 = ref MemoryMarshal.GetArrayDataReference(x);
        ref double y0 = ref MemoryMarshal.GetArrayDataReference(y);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= length; i += 4)
        {
            double a = Unsafe.Add(ref x0, i) - Unsafe.Add(ref y0, i), b = Unsafe.Add(ref x0, i + 1) - Unsafe.Add(ref y0, i + 1);
            double c = Unsafe.Add(ref x0, i + 2) - Unsafe.Add(ref y0, i + 2), d = Unsafe.Add(ref x0, i + 3) - Unsafe.Add(ref y0, i + 3);
            s0 += a * a; s1 += b * b; s2 += c * c; s3 += d * d;
        }
        double s = (s0 + s1) + (s2 + s3);
        for (; i < length; i++) { double v = Unsafe.Add(ref x0, i) - Unsafe.Add(ref y0, i); s += v * v; }
        return s;
    }

    /// <summary>z[zOff + i] := x[xOff + i] + scale · y[yOff + i] for i &lt; length (elementwise: the same rounding with
    /// or without SIMD). With scale = 1 the product is exact, so this is also plain addition.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(double[] x, int xOff, double scale, double[] y, int yOff, double[] z, int zOff, int length)
    {
        CheckBounds(x.Length, xOff + length, "x");
        CheckBounds(y.Length, yOff + length, "y");
        CheckBounds(z.Length, zOff + length, "z");
        ref double x0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xOff);
        ref double y0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y), yOff);
        ref double z0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(z), zOff);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(scale);
            for (; i + 4 <= length; i += 4)
                (Vector256.LoadUnsafe(ref x0, (nuint)i) + vs * Vector256.LoadUnsafe(ref y0, (nuint)i)).StoreUnsafe(ref z0, (nuint)i);
        }
        for (; i < length; i++) Unsafe.Add(ref z0, i) = Unsafe.Add(ref x0, i) + scale * Unsafe.Add(ref y0, i);
    }

    private static void CheckBounds(int length, int needed, string what)
    {
        if (needed > length)
            throw new ArgumentException($"Kernel bounds: {what} needs {needed} entries but its buffer has {length}.");
    }
}
