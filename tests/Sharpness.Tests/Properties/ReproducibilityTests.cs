using Sharpness;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Flatness;

namespace Sharpness.Tests.Properties;

/// <summary>The property tests must see the same cases on every run, and bad input must be named.</summary>
public class ReproducibilityTests
{
    [Fact]
    public void Random_cases_are_a_pure_function_of_the_fixed_seed()
    {
        var first = new List<string>();
        var second = new List<string>();
        RandomCase.ForAll(50, c => first.Add($"{c} {string.Join(",", c.Point().ToVector())}"));
        RandomCase.ForAll(50, c => second.Add($"{c} {string.Join(",", c.Point().ToVector())}"));
        Assert.Equal(50, first.Count);
        Assert.Equal(first, second);
        Assert.True(first.Distinct().Count() > 40, "the generator should produce distinct cases");
    }

    [Fact]
    public void Non_finite_targets_are_refused_with_their_position()
    {
        var m = Matrix<double>.Build.Dense(2, 3);
        m[1, 2] = double.NaN;
        // changed by issue 11: the library's error contract (NonFiniteEntryException) instead of ArgumentException
        var ex = Assert.Throws<NonFiniteEntryException>(() => MinimalSharpness.Of(m, 2));
        Assert.Contains("row 1, column 2", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => MinimalSharpness.Of(Matrix<double>.Build.Dense(2, 2), 0));
    }
}
