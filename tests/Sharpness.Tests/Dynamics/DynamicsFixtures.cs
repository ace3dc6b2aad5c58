using Sharpness.Dynamics;

namespace Sharpness.Tests.Dynamics;

/// <summary>Settings shared by the Dynamics tests, built once (each builds an exact sharpness and v₁).</summary>
internal static class DynamicsFixtures
{
    private static readonly Lazy<EscapeSetting> LazyF4 = new(() => new EscapeSetting(TestData.F4, 1e-15, "F4"));
    private static readonly Lazy<EscapeSetting> LazyF8 = new(() => new EscapeSetting(TestData.F8, 1e-12, "F8"));
    private static readonly Lazy<EscapeSetting> LazyDepthTwo = new(() => EscapePresets.DepthTwo(10, 20, 20, seed: 1));
    private static readonly Lazy<EscapeSetting> LazyChain = new(() => EscapePresets.ScalarChain(seed: 2));

    /// <summary>F4 (theory §5 check 11) with ε = 1e-15.</summary>
    public static EscapeSetting F4Setting => LazyF4.Value;

    /// <summary>F8 (theory §5 check 22) with ε = 1e-12.</summary>
    public static EscapeSetting F8Setting => LazyF8.Value;

    /// <summary>The (10×20, 20×20) figure setting, seed 1, ε = 1e-15.</summary>
    public static EscapeSetting DepthTwo => LazyDepthTwo.Value;

    /// <summary>The 15-layer scalar chain, seed 2, ε = 1e-12.</summary>
    public static EscapeSetting Chain => LazyChain.Value;

    /// <summary>ln(δ/ε)/ln(2c − 1), written out here from theory §3.1 (not taken from the code under test).</summary>
    public static double Prediction(double c, double epsilon, double delta) => Math.Log(delta / epsilon) / Math.Log(2 * c - 1);

    public static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);
}
