using Sharpness.Dynamics;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Tests.Dynamics;

/// <summary>
/// The plain depth-2 batched products start each sum at its first term (one add fewer per output) only when no loaded
/// lane can tell: no +0 entry in its M and no −0 weight at its start. Each case runs a batch against the single-run
/// stepper bit for bit, with the first-term products on, and with a lane that turns them off (a −0 weight, an M with
/// +0 entries), and after that lane is cleared (on again).
/// </summary>
public class BatchedFirstTermTests
{
    public static TheoryData<int> Widths()
    {
        var data = new TheoryData<int>();
        foreach (var w in BatchedGdStepper.AvailableWidths) data.Add(w);
        return data;
    }

    [Fact]
    public void A_first_term_sum_differs_from_the_zero_start_sum_exactly_when_it_is_negative_zero()
    {
        // 2 × 3 times 3 × 2 on the scalar lane type; row 0 of A is +0 and column 0 of B negative: entry (0, 0) is a sum
        // of −0 terms, −0 from its first term but +0 from +0. Every other entry must agree to the bit.
        double[] a = [0.0, 0.0, 0.0, 0.3, -1.7, 2.9];
        double[] b = [-1.0, 0.25, -2.0, 1e-300, -3.0, -7.5];
        var zeroStart = new double[4];
        var firstTerm = new double[4];
        LaneKernels.Product<Lanes1, double, LaneOverwrite>(a, 0, 3, 1, b, 0, 2, 1, zeroStart, 0, 2, 3, 2, null);
        LaneKernels.Product<Lanes1, double, LaneOverwrite>(a, 0, 3, 1, b, 0, 2, 1, firstTerm, 0, 2, 3, 2, null, firstTerm: true);
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(zeroStart[0]));
        Assert.Equal(long.MinValue, BitConverter.DoubleToInt64Bits(firstTerm[0]));
        for (int e = 1; e < 4; e++) Assert.Equal(BitConverter.DoubleToInt64Bits(zeroStart[e]), BitConverter.DoubleToInt64Bits(firstTerm[e]));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void First_term_products_are_used_only_when_every_lane_allows_them_and_change_no_bit(int width)
    {
        var setting = EscapePresets.DepthTwo(3, 3, 5, seed: 2);
        var layout = setting.Layout;
        int count = layout.ParameterCount, last = layout.Offsets[1]; // W₂ (3 × 5) starts after W₁ (5 × 3)
        var v1 = setting.TopEigenvectorVector;
        double[] Offset(int variant) => v1.Select((x, i) => (1e-3 + 1e-4 * variant) * x).ToArray();
        double Eta(int variant) => 2 * (setting.Rho + 0.03 + 0.01 * variant) / setting.Lambda;

        // A −0 weight at the start: W* entry −0 and offset entry −0 (so W₀ = fl(−0 + −0) = −0).
        var negativeZeroStar = (double[])setting.MinimizerVector.Clone();
        negativeZeroStar[2] = -0.0;
        var negativeZeroOffset = Offset(7);
        negativeZeroOffset[2] = -0.0;
        // +0 entries in M: a zero row of W₂ gives a zero row of M = W₂W₁ (+0 from the +0 start).
        var zeroRowStar = (double[])setting.MinimizerVector.Clone();
        for (int e = last; e < last + 5; e++) zeroRowStar[e] = 0.0;

        foreach (var (star, offset, allows) in new[] { (setting.MinimizerVector, Offset(7), true), (negativeZeroStar, negativeZeroOffset, false), (zeroRowStar, Offset(7), false) })
        {
            var batch = BatchedGdStepper.Create(layout, deltaMode: false, width);
            var alone = new GdStepper[width];
            var stars = new double[width][];
            var etas = new double[width];
            for (int l = 0; l < width; l++)
            {
                // The case under test in the last lane, ordinary runs in the others.
                bool special = l == width - 1;
                stars[l] = special ? star : setting.MinimizerVector;
                var o = special ? offset : Offset(l);
                etas[l] = Eta(special ? 7 : l);
                batch.Load(l, stars[l], o, etas[l]);
                alone[l] = GdStepper.Create(layout, stars[l], deltaMode: false);
                alone[l].Start(o);
            }
            for (int k = 0; k < 40; k++)
            {
                if (k == 20 && width > 1)
                {
                    batch.Clear(width - 1); // the lane that forbade it leaves: every remaining lane allows it
                    alone[width - 1] = null!;
                }
                batch.Evaluate();
                bool expected = (k >= 20 && width > 1) || allows;
                Assert.Equal(expected, batch.UsesFirstTerm);
                for (int l = 0; l < width; l++)
                {
                    if (alone[l] is null) continue;
                    Assert.Equal(BitConverter.DoubleToInt64Bits(alone[l].Evaluate()), BitConverter.DoubleToInt64Bits(batch.Losses[l]));
                }
                batch.Step();
                for (int l = 0; l < width; l++) alone[l]?.Step(etas[l]);
            }
            for (int l = 0; l < width; l++)
            {
                if (alone[l] is null) continue;
                var expectedPoint = new double[count];
                var point = new double[count];
                alone[l].CopyPoint(expectedPoint);
                batch.CopyPoint(l, point);
                Assert.Equal(expectedPoint.Select(BitConverter.DoubleToInt64Bits), point.Select(BitConverter.DoubleToInt64Bits));
            }
        }
    }
}
