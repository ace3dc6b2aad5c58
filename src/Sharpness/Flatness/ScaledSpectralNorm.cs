using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>‖A‖₂ through <see cref="SpectralNorm.Top"/> on the exactly rescaled matrix A·2^{−k}, so the Gram matrix
/// it decomposes neither overflows nor underflows.</summary>
internal static class ScaledSpectralNorm
{
    /// <summary>‖A‖₂ (0 for A = 0).</summary>
    public static double Of(Matrix<double> a)
    {
        double maxAbs = Guard.MaxAbs([a]);
        if (maxAbs == 0) return 0;
        int k = Math.ILogB(maxAbs);
        var scaled = k == 0 ? a : a.Map(x => Math.ScaleB(x, -k));
        return Math.ScaleB(SpectralNorm.Top(scaled).Value, k);
    }
}
