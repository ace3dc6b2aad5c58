using System.Runtime.Intrinsics;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Tests.Dynamics;

/// <summary>
/// The batched plain step stores E = P − M as the last forward product is stored (<see cref="LaneSubtractExisting"/>,
/// the product reading M from its <c>existing</c> buffer) instead of storing P and subtracting M in a second pass.
/// Both must give the same bits in every lane, at every width, on every block path of the product (an odd shape
/// reaches the 5-, 4-, 2- and 1-row blocks and the column remainders), with and without first-term sums, for values
/// that make rounding and signs matter: −0 and +0 in P and M, ∞, NaN, subnormals.
/// </summary>
public class LaneProductExistingTests
{
    public static TheoryData<int> Widths()
    {
        var data = new TheoryData<int>();
        foreach (var w in BatchedGdStepper.AvailableWidths) data.Add(w);
        return data;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Subtracting_as_the_product_is_stored_equals_subtracting_afterwards(int width)
    {
        switch (width)
        {
            case 8: Check<Lanes8, Vector512<double>>(); break;
            case 4: Check<Lanes4, Vector256<double>>(); break;
            default: Check<Lanes1, double>(); break;
        }
    }

    [Fact]
    public void The_check_tells_the_two_subtraction_orders_apart()
    {
        // If the sink computed M − P instead of P − M, the comparison above would fail: here it does on one lane.
        double[] a = [1.5], b = [2.0], m = [1.0];
        var fused = new double[1];
        LaneKernels.Product<Lanes1, double, LaneSubtractExisting>(a, 0, 1, 1, b, 0, 1, 1, fused, 0, 1, 1, 1, null, existing: m);
        Assert.Equal(2.0, fused[0]); // 1.5·2 − 1
        Assert.NotEqual(BitConverter.DoubleToInt64Bits(m[0] - 3.0), BitConverter.DoubleToInt64Bits(fused[0]));
    }

    private static void Check<TL, TV>() where TL : ILanes<TV> where TV : struct
    {
        int w = TL.Width;
        const int rows = 7, inner = 3, cols = 6, aOff = 2, bOff = 1, oOff = 3;
        var rnd = new Random(5);
        double[] specials = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -4.9e-320, 1e308];
        double Draw() => rnd.Next(6) == 0 ? specials[rnd.Next(specials.Length)] : Math.Round(rnd.NextDouble() * 8 - 4, 3);
        double[] Filled(int elements) => Enumerable.Range(0, elements * w).Select(_ => Draw()).ToArray();
        var a = Filled(aOff + rows * inner);
        var b = Filled(bOff + inner * cols);
        var m = Filled(oOff + rows * cols);
        // Rows of A at +0 and −0 make whole output rows ±0 (the first-term sum of −0 terms is −0), against M's ±0.
        for (int p = 0; p < inner; p++)
            for (int l = 0; l < w; l++)
            {
                a[(aOff + 0 * inner + p) * w + l] = 0.0;
                a[(aOff + 1 * inner + p) * w + l] = -0.0;
            }
        // Output (1, 0): a first-term sum of −0 terms (B's column 0 positive) is −0, and −0 − (+0) = −0 where
        // +0 − (+0) = +0: the signs of zeros must survive the fusion.
        for (int p = 0; p < inner; p++)
            for (int l = 0; l < w; l++) b[(bOff + p * cols) * w + l] = 1.25 + p;
        for (int l = 0; l < w; l++) { m[(oOff + cols) * w + l] = 0.0; m[(oOff + cols + 1) * w + l] = -0.0; }
        foreach (bool firstTerm in new[] { false, true })
        {
            var twoPass = Filled(oOff + rows * cols);
            var fused = (double[])twoPass.Clone();
            LaneKernels.Product<TL, TV, LaneOverwrite>(a, aOff, inner, 1, b, bOff, cols, 1, twoPass, oOff, rows, inner, cols, null, firstTerm);
            LaneKernels.Subtract<TL, TV>(twoPass, oOff, m, oOff, twoPass, oOff, rows * cols);
            LaneKernels.Product<TL, TV, LaneSubtractExisting>(a, aOff, inner, 1, b, bOff, cols, 1, fused, oOff, rows, inner, cols, null, firstTerm, m);
            for (int i = 0; i < twoPass.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(twoPass[i]) == BitConverter.DoubleToInt64Bits(fused[i]),
                    $"width {w}, first term {firstTerm}: double {i} is {fused[i]:R} fused but {twoPass[i]:R} in two passes");
        }
    }
}
