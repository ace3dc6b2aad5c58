using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sharpness.Dynamics.Flat;

/// <summary>
/// The products and reductions of <see cref="FlatKernels"/> on lane-interleaved buffers (element e of lane ℓ at
/// e·W + ℓ for W lanes): each lane gets exactly the scalar operations, in exactly the order, of the single-run kernel.
/// </summary>
/// <remarks>
/// <para>Lane ℓ of (A B)[i, j] is Σ_p A[i, p] B[p, j] accumulated over p = 0, 1, … from +0 with a separate multiply
/// and add, as in <see cref="FlatKernels.Product{TSink}"/>; since the lanes are separate runs, no operation ever
/// mixes lanes, so the SIMD width cannot change a single bit.</para>
/// <para>Because a whole lane register is one element, strided operands cost nothing extra: A and B are both
/// addressed by strides (A[i, p] at aOff + i·ars + p·ais, B[p, j] at bOff + p·brs + j·bcs), so Aᵀ B and A Bᵀ need no
/// transposed copy. The output is row-major and contiguous. Offsets and strides count elements, not doubles.</para>
/// </remarks>
internal static class LaneKernels
{
    /// <summary>out[i, j] := Combine(out[i, j], Σ_p A[i, p] B[p, j], scale) for an r × k A and a k × c B, with one scale
    /// per lane from <c>scaleLanes</c> (null: +0, for the sinks that ignore it). With <c>firstTerm</c> each sum starts
    /// at its first term instead of at +0 + that term: one add fewer per output, and the same value except where the
    /// sum is −0, for which the +0 start gives +0 (by induction over p: the two partial sums differ only while the
    /// first-term one is −0). Only callers that proved the sign of such a zero cannot reach any result pass it (see
    /// <see cref="BatchedGdStepper{TL, TV}"/>). Five (then
    /// four, two, one) output rows by four columns at a time: independent accumulation chains, each A and B register
    /// loaded once per p for several outputs. Blocking and the order in which blocks are visited change which outputs
    /// are in flight together, never the order over p within one output, which is that of the single-run kernel. With
    /// <c>existing</c> the y of each Combine is read from there instead of from the output (same offsets):
    /// <see cref="LaneSubtractExisting"/> then writes E = P − M without storing P first.</summary>
    /// <remarks>
    /// <para>Where the time went (Figure-1 setting, 8 lanes, profiled): one lane element is a whole 64-byte line, so
    /// an 8-run batch's matrices are 13–26 KB each and a product's operands together overflow the 32 KB L1. Visiting
    /// the row blocks for each column panel (when B is the larger operand) keeps the B panel in L1 while A streams
    /// past it once per panel, instead of streaming all of B once per row block. Five-row blocks load 9 registers per
    /// 20 multiply–adds (four-row: 8 per 16). The operands are walked by references advanced by the stride, so the
    /// loop needs one add per operand row and no index arithmetic per load.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Product<TL, TV, TS>(
        Span<double> a, int aOff, int ars, int ais,
        Span<double> b, int bOff, int brs, int bcs,
        Span<double> output, int oOff,
        int rows, int inner, int cols, double[]? scaleLanes, bool firstTerm = false, Span<double> existing = default)
        where TL : ILanes<TV> where TV : struct where TS : ILaneSink
    {
        firstTerm &= inner > 0;
        int w = TL.Width;
        // The scale is loaded into a local once: a register-sized parameter was written back to its stack slot on every
        // iteration, and reloading a 512-bit value from two 256-bit stores stalls store-to-load forwarding on Zen 4.
        TV scale = scaleLanes is null ? TL.Zero : TL.Load(ref scaleLanes[0], 0);
        Check(a.Length, (aOff + (long)(rows - 1) * ars + (long)(inner - 1) * ais + 1) * w, "A");
        Check(b.Length, (bOff + (long)(inner - 1) * brs + (long)(cols - 1) * bcs + 1) * w, "B");
        Check(output.Length, (oOff + (long)rows * cols) * w, "the output");
        if (!existing.IsEmpty) Check(existing.Length, (oOff + (long)rows * cols) * w, "the existing entries");
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double b0 = ref MemoryMarshal.GetReference(b);
        ref double o0 = ref MemoryMarshal.GetReference(output);
        // The y of each Combine: the output's own entry, or with existing the entry at the same place there.
        ref double e0 = ref existing.IsEmpty ? ref o0 : ref MemoryMarshal.GetReference(existing);
        // Strides in doubles: along p for A and B, between rows of A, between columns of B.
        nint aP = (nint)ais * w, aR = (nint)ars * w, aR2 = 2 * aR, aR3 = 3 * aR, aR4 = 4 * aR;
        nint bP = (nint)brs * w, bC = (nint)bcs * w, bC2 = 2 * bC, bC3 = 3 * bC;
        int panel = cols > rows ? 8 : cols;
        for (int j0 = 0; j0 < cols; j0 += panel)
        {
            int j1 = Math.Min(cols, j0 + panel);
            int i = 0;
            for (; i + 5 <= rows; i += 5)
            {
                nint o = oOff + (nint)i * cols;
                int j = j0;
                for (; j + 4 <= j1; j += 4)
                {
                    TV s00 = TL.Zero, s01 = TL.Zero, s02 = TL.Zero, s03 = TL.Zero;
                    TV s10 = TL.Zero, s11 = TL.Zero, s12 = TL.Zero, s13 = TL.Zero;
                    TV s20 = TL.Zero, s21 = TL.Zero, s22 = TL.Zero, s23 = TL.Zero;
                    TV s30 = TL.Zero, s31 = TL.Zero, s32 = TL.Zero, s33 = TL.Zero;
                    TV s40 = TL.Zero, s41 = TL.Zero, s42 = TL.Zero, s43 = TL.Zero;
                    ref double x = ref Unsafe.Add(ref a0, (aOff + (nint)i * ars) * w);
                    ref double y = ref Unsafe.Add(ref b0, (bOff + (nint)j * bcs) * w);
                    int p = 0;
                    if (firstTerm)
                    {
                        TV x0 = TL.Load(ref x, 0), x1 = TL.Load(ref Unsafe.Add(ref x, aR), 0), x2 = TL.Load(ref Unsafe.Add(ref x, aR2), 0);
                        TV x3 = TL.Load(ref Unsafe.Add(ref x, aR3), 0), x4 = TL.Load(ref Unsafe.Add(ref x, aR4), 0);
                        TV v = TL.Load(ref y, 0);
                        s00 = TL.Multiply(x0, v); s10 = TL.Multiply(x1, v); s20 = TL.Multiply(x2, v);
                        s30 = TL.Multiply(x3, v); s40 = TL.Multiply(x4, v);
                        v = TL.Load(ref Unsafe.Add(ref y, bC), 0);
                        s01 = TL.Multiply(x0, v); s11 = TL.Multiply(x1, v); s21 = TL.Multiply(x2, v);
                        s31 = TL.Multiply(x3, v); s41 = TL.Multiply(x4, v);
                        v = TL.Load(ref Unsafe.Add(ref y, bC2), 0);
                        s02 = TL.Multiply(x0, v); s12 = TL.Multiply(x1, v); s22 = TL.Multiply(x2, v);
                        s32 = TL.Multiply(x3, v); s42 = TL.Multiply(x4, v);
                        v = TL.Load(ref Unsafe.Add(ref y, bC3), 0);
                        s03 = TL.Multiply(x0, v); s13 = TL.Multiply(x1, v); s23 = TL.Multiply(x2, v);
                        s33 = TL.Multiply(x3, v); s43 = TL.Multiply(x4, v);
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                        p = 1;
                    }
                    for (; p < inner; p++)
                    {
                        TV x0 = TL.Load(ref x, 0), x1 = TL.Load(ref Unsafe.Add(ref x, aR), 0), x2 = TL.Load(ref Unsafe.Add(ref x, aR2), 0);
                        TV x3 = TL.Load(ref Unsafe.Add(ref x, aR3), 0), x4 = TL.Load(ref Unsafe.Add(ref x, aR4), 0);
                        TV v = TL.Load(ref y, 0);
                        s00 = TL.Add(s00, TL.Multiply(x0, v)); s10 = TL.Add(s10, TL.Multiply(x1, v)); s20 = TL.Add(s20, TL.Multiply(x2, v));
                        s30 = TL.Add(s30, TL.Multiply(x3, v)); s40 = TL.Add(s40, TL.Multiply(x4, v));
                        v = TL.Load(ref Unsafe.Add(ref y, bC), 0);
                        s01 = TL.Add(s01, TL.Multiply(x0, v)); s11 = TL.Add(s11, TL.Multiply(x1, v)); s21 = TL.Add(s21, TL.Multiply(x2, v));
                        s31 = TL.Add(s31, TL.Multiply(x3, v)); s41 = TL.Add(s41, TL.Multiply(x4, v));
                        v = TL.Load(ref Unsafe.Add(ref y, bC2), 0);
                        s02 = TL.Add(s02, TL.Multiply(x0, v)); s12 = TL.Add(s12, TL.Multiply(x1, v)); s22 = TL.Add(s22, TL.Multiply(x2, v));
                        s32 = TL.Add(s32, TL.Multiply(x3, v)); s42 = TL.Add(s42, TL.Multiply(x4, v));
                        v = TL.Load(ref Unsafe.Add(ref y, bC3), 0);
                        s03 = TL.Add(s03, TL.Multiply(x0, v)); s13 = TL.Add(s13, TL.Multiply(x1, v)); s23 = TL.Add(s23, TL.Multiply(x2, v));
                        s33 = TL.Add(s33, TL.Multiply(x3, v)); s43 = TL.Add(s43, TL.Multiply(x4, v));
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                    }
                    Put<TL, TV, TS>(ref o0, ref e0, o + j, s00, s01, s02, s03, scale);
                    Put<TL, TV, TS>(ref o0, ref e0, o + cols + j, s10, s11, s12, s13, scale);
                    Put<TL, TV, TS>(ref o0, ref e0, o + 2 * cols + j, s20, s21, s22, s23, scale);
                    Put<TL, TV, TS>(ref o0, ref e0, o + 3 * cols + j, s30, s31, s32, s33, scale);
                    Put<TL, TV, TS>(ref o0, ref e0, o + 4 * cols + j, s40, s41, s42, s43, scale);
                }
                for (; j < j1; j++)
                {
                    TV s0 = TL.Zero, s1 = TL.Zero, s2 = TL.Zero, s3 = TL.Zero, s4 = TL.Zero;
                    ref double x = ref Unsafe.Add(ref a0, (aOff + (nint)i * ars) * w);
                    ref double y = ref Unsafe.Add(ref b0, (bOff + (nint)j * bcs) * w);
                    int p = 0;
                    if (firstTerm)
                    {
                        TV v = TL.Load(ref y, 0);
                        s0 = TL.Multiply(TL.Load(ref x, 0), v);
                        s1 = TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR), 0), v);
                        s2 = TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR2), 0), v);
                        s3 = TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR3), 0), v);
                        s4 = TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR4), 0), v);
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                        p = 1;
                    }
                    for (; p < inner; p++)
                    {
                        TV v = TL.Load(ref y, 0);
                        s0 = TL.Add(s0, TL.Multiply(TL.Load(ref x, 0), v));
                        s1 = TL.Add(s1, TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR), 0), v));
                        s2 = TL.Add(s2, TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR2), 0), v));
                        s3 = TL.Add(s3, TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR3), 0), v));
                        s4 = TL.Add(s4, TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR4), 0), v));
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                    }
                    nint oj = o + j;
                    TL.Store(ref o0, oj, TS.Combine<TL, TV>(TL.Load(ref e0, oj), s0, scale));
                    TL.Store(ref o0, oj + cols, TS.Combine<TL, TV>(TL.Load(ref e0, oj + cols), s1, scale));
                    TL.Store(ref o0, oj + 2 * cols, TS.Combine<TL, TV>(TL.Load(ref e0, oj + 2 * cols), s2, scale));
                    TL.Store(ref o0, oj + 3 * cols, TS.Combine<TL, TV>(TL.Load(ref e0, oj + 3 * cols), s3, scale));
                    TL.Store(ref o0, oj + 4 * cols, TS.Combine<TL, TV>(TL.Load(ref e0, oj + 4 * cols), s4, scale));
                }
            }
            for (; i + 4 <= rows; i += 4)
            {
                nint o = oOff + (nint)i * cols;
                int j = j0;
                for (; j + 4 <= j1; j += 4)
                {
                    TV s00 = TL.Zero, s01 = TL.Zero, s02 = TL.Zero, s03 = TL.Zero;
                    TV s10 = TL.Zero, s11 = TL.Zero, s12 = TL.Zero, s13 = TL.Zero;
                    TV s20 = TL.Zero, s21 = TL.Zero, s22 = TL.Zero, s23 = TL.Zero;
                    TV s30 = TL.Zero, s31 = TL.Zero, s32 = TL.Zero, s33 = TL.Zero;
                    ref double x = ref Unsafe.Add(ref a0, (aOff + (nint)i * ars) * w);
                    ref double y = ref Unsafe.Add(ref b0, (bOff + (nint)j * bcs) * w);
                    int p = 0;
                    if (firstTerm)
                    {
                        TV x0 = TL.Load(ref x, 0), x1 = TL.Load(ref Unsafe.Add(ref x, aR), 0);
                        TV x2 = TL.Load(ref Unsafe.Add(ref x, aR2), 0), x3 = TL.Load(ref Unsafe.Add(ref x, aR3), 0);
                        TV v = TL.Load(ref y, 0);
                        s00 = TL.Multiply(x0, v); s10 = TL.Multiply(x1, v);
                        s20 = TL.Multiply(x2, v); s30 = TL.Multiply(x3, v);
                        v = TL.Load(ref Unsafe.Add(ref y, bC), 0);
                        s01 = TL.Multiply(x0, v); s11 = TL.Multiply(x1, v);
                        s21 = TL.Multiply(x2, v); s31 = TL.Multiply(x3, v);
                        v = TL.Load(ref Unsafe.Add(ref y, bC2), 0);
                        s02 = TL.Multiply(x0, v); s12 = TL.Multiply(x1, v);
                        s22 = TL.Multiply(x2, v); s32 = TL.Multiply(x3, v);
                        v = TL.Load(ref Unsafe.Add(ref y, bC3), 0);
                        s03 = TL.Multiply(x0, v); s13 = TL.Multiply(x1, v);
                        s23 = TL.Multiply(x2, v); s33 = TL.Multiply(x3, v);
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                        p = 1;
                    }
                    for (; p < inner; p++)
                    {
                        TV x0 = TL.Load(ref x, 0), x1 = TL.Load(ref Unsafe.Add(ref x, aR), 0);
                        TV x2 = TL.Load(ref Unsafe.Add(ref x, aR2), 0), x3 = TL.Load(ref Unsafe.Add(ref x, aR3), 0);
                        TV v = TL.Load(ref y, 0);
                        s00 = TL.Add(s00, TL.Multiply(x0, v)); s10 = TL.Add(s10, TL.Multiply(x1, v));
                        s20 = TL.Add(s20, TL.Multiply(x2, v)); s30 = TL.Add(s30, TL.Multiply(x3, v));
                        v = TL.Load(ref Unsafe.Add(ref y, bC), 0);
                        s01 = TL.Add(s01, TL.Multiply(x0, v)); s11 = TL.Add(s11, TL.Multiply(x1, v));
                        s21 = TL.Add(s21, TL.Multiply(x2, v)); s31 = TL.Add(s31, TL.Multiply(x3, v));
                        v = TL.Load(ref Unsafe.Add(ref y, bC2), 0);
                        s02 = TL.Add(s02, TL.Multiply(x0, v)); s12 = TL.Add(s12, TL.Multiply(x1, v));
                        s22 = TL.Add(s22, TL.Multiply(x2, v)); s32 = TL.Add(s32, TL.Multiply(x3, v));
                        v = TL.Load(ref Unsafe.Add(ref y, bC3), 0);
                        s03 = TL.Add(s03, TL.Multiply(x0, v)); s13 = TL.Add(s13, TL.Multiply(x1, v));
                        s23 = TL.Add(s23, TL.Multiply(x2, v)); s33 = TL.Add(s33, TL.Multiply(x3, v));
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                    }
                    Put<TL, TV, TS>(ref o0, ref e0, o + j, s00, s01, s02, s03, scale);
                    Put<TL, TV, TS>(ref o0, ref e0, o + cols + j, s10, s11, s12, s13, scale);
                    Put<TL, TV, TS>(ref o0, ref e0, o + 2 * cols + j, s20, s21, s22, s23, scale);
                    Put<TL, TV, TS>(ref o0, ref e0, o + 3 * cols + j, s30, s31, s32, s33, scale);
                }
                for (; j < j1; j++)
                {
                    TV s0 = TL.Zero, s1 = TL.Zero, s2 = TL.Zero, s3 = TL.Zero;
                    ref double x = ref Unsafe.Add(ref a0, (aOff + (nint)i * ars) * w);
                    ref double y = ref Unsafe.Add(ref b0, (bOff + (nint)j * bcs) * w);
                    int p = 0;
                    if (firstTerm)
                    {
                        TV v = TL.Load(ref y, 0);
                        s0 = TL.Multiply(TL.Load(ref x, 0), v);
                        s1 = TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR), 0), v);
                        s2 = TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR2), 0), v);
                        s3 = TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR3), 0), v);
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                        p = 1;
                    }
                    for (; p < inner; p++)
                    {
                        TV v = TL.Load(ref y, 0);
                        s0 = TL.Add(s0, TL.Multiply(TL.Load(ref x, 0), v));
                        s1 = TL.Add(s1, TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR), 0), v));
                        s2 = TL.Add(s2, TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR2), 0), v));
                        s3 = TL.Add(s3, TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR3), 0), v));
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                    }
                    nint oj = o + j;
                    TL.Store(ref o0, oj, TS.Combine<TL, TV>(TL.Load(ref e0, oj), s0, scale));
                    TL.Store(ref o0, oj + cols, TS.Combine<TL, TV>(TL.Load(ref e0, oj + cols), s1, scale));
                    TL.Store(ref o0, oj + 2 * cols, TS.Combine<TL, TV>(TL.Load(ref e0, oj + 2 * cols), s2, scale));
                    TL.Store(ref o0, oj + 3 * cols, TS.Combine<TL, TV>(TL.Load(ref e0, oj + 3 * cols), s3, scale));
                }
            }
            for (; i + 2 <= rows; i += 2)
            {
                nint o = oOff + (nint)i * cols;
                int j = j0;
                for (; j + 4 <= j1; j += 4)
                {
                    TV s00 = TL.Zero, s01 = TL.Zero, s02 = TL.Zero, s03 = TL.Zero;
                    TV s10 = TL.Zero, s11 = TL.Zero, s12 = TL.Zero, s13 = TL.Zero;
                    ref double x = ref Unsafe.Add(ref a0, (aOff + (nint)i * ars) * w);
                    ref double y = ref Unsafe.Add(ref b0, (bOff + (nint)j * bcs) * w);
                    int p = 0;
                    if (firstTerm)
                    {
                        TV x0 = TL.Load(ref x, 0), x1 = TL.Load(ref Unsafe.Add(ref x, aR), 0);
                        TV y0 = TL.Load(ref y, 0), y1 = TL.Load(ref Unsafe.Add(ref y, bC), 0);
                        TV y2 = TL.Load(ref Unsafe.Add(ref y, bC2), 0), y3 = TL.Load(ref Unsafe.Add(ref y, bC3), 0);
                        s00 = TL.Multiply(x0, y0); s01 = TL.Multiply(x0, y1);
                        s02 = TL.Multiply(x0, y2); s03 = TL.Multiply(x0, y3);
                        s10 = TL.Multiply(x1, y0); s11 = TL.Multiply(x1, y1);
                        s12 = TL.Multiply(x1, y2); s13 = TL.Multiply(x1, y3);
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                        p = 1;
                    }
                    for (; p < inner; p++)
                    {
                        TV x0 = TL.Load(ref x, 0), x1 = TL.Load(ref Unsafe.Add(ref x, aR), 0);
                        TV y0 = TL.Load(ref y, 0), y1 = TL.Load(ref Unsafe.Add(ref y, bC), 0);
                        TV y2 = TL.Load(ref Unsafe.Add(ref y, bC2), 0), y3 = TL.Load(ref Unsafe.Add(ref y, bC3), 0);
                        s00 = TL.Add(s00, TL.Multiply(x0, y0)); s01 = TL.Add(s01, TL.Multiply(x0, y1));
                        s02 = TL.Add(s02, TL.Multiply(x0, y2)); s03 = TL.Add(s03, TL.Multiply(x0, y3));
                        s10 = TL.Add(s10, TL.Multiply(x1, y0)); s11 = TL.Add(s11, TL.Multiply(x1, y1));
                        s12 = TL.Add(s12, TL.Multiply(x1, y2)); s13 = TL.Add(s13, TL.Multiply(x1, y3));
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                    }
                    Put<TL, TV, TS>(ref o0, ref e0, o + j, s00, s01, s02, s03, scale);
                    Put<TL, TV, TS>(ref o0, ref e0, o + cols + j, s10, s11, s12, s13, scale);
                }
                for (; j < j1; j++)
                {
                    TV s0 = TL.Zero, s1 = TL.Zero;
                    ref double x = ref Unsafe.Add(ref a0, (aOff + (nint)i * ars) * w);
                    ref double y = ref Unsafe.Add(ref b0, (bOff + (nint)j * bcs) * w);
                    int p = 0;
                    if (firstTerm)
                    {
                        TV v = TL.Load(ref y, 0);
                        s0 = TL.Multiply(TL.Load(ref x, 0), v);
                        s1 = TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR), 0), v);
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                        p = 1;
                    }
                    for (; p < inner; p++)
                    {
                        TV v = TL.Load(ref y, 0);
                        s0 = TL.Add(s0, TL.Multiply(TL.Load(ref x, 0), v));
                        s1 = TL.Add(s1, TL.Multiply(TL.Load(ref Unsafe.Add(ref x, aR), 0), v));
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                    }
                    nint oj = o + j;
                    TL.Store(ref o0, oj, TS.Combine<TL, TV>(TL.Load(ref e0, oj), s0, scale));
                    TL.Store(ref o0, oj + cols, TS.Combine<TL, TV>(TL.Load(ref e0, oj + cols), s1, scale));
                }
            }
            for (; i < rows; i++)
            {
                nint o = oOff + (nint)i * cols;
                int j = j0;
                for (; j + 4 <= j1; j += 4)
                {
                    TV s0 = TL.Zero, s1 = TL.Zero, s2 = TL.Zero, s3 = TL.Zero;
                    ref double x = ref Unsafe.Add(ref a0, (aOff + (nint)i * ars) * w);
                    ref double y = ref Unsafe.Add(ref b0, (bOff + (nint)j * bcs) * w);
                    int p = 0;
                    if (firstTerm)
                    {
                        TV u = TL.Load(ref x, 0);
                        s0 = TL.Multiply(u, TL.Load(ref y, 0));
                        s1 = TL.Multiply(u, TL.Load(ref Unsafe.Add(ref y, bC), 0));
                        s2 = TL.Multiply(u, TL.Load(ref Unsafe.Add(ref y, bC2), 0));
                        s3 = TL.Multiply(u, TL.Load(ref Unsafe.Add(ref y, bC3), 0));
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                        p = 1;
                    }
                    for (; p < inner; p++)
                    {
                        TV u = TL.Load(ref x, 0);
                        s0 = TL.Add(s0, TL.Multiply(u, TL.Load(ref y, 0)));
                        s1 = TL.Add(s1, TL.Multiply(u, TL.Load(ref Unsafe.Add(ref y, bC), 0)));
                        s2 = TL.Add(s2, TL.Multiply(u, TL.Load(ref Unsafe.Add(ref y, bC2), 0)));
                        s3 = TL.Add(s3, TL.Multiply(u, TL.Load(ref Unsafe.Add(ref y, bC3), 0)));
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                    }
                    Put<TL, TV, TS>(ref o0, ref e0, o + j, s0, s1, s2, s3, scale);
                }
                for (; j < j1; j++)
                {
                    TV s = TL.Zero;
                    ref double x = ref Unsafe.Add(ref a0, (aOff + (nint)i * ars) * w);
                    ref double y = ref Unsafe.Add(ref b0, (bOff + (nint)j * bcs) * w);
                    int p = 0;
                    if (firstTerm)
                    {
                        s = TL.Multiply(TL.Load(ref x, 0), TL.Load(ref y, 0));
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                        p = 1;
                    }
                    for (; p < inner; p++)
                    {
                        s = TL.Add(s, TL.Multiply(TL.Load(ref x, 0), TL.Load(ref y, 0)));
                        x = ref Unsafe.Add(ref x, aP);
                        y = ref Unsafe.Add(ref y, bP);
                    }
                    nint oj = o + j;
                    TL.Store(ref o0, oj, TS.Combine<TL, TV>(TL.Load(ref e0, oj), s, scale));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TL, TV, TS>(ref double o0, ref double e0, nint at, TV s0, TV s1, TV s2, TV s3, TV scale)
        where TL : ILanes<TV> where TV : struct where TS : ILaneSink
    {
        TL.Store(ref o0, at, TS.Combine<TL, TV>(TL.Load(ref e0, at), s0, scale));
        TL.Store(ref o0, at + 1, TS.Combine<TL, TV>(TL.Load(ref e0, at + 1), s1, scale));
        TL.Store(ref o0, at + 2, TS.Combine<TL, TV>(TL.Load(ref e0, at + 2), s2, scale));
        TL.Store(ref o0, at + 3, TS.Combine<TL, TV>(TL.Load(ref e0, at + 3), s3, scale));
    }

    /// <summary>z[zOff + e] := x[xOff + e] + scale · y[yOff + e] per lane, scale per lane from <c>scaleLanes</c>
    /// (<see cref="FlatKernels.AddScaled"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled<TL, TV>(Span<double> x, int xOff, double[] scaleLanes, Span<double> y, int yOff, Span<double> z, int zOff, int length)
        where TL : ILanes<TV> where TV : struct
    {
        int w = TL.Width;
        TV scale = TL.Load(ref scaleLanes[0], 0); // a local, see Product
        Check(x.Length, (long)(xOff + length) * w, "x");
        Check(y.Length, (long)(yOff + length) * w, "y");
        Check(z.Length, (long)(zOff + length) * w, "z");
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double y0 = ref MemoryMarshal.GetReference(y);
        ref double z0 = ref MemoryMarshal.GetReference(z);
        for (int e = 0; e < length; e++)
            TL.Store(ref z0, zOff + e, TL.Add(TL.Load(ref x0, xOff + e), TL.Multiply(scale, TL.Load(ref y0, yOff + e))));
    }

    /// <summary>z[zOff + e] := x[xOff + e] + y[yOff + e] per lane: <see cref="AddScaled{TL, TV}"/> with scale +1, to the
    /// bit (1·y = y exactly), one multiply fewer per element.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Add<TL, TV>(Span<double> x, int xOff, Span<double> y, int yOff, Span<double> z, int zOff, int length)
        where TL : ILanes<TV> where TV : struct
    {
        int w = TL.Width;
        Check(x.Length, (long)(xOff + length) * w, "x");
        Check(y.Length, (long)(yOff + length) * w, "y");
        Check(z.Length, (long)(zOff + length) * w, "z");
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double y0 = ref MemoryMarshal.GetReference(y);
        ref double z0 = ref MemoryMarshal.GetReference(z);
        for (int e = 0; e < length; e++)
            TL.Store(ref z0, zOff + e, TL.Add(TL.Load(ref x0, xOff + e), TL.Load(ref y0, yOff + e)));
    }

    /// <summary>z[zOff + e] := x[xOff + e] − y[yOff + e] per lane: <see cref="AddScaled{TL, TV}"/> with scale −1, to the
    /// bit (x + (−1)·y = x − y exactly), one multiply fewer per element.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Subtract<TL, TV>(Span<double> x, int xOff, Span<double> y, int yOff, Span<double> z, int zOff, int length)
        where TL : ILanes<TV> where TV : struct
    {
        int w = TL.Width;
        Check(x.Length, (long)(xOff + length) * w, "x");
        Check(y.Length, (long)(yOff + length) * w, "y");
        Check(z.Length, (long)(zOff + length) * w, "z");
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double y0 = ref MemoryMarshal.GetReference(y);
        ref double z0 = ref MemoryMarshal.GetReference(z);
        for (int e = 0; e < length; e++)
            TL.Store(ref z0, zOff + e, TL.Subtract(TL.Load(ref x0, xOff + e), TL.Load(ref y0, yOff + e)));
    }

    /// <summary>Per lane Σ x², in the order of <see cref="FlatKernels.SumOfSquares"/>: four interleaved partial sums,
    /// ((s₀ + s₁) + (s₂ + s₃)), then the tail.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV SumOfSquares<TL, TV>(Span<double> x, int offset, int length) where TL : ILanes<TV> where TV : struct
    {
        Check(x.Length, (long)(offset + length) * TL.Width, "x");
        ref double x0 = ref MemoryMarshal.GetReference(x);
        TV s0 = TL.Zero, s1 = TL.Zero, s2 = TL.Zero, s3 = TL.Zero;
        int e = 0;
        for (; e + 4 <= length; e += 4)
        {
            TV a = TL.Load(ref x0, offset + e), b = TL.Load(ref x0, offset + e + 1), c = TL.Load(ref x0, offset + e + 2), d = TL.Load(ref x0, offset + e + 3);
            s0 = TL.Add(s0, TL.Multiply(a, a)); s1 = TL.Add(s1, TL.Multiply(b, b));
            s2 = TL.Add(s2, TL.Multiply(c, c)); s3 = TL.Add(s3, TL.Multiply(d, d));
        }
        TV s = TL.Add(TL.Add(s0, s1), TL.Add(s2, s3));
        for (; e < length; e++) { TV v = TL.Load(ref x0, offset + e); s = TL.Add(s, TL.Multiply(v, v)); }
        return s;
    }

    /// <summary>Per lane Σ (x − y)², in the order of <see cref="FlatKernels.DistanceSquared"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV DistanceSquared<TL, TV>(Span<double> x, Span<double> y, int length) where TL : ILanes<TV> where TV : struct
    {
        Check(x.Length, (long)length * TL.Width, "x");
        Check(y.Length, (long)length * TL.Width, "y");
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double y0 = ref MemoryMarshal.GetReference(y);
        TV s0 = TL.Zero, s1 = TL.Zero, s2 = TL.Zero, s3 = TL.Zero;
        int e = 0;
        for (; e + 4 <= length; e += 4)
        {
            TV a = TL.Subtract(TL.Load(ref x0, e), TL.Load(ref y0, e)), b = TL.Subtract(TL.Load(ref x0, e + 1), TL.Load(ref y0, e + 1));
            TV c = TL.Subtract(TL.Load(ref x0, e + 2), TL.Load(ref y0, e + 2)), d = TL.Subtract(TL.Load(ref x0, e + 3), TL.Load(ref y0, e + 3));
            s0 = TL.Add(s0, TL.Multiply(a, a)); s1 = TL.Add(s1, TL.Multiply(b, b));
            s2 = TL.Add(s2, TL.Multiply(c, c)); s3 = TL.Add(s3, TL.Multiply(d, d));
        }
        TV s = TL.Add(TL.Add(s0, s1), TL.Add(s2, s3));
        for (; e < length; e++) { TV v = TL.Subtract(TL.Load(ref x0, e), TL.Load(ref y0, e)); s = TL.Add(s, TL.Multiply(v, v)); }
        return s;
    }

    /// <summary>Per lane ⟨x − y, v⟩ (plain mode: x = W, y = W*) or, with <paramref name="y"/> empty, ⟨x, v⟩ (delta
    /// mode: x = Δ), v shared by all lanes: the sequential sum from +0 of <c>GdStepper.ProjectOffset</c>, each lane in
    /// its order (s ← s + (x_e − y_e)·v_e), all lanes in one pass instead of one strided scalar pass per lane.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Project<TL, TV>(Span<double> x, Span<double> y, double[] v) where TL : ILanes<TV> where TV : struct
    {
        Check(x.Length, (long)v.Length * TL.Width, "x");
        if (!y.IsEmpty) Check(y.Length, (long)v.Length * TL.Width, "y");
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double y0 = ref MemoryMarshal.GetReference(y);
        TV s = TL.Zero;
        if (y.IsEmpty)
            for (int e = 0; e < v.Length; e++) s = TL.Add(s, TL.Multiply(TL.Load(ref x0, e), TL.Broadcast(v[e])));
        else
            for (int e = 0; e < v.Length; e++) s = TL.Add(s, TL.Multiply(TL.Subtract(TL.Load(ref x0, e), TL.Load(ref y0, e)), TL.Broadcast(v[e])));
        return s;
    }

    /// <summary>The first layer's update z[e] := z[e] + scale · g[e] for e &lt; <paramref name="length"/> (as
    /// <see cref="AddScaled{TL, TV}"/> in place) fused with the start of ‖W − W*‖²: for e &lt; <paramref name="blocked"/>
    /// (a multiple of 4) the new value's d = z[e] − m[e] (or z[e] with <paramref name="m"/> empty) goes into the four
    /// partial sums s_{e mod 4} exactly as the blocked loop of <see cref="DistanceSquared{TL, TV}"/> /
    /// <see cref="SumOfSquares{TL, TV}"/> would add it; <see cref="FinishDistance{TL, TV}"/> continues from there.
    /// Same operations in the same order as the update followed by the distance, without reading the layer twice.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void AddScaledWithDistance<TL, TV>(Span<double> z, double[] scaleLanes, Span<double> g, Span<double> m, int length, int blocked,
        out TV s0, out TV s1, out TV s2, out TV s3) where TL : ILanes<TV> where TV : struct
    {
        if (blocked % 4 != 0 || blocked > length) throw new ArgumentOutOfRangeException(nameof(blocked), blocked, "The fused distance covers whole blocks of 4 within the layer.");
        Check(z.Length, (long)length * TL.Width, "z");
        Check(g.Length, (long)length * TL.Width, "g");
        if (!m.IsEmpty) Check(m.Length, (long)length * TL.Width, "m");
        TV scale = TL.Load(ref scaleLanes[0], 0); // a local, see Product
        ref double z0 = ref MemoryMarshal.GetReference(z);
        ref double g0 = ref MemoryMarshal.GetReference(g);
        ref double m0 = ref MemoryMarshal.GetReference(m);
        bool plain = !m.IsEmpty;
        // Locals, not the out parameters: writing a by-reference 512-bit value in the loop would put the chains through
        // memory (store-to-load forwarding on every add).
        TV t0 = TL.Zero, t1 = TL.Zero, t2 = TL.Zero, t3 = TL.Zero;
        int e = 0;
        for (; e < blocked; e += 4)
        {
            TV a = TL.Add(TL.Load(ref z0, e), TL.Multiply(scale, TL.Load(ref g0, e)));
            TV b = TL.Add(TL.Load(ref z0, e + 1), TL.Multiply(scale, TL.Load(ref g0, e + 1)));
            TV c = TL.Add(TL.Load(ref z0, e + 2), TL.Multiply(scale, TL.Load(ref g0, e + 2)));
            TV d = TL.Add(TL.Load(ref z0, e + 3), TL.Multiply(scale, TL.Load(ref g0, e + 3)));
            TL.Store(ref z0, e, a); TL.Store(ref z0, e + 1, b); TL.Store(ref z0, e + 2, c); TL.Store(ref z0, e + 3, d);
            if (plain)
            {
                a = TL.Subtract(a, TL.Load(ref m0, e)); b = TL.Subtract(b, TL.Load(ref m0, e + 1));
                c = TL.Subtract(c, TL.Load(ref m0, e + 2)); d = TL.Subtract(d, TL.Load(ref m0, e + 3));
            }
            t0 = TL.Add(t0, TL.Multiply(a, a)); t1 = TL.Add(t1, TL.Multiply(b, b));
            t2 = TL.Add(t2, TL.Multiply(c, c)); t3 = TL.Add(t3, TL.Multiply(d, d));
        }
        for (; e < length; e++)
            TL.Store(ref z0, e, TL.Add(TL.Load(ref z0, e), TL.Multiply(scale, TL.Load(ref g0, e))));
        s0 = t0; s1 = t1; s2 = t2; s3 = t3;
    }

    /// <summary>Finishes ‖x − y‖² (or ‖x‖² with <paramref name="y"/> empty) over <paramref name="length"/> elements from
    /// the partial sums of the first <paramref name="from"/> (a multiple of 4), in the order of
    /// <see cref="DistanceSquared{TL, TV}"/>: the remaining blocks of 4, ((s₀ + s₁) + (s₂ + s₃)), then the tail.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV FinishDistance<TL, TV>(Span<double> x, Span<double> y, int from, int length, TV s0, TV s1, TV s2, TV s3)
        where TL : ILanes<TV> where TV : struct
    {
        Check(x.Length, (long)length * TL.Width, "x");
        if (!y.IsEmpty) Check(y.Length, (long)length * TL.Width, "y");
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double y0 = ref MemoryMarshal.GetReference(y);
        bool plain = !y.IsEmpty;
        TV t0 = s0, t1 = s1, t2 = s2, t3 = s3; // locals, see AddScaledWithDistance
        int e = from;
        for (; e + 4 <= length; e += 4)
        {
            TV a = TL.Load(ref x0, e), b = TL.Load(ref x0, e + 1), c = TL.Load(ref x0, e + 2), d = TL.Load(ref x0, e + 3);
            if (plain)
            {
                a = TL.Subtract(a, TL.Load(ref y0, e)); b = TL.Subtract(b, TL.Load(ref y0, e + 1));
                c = TL.Subtract(c, TL.Load(ref y0, e + 2)); d = TL.Subtract(d, TL.Load(ref y0, e + 3));
            }
            t0 = TL.Add(t0, TL.Multiply(a, a)); t1 = TL.Add(t1, TL.Multiply(b, b));
            t2 = TL.Add(t2, TL.Multiply(c, c)); t3 = TL.Add(t3, TL.Multiply(d, d));
        }
        TV s = TL.Add(TL.Add(t0, t1), TL.Add(t2, t3));
        for (; e < length; e++)
        {
            TV v = TL.Load(ref x0, e);
            if (plain) v = TL.Subtract(v, TL.Load(ref y0, e));
            s = TL.Add(s, TL.Multiply(v, v));
        }
        return s;
    }

    private static void Check(long length, long needed, string what)
    {
        if (needed > length)
            throw new ArgumentException($"Lane kernel bounds: {what} needs {needed} doubles but its buffer has {length}.");
    }
}

/// <summary>
/// A lane-interleaved buffer whose <see cref="Span"/> starts on a 64-byte boundary, so no register load or store
/// straddles two cache lines (an 8-lane register is exactly one line; misaligned 512-bit accesses measured up to 2×
/// slower here). Pinned, so the GC never moves it off that boundary. There is deliberately no conversion to an array
/// or span other than <see cref="Span"/>: every access goes through the aligned view.
/// </summary>
internal readonly struct LaneBuffer
{
    private readonly double[] _data;
    private readonly int _pad, _length;

    public LaneBuffer(int length)
    {
        _data = GC.AllocateArray<double>(length + 8, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(_data, 0);
        _pad = (int)(((64 - (address & 63)) & 63) >> 3);
        _length = length;
    }

    public Span<double> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_data, _pad, _length);
    }
}
