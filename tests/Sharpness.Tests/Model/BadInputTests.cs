using Sharpness;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Model;

/// <summary>Bad input fails loudly, with a message that names the problem (house rule: never a silent wrong number).</summary>
public class BadInputTests
{
    private static Matrix<double> Ones(int rows, int cols) => Matrix<double>.Build.Dense(rows, cols, 1.0);

    [Fact]
    public void Layers_that_do_not_chain_name_both_layers_and_shapes()
    {
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        var ex = Assert.Throws<ShapeMismatchException>(() => new DeepFactorization(Ones(3, 2), Ones(4, 5)));
        Assert.Contains("W1 and W2", ex.Message);
        Assert.Contains("3×2", ex.Message);
        Assert.Contains("4×5", ex.Message);
    }

    [Fact]
    public void Layers_that_do_not_chain_deeper_in_name_the_right_pair()
    {
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        var ex = Assert.Throws<ShapeMismatchException>(() => new DeepFactorization(Ones(3, 2), Ones(4, 3), Ones(2, 5)));
        Assert.Contains("W2 and W3", ex.Message);
        Assert.Contains("4×3", ex.Message);
        Assert.Contains("2×5", ex.Message);
    }

    [Fact]
    public void Left_and_right_with_different_inner_widths_name_both_shapes()
    {
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        var ex = Assert.Throws<ShapeMismatchException>(() => DeepFactorization.FromLeftRight(Ones(3, 2), Ones(4, 5)));
        Assert.Contains("3×2", ex.Message);
        Assert.Contains("4×5", ex.Message);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Non_finite_layer_entry_is_named_with_its_layer_and_position(double bad, string shown)
    {
        var w2 = Ones(3, 3);
        w2[1, 2] = bad;
        // changed by issue 11: the library's error contract (NonFiniteEntryException) instead of ArgumentException
        var ex = Assert.Throws<NonFiniteEntryException>(() => new DeepFactorization(Ones(3, 2), w2));
        Assert.Contains("W2", ex.Message);
        Assert.Contains("row 1, column 2", ex.Message);
        Assert.Contains(shown, ex.Message);
    }

    [Fact]
    public void Non_finite_target_entry_is_named_with_its_position()
    {
        var m = Ones(2, 2);
        m[0, 1] = double.NaN;
        // changed by issue 11: the library's error contract (NonFiniteEntryException) instead of ArgumentException
        var ex = Assert.Throws<NonFiniteEntryException>(() => new FactorizationLoss(F2, m));
        Assert.Contains("target", ex.Message);
        Assert.Contains("row 0, column 1", ex.Message);
        // changed by issue 11: the library's error contract (NonFiniteEntryException) instead of ArgumentException
        var viaSharpness = Assert.Throws<NonFiniteEntryException>(() => ExactSharpness.Of(F2, m));
        Assert.Contains("row 0, column 1", viaSharpness.Message);
    }

    [Fact]
    public void Target_of_the_wrong_shape_names_both_shapes()
    {
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        var ex = Assert.Throws<ShapeMismatchException>(() => ExactSharpness.Of(F2, Ones(3, 2)));
        Assert.Contains("3×2", ex.Message);
        Assert.Contains("2×2", ex.Message);
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        Assert.Throws<ShapeMismatchException>(() => new FactorizationLoss(F2, Ones(2, 3)));
    }

    [Theory]
    [InlineData(SharpnessRoute.DepthOne, "depth 1")]
    [InlineData(SharpnessRoute.ScalarChain, "widths 1")]
    [InlineData(SharpnessRoute.VectorWidthScalar, "d_0 = d_N = 1")]
    [InlineData(SharpnessRoute.DepthTwo, "depth 2")]
    public void Forcing_a_route_that_does_not_apply_says_why(SharpnessRoute route, string reason)
    {
        // changed by issue 11: the library's error contract (OutsideDomainException) instead of ArgumentException
        var ex = Assert.Throws<OutsideDomainException>(() =>
            ExactSharpness.Of(F7, options: new ExactSharpnessOptions { Route = route }));
        Assert.Contains(route.ToString(), ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Zero_loss_formula_at_a_nonzero_residual_throws_with_the_residual()
    {
        var target = 2 * F4.Product();
        // changed by issue 11: the library's error contract (NotZeroLossException) instead of NonzeroResidualException
        var ex = Assert.Throws<NotZeroLossException>(() => ExactSharpness.Of(F4, target));
        Assert.Contains("zero-loss", ex.Message);
        Assert.Contains("AllowNonzeroResidual", ex.Message);
        AssertRel(0.5, ex.RelativeResidual, 1e-14, "relative residual ‖P − 2P‖/‖2P‖");
        var allowed = ExactSharpness.Of(F4, target, new ExactSharpnessOptions { AllowNonzeroResidual = true });
        Assert.False(allowed.ZeroLoss);
    }

    [Fact]
    public void Direction_of_the_wrong_shape_names_the_layer()
    {
        var loss = FactorizationLoss.AtOwnProduct(F7);
        var wrong = new DeepFactorization(Ones(2, 2), Ones(3, 2), Ones(2, 3));
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        var ex = Assert.Throws<ShapeMismatchException>(() => loss.HessianTimes(wrong));
        Assert.Contains("W2", ex.Message);
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        var depth = Assert.Throws<ShapeMismatchException>(() => loss.HessianTimes(F2));
        Assert.Contains("Depth mismatch", depth.Message);
    }

    [Fact]
    public void Parameter_vector_of_the_wrong_length_names_both_lengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => DeepFactorization.FromVector([2, 3, 1], new double[5]));
        Assert.Contains("5 entries", ex.Message);
        Assert.Contains("9", ex.Message);
    }

    [Fact]
    public void Lanczos_rejects_a_bad_count_and_a_bad_start_vector()
    {
        var op = new DelegateOperator(4, (x, y) => x.CopyTo(y));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lanczos.Largest(op, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lanczos.Largest(op, 0));
        var ex = Assert.Throws<ArgumentException>(() => Lanczos.Largest(op, 1, new LanczosOptions { StartVector = new double[3] }));
        Assert.Contains("length 3", ex.Message);
        Assert.Throws<ArgumentException>(() => Lanczos.Largest(op, 1, new LanczosOptions { StartVector = new double[4] }));
        Assert.Throws<ArgumentException>(() => Lanczos.Largest(op, 1, new LanczosOptions { StartVector = [1, double.NaN, 0, 0] }));
    }

    [Fact]
    public void Dense_hessian_refuses_a_huge_parameter_count_and_points_to_lanczos()
    {
        var big = new DeepFactorization(Matrix<double>.Build.Dense(80, 80), Matrix<double>.Build.Dense(80, 80));
        // changed by issue 11: the library's error contract (OutsideDomainException) instead of ArgumentException
        var ex = Assert.Throws<OutsideDomainException>(() => DenseHessian.Of(FactorizationLoss.AtOwnProduct(big)));
        Assert.Contains("HessianLanczos", ex.Message);
    }

    [Fact]
    public void Layer_numbers_are_one_based_and_checked()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => F7.Layer(0));
        Assert.Contains("1 to N = 3", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => F7.LeftFactor(4));
    }
}
