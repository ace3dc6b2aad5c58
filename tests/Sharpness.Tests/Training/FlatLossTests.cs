using MathNet.Numerics.LinearAlgebra;
using Sharpness.Dynamics.Flat;
using Sharpness.Model;
using Sharpness.Training;
using Sharpness.Verification;

namespace Sharpness.Tests.Training;

/// <summary>The flat forward-over-reverse HVP and gradient against FactorizationLoss (an independent implementation:
/// MathNet products and explicit δA/δB recursions) and the dense Hessian, at points off zero loss.</summary>
public class FlatLossTests
{
    public static TheoryData<int[]> Shapes => new() { new[] { 3, 4 }, new[] { 3, 4, 2 }, new[] { 2, 3, 4, 5, 2 }, new[] { 1, 1, 1, 1 }, new[] { 1, 3, 2, 1 }, new[] { 4, 2, 3 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gradient_and_hessian_vector_product_match_the_factorization_loss(int[] widths)
    {
        var rng = new Random(widths.Sum());
        for (int trial = 0; trial < 5; trial++)
        {
            var point = TestData.RandomFactorization(rng, widths);
            var target = TestData.Gaussian(rng, widths[^1], widths[0]);
            var reference = new FactorizationLoss(point, target);
            var flat = new FlatLoss(new FlatLayout(widths), HessianOperator.RowMajor(target));
            var w = point.ToVector();
            double loss = flat.Evaluate(w);
            Assert.Equal(reference.Value, loss, 1e-12 * Math.Max(1, reference.Value));

            var g = new double[w.Length];
            flat.Gradient(g);
            AssertClose(reference.Gradient().ToVector(), g, 1e-12);

            var u = TestData.RandomFactorization(rng, widths);
            var y = new double[w.Length];
            flat.HessianTimes(u.ToVector(), y);
            AssertClose(reference.HessianTimes(u).ToVector(), y, 1e-12);
        }
    }

    [Fact]
    public void Hessian_operator_reproduces_the_dense_hessian_off_zero_loss()
    {
        var rng = new Random(7);
        var point = TestData.RandomFactorization(rng, 3, 4, 2, 3);
        var target = TestData.Gaussian(rng, 3, 3);
        var dense = DenseHessian.Of(new FactorizationLoss(point, target));
        var op = new HessianOperator(point, target);
        var e = new double[op.Dimension];
        var column = new double[op.Dimension];
        double max = 0;
        for (int j = 0; j < op.Dimension; j++)
        {
            e[j] = 1;
            op.Apply(e, column);
            e[j] = 0;
            for (int i = 0; i < op.Dimension; i++) max = Math.Max(max, Math.Abs(column[i] - dense[i, j]));
        }
        Assert.True(max <= 1e-12 * dense.FrobeniusNorm(), $"max |H_flat − H_dense| = {max:G3}");
    }

    internal static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-300, expected.Max(Math.Abs));
        double worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= relative * scale, $"max difference {worst:G3} > {relative:G3} × {scale:G3}");
    }
}
