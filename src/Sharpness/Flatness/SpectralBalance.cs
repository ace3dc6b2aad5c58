using System.Globalization;
using Sharpness.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Flatness;

/// <summary>
/// Spectral-norm balance of a zero-loss point (theory §2.8): the products p_i = ‖A_i‖₂‖B_i‖₂ and the two readings of
/// "spectral-norm balanced":
/// <list type="bullet">
/// <item>SB-w (weak): p_i = c for all i (constant product);</item>
/// <item>SB-s (strong): p_i = ‖M‖₂^{(N−1)/N} for all i.</item>
/// </list>
/// At every zero-loss point Π_i p_i ≥ ‖M‖₂^{N−1}, so SB-w forces c ≥ ‖M‖₂^{(N−1)/N}. SB-s is sufficient for flatness at
/// any depth and equivalent to it at depth 2 and for scalar chains; SB-w is not sufficient (F2, F7) and SB-s is not
/// necessary at depth ≥ 3 (F6).
/// </summary>
public sealed class SpectralBalance
{
    private SpectralBalance(double[] products, double strongLevel, double tolerance)
    {
        Products = products;
        StrongLevel = strongLevel;
        Tolerance = tolerance;
        double max = products.Max(), min = products.Min();
        Spread = max == 0 ? 0 : (max - min) / max;
        IsWeak = Spread <= tolerance;
        double scale = Math.Max(strongLevel, max);
        IsStrong = products.All(p => Math.Abs(p - strongLevel) <= tolerance * scale);
    }

    /// <summary>p_i = ‖A_i‖₂‖B_i‖₂ for i = 1..N (0-based list).</summary>
    public IReadOnlyList<double> Products { get; }

    /// <summary>‖M‖₂^{(N−1)/N}: the level SB-s asks for (1 at depth 1).</summary>
    public double StrongLevel { get; }

    /// <summary>Relative tolerance used for both tests.</summary>
    public double Tolerance { get; }

    /// <summary>(max p_i − min p_i)/max p_i (0 when all products vanish).</summary>
    public double Spread { get; }

    /// <summary>SB-w: all products equal within the relative tolerance.</summary>
    public bool IsWeak { get; }

    /// <summary>SB-s: all products equal ‖M‖₂^{(N−1)/N} within the relative tolerance.</summary>
    public bool IsStrong { get; }

    /// <summary>Balance of <paramref name="point"/> against <paramref name="target"/> (default: its own product).</summary>
    /// <exception cref="NotZeroLossException">The point is not a zero-loss point of the target.</exception>
    public static SpectralBalance Of(DeepFactorization point, Matrix<double>? target = null, double relativeTolerance = FlatnessVerdict.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (!(relativeTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "The tolerance must be non-negative.");
        return Of(ZeroLossPoint.Create(point, target, formula: "Spectral-norm balance (SB-w/SB-s)"), relativeTolerance);
    }

    /// <summary>Balance of a validated zero-loss point.</summary>
    public static SpectralBalance Of(ZeroLossPoint zeroLoss, double relativeTolerance = FlatnessVerdict.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(zeroLoss);
        if (!(relativeTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "The tolerance must be non-negative.");
        int n = zeroLoss.Depth;
        double level = n == 1 ? 1 : Math.Pow(TargetSvd.Of(zeroLoss).Largest, (n - 1.0) / n);
        return new SpectralBalance(ProductsOf(zeroLoss.Scaling), level, relativeTolerance);
    }

    /// <summary>p_i = ‖A_i‖₂‖B_i‖₂ at any point, computed on the unit-scaled layers and scaled back exactly.</summary>
    public static double[] ProductsOf(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return ProductsOf(UnitScaling.Of(point));
    }

    private static double[] ProductsOf(UnitScaling scaling)
    {
        var unit = scaling.Unit;
        var f = unit.Factors;
        int n = scaling.Depth;
        // A_{N−1} = W_N and B_2 = W_1 are single layers: their norms are the point's cached ones (the same numbers,
        // computed once per report).
        double Left(int i) => n >= 2 && i == n - 2 ? unit.LayerTop(n - 1).Value : SpectralNorm.Top(f.Left[i]).Value;
        double Right(int i) => n >= 2 && i == 1 ? unit.LayerTop(0).Value : SpectralNorm.Top(f.Right[i]).Value;
        return Enumerable.Range(0, n)
            .Select(i => scaling.ScaleBack(Left(i) * Right(i), ScalingPower.FactorProduct))
            .ToArray();
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"products ({string.Join(", ", Products.Select(p => p.ToString("G6", CultureInfo.InvariantCulture)))}), ‖M‖^((N−1)/N) = {StrongLevel:G6}: SB-w {(IsWeak ? "holds" : "fails")}, SB-s {(IsStrong ? "holds" : "fails")}");
}
