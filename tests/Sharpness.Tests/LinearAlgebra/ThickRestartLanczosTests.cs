using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Tests.Verification;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.LinearAlgebra;

/// <summary>
/// Issue 16 item 11: thick-restart Lanczos (<see cref="LanczosOptions.RestartLength"/>) with a tiny basis against
/// MathNet's dense eigensolver, the unrestarted run, the dense Hessian and the exact closed form; the basis it holds
/// is bounded by the restart length.
/// </summary>
public class ThickRestartLanczosTests
{
    private static ISymmetricOperator Wrap(Matrix<double> a) =>
        new DelegateOperator(a.RowCount, (x, y) =>
        {
            var r = a * Vector<double>.Build.DenseOfArray(x.ToArray());
            r.AsArray().CopyTo(y);
        });

    private static LanczosOptions Restarted(int length) =>
        LanczosOptions.Default with { RestartLength = length, MaxIterations = 5000 };

    [Theory]
    [InlineData(1, 120, 6, 1)]
    [InlineData(2, 200, 8, 2)]
    [InlineData(3, 90, 5, 3)]
    public void A_tiny_basis_finds_the_same_extreme_eigenvalues_as_the_dense_solver(int seed, int n, int restart, int count)
    {
        var g = Gaussian(new Random(seed), n, n);
        var a = 0.5 * (g + g.Transpose());
        var dense = Reference.Eigenvalues(a); // largest first
        double scale = dense.Max(Math.Abs);

        var largest = Lanczos.Largest(Wrap(a), count, Restarted(restart));
        var smallest = Lanczos.Smallest(Wrap(a), count, Restarted(restart));

        Assert.True(largest.Converged && smallest.Converged, $"converged: {largest.Converged}, {smallest.Converged}");
        Assert.True(largest.Restarts > 0, "the run restarted (otherwise this tests the unrestarted code)");
        Assert.True(largest.BasisBytes <= (long)restart * n * sizeof(double), $"basis {largest.BasisBytes} bytes");
        for (int k = 0; k < count; k++)
        {
            Assert.True(Math.Abs(largest.Pairs[k].Value - dense[k]) <= 1e-10 * scale, $"largest {k}: {largest.Pairs[k].Value:R} vs {dense[k]:R}");
            Assert.True(Math.Abs(smallest.Pairs[k].Value - dense[^(k + 1)]) <= 1e-10 * scale, $"smallest {k}: {smallest.Pairs[k].Value:R} vs {dense[^(k + 1)]:R}");
            var v = Vector<double>.Build.DenseOfArray(largest.Pairs[k].Vector);
            double residual = (a * v - largest.Pairs[k].Value * v).L2Norm();
            Assert.True(Math.Abs(residual - largest.Pairs[k].Residual) <= 1e-12 * scale, "reported residual is the true one");
            Assert.True(residual <= 1e-8 * scale, $"residual {residual:G3}");
        }
    }

    [Fact]
    public void A_wrong_value_is_caught_by_the_same_check()
    {
        // The comparison above can fail: with too few steps the restarted run has not reached the top eigenvalue.
        var g = Gaussian(new Random(4), 200, 200);
        var a = 0.5 * (g + g.Transpose());
        var early = Lanczos.Largest(Wrap(a), 1, LanczosOptions.Default with { RestartLength = 5, MaxIterations = 6 });
        Assert.False(early.Converged);
        Assert.True(Math.Abs(early.Top.Value - Reference.Eigenvalues(a)[0]) > 1e-6);
    }

    [Fact]
    public void The_hessian_check_with_a_tiny_basis_agrees_with_the_dense_hessian_and_the_closed_form()
    {
        // Depth 3, widths 4-5-3-4 (P = 47): a zero-loss point, so λmax(H) = λmax(K) (ExactSharpness, its own route).
        var point = RandomFactorization(new Random(11), 4, 5, 3, 4);
        var loss = FactorizationLoss.AtOwnProduct(point);
        var dense = HessianSpectrum.Of(loss).Largest;
        var exact = ExactSharpness.Of(point).Value;
        var restarted = HessianLanczos.Largest(loss, 1, Restarted(6));
        var plain = HessianLanczos.Largest(loss);

        Assert.True(restarted.Restarts > 0);
        AssertRel(dense, restarted.Top.Value, 1e-11, "restarted vs dense Hessian");
        AssertRel(exact, restarted.Top.Value, 1e-11, "restarted vs exact λmax(K)");
        AssertRel(plain.Top.Value, restarted.Top.Value, 1e-11, "restarted vs unrestarted");
    }

    [Fact]
    public void Same_seed_same_bits()
    {
        var g = Gaussian(new Random(5), 80, 80);
        var a = 0.5 * (g + g.Transpose());
        var first = Lanczos.Largest(Wrap(a), 2, Restarted(7));
        var second = Lanczos.Largest(Wrap(a), 2, Restarted(7));
        Assert.Equal(first.Pairs.Select(p => p.Value), second.Pairs.Select(p => p.Value));
        Assert.Equal(first.Top.Vector, second.Top.Vector);
        Assert.Equal(first.Iterations, second.Iterations);
    }

    [Fact]
    public void Few_distinct_eigenvalues_and_the_identity_are_handled_through_restarts()
    {
        double[] spectrum = [4, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        var a = Reference.SymmetricWithSpectrum(new Random(9), spectrum);
        var result = Lanczos.Largest(Wrap(a), 3, Restarted(5));
        Assert.All(result.Pairs, p => Assert.Equal(4.0, p.Value, 12));
        var identity = new DelegateOperator(30, (x, y) => { for (int i = 0; i < x.Length; i++) y[i] = 2.5 * x[i]; });
        Assert.Equal(2.5, Lanczos.Largest(identity, 1, Restarted(4)).Top.Value, 14);
    }

    [Fact]
    public void An_unreached_restart_length_changes_nothing()
    {
        var g = Gaussian(new Random(6), 60, 60);
        var a = 0.5 * (g + g.Transpose());
        var plain = Lanczos.Largest(Wrap(a), 1);
        var unreached = Lanczos.Largest(Wrap(a), 1, LanczosOptions.Default with { RestartLength = LanczosOptions.Default.MaxIterations });
        Assert.Equal(plain.Top.Value, unreached.Top.Value);
        Assert.Equal(plain.Top.Vector, unreached.Top.Vector);
        Assert.Equal(0, unreached.Restarts);
    }

    [Fact]
    public void The_plan_keeps_the_basis_of_a_ten_million_parameter_check_within_half_the_memory()
    {
        // P = 10⁷ (one 1000 × 10000 layer and a 1 × 1000 one); no product is formed, only the sizes are planned.
        var point = new DeepFactorization(Matrix<double>.Build.Dense(1000, 10_000), Matrix<double>.Build.Dense(1, 1000));
        Assert.True(point.ParameterCount > 10_000_000);
        long available = 4L << 30;
        int vectors = VerificationPlan.BasisVectorsFor(point, available);
        Assert.InRange(vectors, VerificationPlan.MinimumRestartLength, VerificationPlan.UnrestartedSteps - 1);
        Assert.True(VerificationPlan.LanczosBytesFor(point, vectors) <= available / 2);
        Assert.True(VerificationPlan.LanczosBytesFor(point, VerificationPlan.UnrestartedSteps) > available, "unrestarted, it would not fit");
    }
}
