using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Tests.LinearAlgebra;

/// <summary>
/// <see cref="PowerOfTwo.ProductCannotUnderflow"/>, the grain argument that lets <c>analyze</c> skip its second,
/// unit-scale product: whenever it says "cannot underflow", the product of the layers must carry every digit. The
/// independent reference is the same product of the layers scaled up by 2^(900/N) each (exact, and far from underflow):
/// scaled back up, the original-scale product must equal it bit for bit.
/// </summary>
public class ProductUnderflowTests
{
    // The reference scales each layer by 2^Up(N): N·Up ≤ 900 keeps it finite; its smallest ulps stay above 2^-1074.
    private static int Up(int depth) => 900 / depth;

    // Entries ±(1 + u)·2^e with e uniform in [top − 40, top]: products of N layers whose tops sum to below −1022
    // underflow.
    private static Matrix<double> Layer(Random rng, int rows, int columns, int top) =>
        Matrix<double>.Build.Dense(rows, columns, (_, _) =>
            (rng.Next(2) == 0 ? -1 : 1) * Math.ScaleB(1 + rng.NextDouble(), top - rng.Next(0, 41)));

    private static Matrix<double> Product(IReadOnlyList<Matrix<double>> layers)
    {
        var p = layers[0];
        for (int i = 1; i < layers.Count; i++) p = layers[i] * p; // MathNet's managed product (sizes far below the native threshold)
        return p;
    }

    private static bool Lossless(IReadOnlyList<Matrix<double>> layers)
    {
        var original = Product(layers);
        int upBy = Up(layers.Count);
        var up = layers.Select(w => w.Map(x => Math.ScaleB(x, upBy))).ToArray();
        Assert.True(PowerOfTwo.ProductCannotUnderflow(up)); // the reference itself carries every digit
        var reference = Product(up);
        var back = original.Map(x => Math.ScaleB(x, upBy * layers.Count)); // exact: scaling up never rounds here
        return back.AsColumnMajorArray().AsSpan().SequenceEqual(reference.AsColumnMajorArray());
    }

    [Fact]
    public void Whenever_the_grain_test_passes_the_product_lost_no_digit_and_lossy_products_occur_where_it_fails()
    {
        var rng = new Random(20261202);
        int passed = 0, lossy = 0;
        for (int trial = 0; trial < 600; trial++)
        {
            int depth = 2 + rng.Next(2);
            var widths = Enumerable.Range(0, depth + 1).Select(_ => 1 + rng.Next(4)).ToArray();
            // The layers' top exponents sum to −850 … −1150: around the edge where the products' digits reach 2^-1074.
            int total = -rng.Next(850, 1151), first = total * rng.Next(1, 100) / 100;
            int[] tops = depth == 2 ? [first, total - first] : [first / 2, first - first / 2, total - first];
            var layers = Enumerable.Range(0, depth).Select(i => Layer(rng, widths[i + 1], widths[i], tops[i])).ToArray();
            bool lossless = Lossless(layers);
            if (PowerOfTwo.ProductCannotUnderflow(layers))
            {
                passed++;
                Assert.True(lossless, $"trial {trial}: the test passed but the product lost digits to underflow");
            }
            if (!lossless) lossy++;
        }
        // Not vacuous: both outcomes occur often in the sample (the test must be able to fail).
        Assert.True(passed >= 50 && lossy >= 50, $"{passed} passed the grain test, {lossy} lost digits");
    }

    [Fact]
    public void The_three_identities_times_1e_300_fail_and_ordinary_layers_pass()
    {
        var tiny = Matrix<double>.Build.DenseIdentity(3) * 1e-300;
        Assert.False(PowerOfTwo.ProductCannotUnderflow([tiny, tiny, tiny])); // 1e-900 underflows to 0
        Assert.True(PowerOfTwo.ProductCannotUnderflow([tiny])); // one layer: no product is computed
        var rng = new Random(3);
        var ordinary = TestData.RandomFactorization(rng, 30, 20, 40, 10);
        Assert.True(PowerOfTwo.ProductCannotUnderflow(ordinary.Layers));
        Assert.True(UnitScaling.ProductsCannotUnderflow(ordinary));
        // A zero layer makes the product exactly 0: nothing to lose.
        Assert.True(PowerOfTwo.ProductCannotUnderflow([tiny, Matrix<double>.Build.Dense(3, 3), tiny]));
    }

    [Fact]
    public void A_shift_is_the_same_test_on_the_layers_scaled_by_two_to_the_minus_shift()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            var layers = Enumerable.Range(0, 3).Select(_ => Layer(rng, 3, 3, -rng.Next(0, 260))).ToArray();
            int shift = rng.Next(-200, 200);
            var scaled = layers.Select(w => w.Map(x => Math.ScaleB(x, -shift))).ToArray();
            // Entries stay within 2^-500 … 2^201 here, so the scaled copy is exact.
            Assert.Equal(PowerOfTwo.ProductCannotUnderflow(scaled), PowerOfTwo.ProductCannotUnderflow(layers, shift));
        }
    }

    [Fact]
    public void Subnormal_entries_count_with_the_smallest_ulp()
    {
        var sub = Matrix<double>.Build.Dense(1, 1, double.Epsilon * 8); // 2^-1071, a subnormal: ulp 2^-1074
        var one = Matrix<double>.Build.Dense(1, 1, 1.0); // ulp 2^-52
        Assert.False(PowerOfTwo.ProductCannotUnderflow([sub, one])); // −1074 − 52 < −1074
        Assert.True(PowerOfTwo.ProductCannotUnderflow([sub, Matrix<double>.Build.Dense(1, 1, Math.ScaleB(1.0, 60))])); // q = 8 > 0 counts as 0
    }
}
