using System.Numerics;
using System.Runtime.InteropServices;

namespace Sharpness.LinearAlgebra.Kernels;

/// <summary>
/// The BLAS-1 kernels the iterative solvers spend their time in (dot, axpy, scale, norm), vectorized with
/// <see cref="Vector{T}"/>. The summation order depends only on the length and the machine's vector width, so
/// results are bit-identical from run to run on the same machine.
/// </summary>
internal static class VectorKernels
{
    /// <summary>aᵀb.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Length mismatch: {a.Length} vs {b.Length}.");
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        // Two accumulators hide the add latency; a fixed pairing keeps the order deterministic.
        Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero;
        int k = 0;
        for (; k + 1 < va.Length; k += 2)
        {
            s0 += va[k] * vb[k];
            s1 += va[k + 1] * vb[k + 1];
        }
        if (k < va.Length) s0 += va[k] * vb[k];
        double s = Vector.Sum(s0 + s1);
        for (int i = va.Length * Vector<double>.Count; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>y ← y + s·x.</summary>
    public static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Length mismatch: {x.Length} vs {y.Length}.");
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
        var vs = new Vector<double>(s);
        for (int k = 0; k < vx.Length; k++) vy[k] += vs * vx[k];
        for (int i = vx.Length * Vector<double>.Count; i < x.Length; i++) y[i] += s * x[i];
    }

    /// <summary>y ← s·x (y may be x).</summary>
    public static void Scale(double s, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Length mismatch: {x.Length} vs {y.Length}.");
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
        var vs = new Vector<double>(s);
        for (int k = 0; k < vx.Length; k++) vy[k] = vs * vx[k];
        for (int i = vx.Length * Vector<double>.Count; i < x.Length; i++) y[i] = s * x[i];
    }

    /// <summary>Euclidean norm; rescales by the largest entry when the plain sum of squares would overflow or
    /// underflow (including to 0 for a nonzero vector with entries below 1e-162).</summary>
    public static double Norm(ReadOnlySpan<double> a)
    {
        double s = Dot(a, a);
        if (s is > 1e-280 and < 1e280) return Math.Sqrt(s);
        double max = 0;
        foreach (var x in a) max = Math.Max(max, Math.Abs(x));
        if (max == 0 || !double.IsFinite(max)) return max;
        double t = 0;
        foreach (var x in a) { double y = x / max; t += y * y; }
        return max * Math.Sqrt(t);
    }
}
