using MathNet.Numerics.LinearAlgebra;
using Sharpness.Data;
using Sharpness.Model;

namespace Sharpness.Tests.Data;

/// <summary>Bad data gives one typed exception whose one-line message names the problem (shape, entry, domain).</summary>
public class DataBadInputTests
{
    private static readonly DeepFactorization Point = TestData.RandomFactorization(new Random(1), 3, 4, 2);

    [Fact]
    public void Inputs_that_do_not_chain_with_the_first_layer()
    {
        var data = RegressionData.FromSamples(TestData.Gaussian(new Random(2), 5, 8), TestData.Gaussian(new Random(3), 2, 8));
        var e = Assert.Throws<ShapeMismatchException>(() => new DataLoss(Point, data));
        Assert.Contains("n = 5 features", e.Message);
        Assert.Contains("W1 is 4×3", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Outputs_of_the_wrong_height_or_sample_count()
    {
        var x = TestData.Gaussian(new Random(2), 3, 8);
        var tall = RegressionData.FromSamples(x, TestData.Gaussian(new Random(3), 3, 8));
        var e = Assert.Throws<ShapeMismatchException>(() => DataSharpness.Of(Point, tall));
        Assert.Contains("m = 3", e.Message);
        Assert.Contains("W2 is 2×4", e.Message);

        var short_ = Assert.Throws<ShapeMismatchException>(() => RegressionData.FromSamples(x, TestData.Gaussian(new Random(3), 2, 7)));
        Assert.Contains("8 samples", short_.Message);
        Assert.Contains("7 samples", short_.Message);
    }

    [Fact]
    public void Samples_in_the_other_layout_are_caught_by_the_shapes()
    {
        // 8 samples of 3 features given as columns (3 × 8) but declared as rows: 3 samples of 8 features.
        var x = TestData.Gaussian(new Random(2), 3, 8);
        var y = Point.Product() * x;
        var e = Assert.Throws<ShapeMismatchException>(() => DataSharpness.Of(Point, RegressionData.FromSamples(x, y, SampleLayout.Rows)));
        Assert.Contains("samples as rows", e.Message);
        // With as many outputs as inputs the sample counts agree, and the first layer catches it.
        var square = Assert.Throws<ShapeMismatchException>(() => DataSharpness.Of(Point, RegressionData.FromSamples(x, TestData.Gaussian(new Random(4), 3, 8), SampleLayout.Rows)));
        Assert.Contains("n = 8 features", square.Message);
        Assert.True(DataSharpness.Of(Point, RegressionData.FromSamples(x.Transpose(), y.Transpose(), SampleLayout.Rows)).IsExact);
    }

    [Fact]
    public void NaN_in_X_names_the_entry()
    {
        var x = TestData.Gaussian(new Random(2), 3, 8);
        x[1, 5] = double.NaN;
        var e = Assert.Throws<NonFiniteEntryException>(() => RegressionData.FromSamples(x, TestData.Gaussian(new Random(3), 2, 8)));
        Assert.Contains("inputs X", e.Message);
        Assert.Equal((1, 5), (e.Row, e.Column));
        var s = Matrix<double>.Build.DenseIdentity(3);
        s[0, 0] = double.PositiveInfinity;
        Assert.Throws<NonFiniteEntryException>(() => RegressionData.FromCovariance(s, TestData.Gaussian(new Random(3), 2, 3)));
    }

    [Fact]
    public void A_covariance_that_no_samples_give()
    {
        var c = TestData.Gaussian(new Random(3), 2, 3);
        var asym = Matrix<double>.Build.DenseIdentity(3);
        asym[0, 1] = 0.5;
        Assert.Contains("not symmetric", Assert.Throws<OutsideDomainException>(() => RegressionData.FromCovariance(asym, c)).Message);
        var indefinite = TestData.Diag(1, -1, 2);
        Assert.Contains("not positive semidefinite", Assert.Throws<OutsideDomainException>(() => RegressionData.FromCovariance(indefinite, c)).Message);
        var singular = TestData.Diag(1, 1, 0);
        Assert.Contains("outside the span", Assert.Throws<OutsideDomainException>(() => RegressionData.FromCovariance(singular, c)).Message);
        Assert.Contains("m × n with n = 3", Assert.Throws<ShapeMismatchException>(() => RegressionData.FromCovariance(singular, TestData.Gaussian(new Random(3), 2, 4))).Message);
        Assert.Contains("square", Assert.Throws<ShapeMismatchException>(() => RegressionData.FromCovariance(TestData.Gaussian(new Random(3), 2, 3), c)).Message);
        Assert.Contains("all zero", Assert.Throws<OutsideDomainException>(() => RegressionData.FromSamples(Matrix<double>.Build.Dense(3, 4), Matrix<double>.Build.Dense(2, 4))).Message);
        // Consistent rank-deficient moments are accepted.
        var x = TestData.Gaussian(new Random(4), 3, 2);
        Assert.Equal(2, RegressionData.FromCovariance(x * x.Transpose(), c.SubMatrix(0, 2, 0, 2) * x.Transpose()).Rank);
    }
}
