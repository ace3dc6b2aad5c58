using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Minimizers;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Exact;

/// <summary>
/// K-Lanczos from the structured (tensor-subspace Ritz) start vector on large operators: the same λ as from the
/// random start and as HVP-Lanczos at a random minimizer, s_min at a flat (balanced) point, where the structured start
/// is an exact eigenvector, and the random part of the start keeps Lanczos from being trapped when the structured part
/// is an eigenvector that is not the top one.
/// </summary>
public class StructuredStartTests
{
    private static ExactSharpnessOptions RandomStart => new() { StructuredStartRank = 0 };

    [Fact]
    public void Structured_start_gives_the_random_start_lambda_and_hvp_lanczos_agrees()
    {
        var point = RandomFactorization(new Random(21), 150, 110, 140, 160); // mn = 24 000
        var structured = ExactSharpness.Of(point);
        var random = ExactSharpness.Of(point, options: RandomStart);
        Assert.Equal(SharpnessRoute.LanczosK, structured.Route);
        Assert.True(Math.Abs(structured.Value - random.Value) <= 1e-12 * random.Value, $"{structured.Value:G17} vs {random.Value:G17}");
        Assert.True(structured.RelativeEigenResidual <= 1e-12, $"residual {structured.RelativeEigenResidual:G3}");
        var hvp = HessianLanczos.Largest(FactorizationLoss.AtOwnProduct(point));
        Assert.True(Math.Abs(structured.Value - hvp.Top.Value) <= 1e-10 * hvp.Top.Value, $"{structured.Value:G17} vs HVP {hvp.Top.Value:G17}");
    }

    [Fact]
    public void At_a_flat_point_the_structured_start_gives_the_minimal_sharpness()
    {
        var target = Gaussian(new Random(22), 160, 150);
        var point = BalancedMinimizer.Create(target, [150, 150, 150, 160], seed: 3);
        var s = ExactSharpness.Of(point, target);
        AssertRel(MinimalSharpness.Of(target, 3), s.Value, 1e-10, "λ at a balanced minimizer = s_min");
        Assert.True(s.RelativeEigenResidual <= 1e-12);
    }

    // The start vector is an exact eigenvector (eigenvalue 3) of a diagonal operator whose top is 4, plus the same
    // relative random part the structured start adds: Lanczos must not stop in the invariant subspace of the 3.
    [Fact]
    public void The_random_part_keeps_lanczos_out_of_a_non_top_invariant_subspace()
    {
        const int n = 24_000;
        var d = Enumerable.Range(0, n).Select(i => 1.0 + 4e-5 * i).ToArray(); // bulk in [1, 1.96)
        d[100] = 3;
        d[^1] = 4;
        var start = new double[n];
        start[100] = 1;
        var rng = new Random(23);
        double scale = KStartVector.RandomPart / Math.Sqrt(n / 12.0);
        for (int i = 0; i < n; i++) start[i] += scale * (rng.NextDouble() - 0.5);
        var op = new DelegateOperator(n, (x, y) => { for (int i = 0; i < n; i++) y[i] = d[i] * x[i]; });
        var result = Lanczos.Largest(op, 1, new LanczosOptions { StartVector = start, Kernels = NativeBlas.Shared ?? (DenseKernels)ManagedKernels.Instance });
        Assert.True(Math.Abs(result.Top.Value - 4) <= 1e-12 * 4, $"λ = {result.Top.Value:G17}, expected 4");
    }
}
