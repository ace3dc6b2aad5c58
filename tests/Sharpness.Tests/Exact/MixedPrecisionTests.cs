using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Tests.TestData;

namespace Sharpness.Tests.Exact;

/// <summary>
/// The mixed-precision K eigensolver (single-precision Lanczos, double-precision Jacobi–Davidson refinement) against
/// independent computations: the dense symmetric eigensolver on K, double-precision K-Lanczos, HVP-Lanczos on the
/// Hessian; its products really are single precision (so agreement at 1e-12 is the refinement's doing); the fallback;
/// bit-identical repeats.
/// </summary>
public class MixedPrecisionTests
{
    private static NativeBlas Native => NativeBlas.Shared is { SinglePrecision: true } blas ? blas
        : throw new InvalidOperationException($"OpenBLAS with a working cblas_sgemm is needed for these tests: {NativeBlas.SharedNote ?? "sgemm self-test failed"}");

    private static readonly ExactSharpnessOptions DoubleOnly = new() { MixedPrecision = false };

    [Fact]
    public void Default_route_uses_single_precision_and_matches_double_lanczos_and_hvp_lanczos()
    {
        _ = Native;
        var point = RandomFactorization(new Random(31), 150, 120, 140, 130, 160); // depth 4, mn = 24 000
        var mixed = ExactSharpness.Of(point);
        var reference = ExactSharpness.Of(point, options: DoubleOnly);
        Assert.Equal(SharpnessRoute.LanczosK, mixed.Route);
        Assert.True(mixed.SinglePrecisionApplications > mixed.Applications / 2,
            $"{mixed.SinglePrecisionApplications} of {mixed.Applications} applications in single precision");
        Assert.Equal(0, reference.SinglePrecisionApplications);
        AssertRel(reference.Value, mixed.Value, 1e-12, "λ mixed vs double K-Lanczos");
        Assert.True(mixed.RelativeEigenResidual <= 1e-13, $"relative residual {mixed.RelativeEigenResidual:G3}");
        // The certified residual, recomputed here with a double-precision K application of the returned vector.
        var op = new KOperator(point);
        var x = mixed.TopEigenvectorK;
        double own = (op.Apply(x) - mixed.Value * x).FrobeniusNorm() / mixed.Value;
        Assert.True(own <= 2e-13, $"recomputed residual {own:G3}");
        double overlap = Math.Abs(x.ToColumnMajorArray().Zip(reference.TopEigenvectorK.ToColumnMajorArray(), (a, b) => a * b).Sum());
        Assert.True(overlap >= 1 - 1e-9, $"|⟨X_mixed, X_double⟩| = {overlap:G17}");
        var hvp = HessianLanczos.Largest(FactorizationLoss.AtOwnProduct(point));
        AssertRel(hvp.Top.Value, mixed.Value, 1e-10, "λ mixed vs HVP-Lanczos");
    }

    [Theory]
    [InlineData(41, new[] { 20, 15, 25, 30 })]        // depth 3, mn = 600
    [InlineData(42, new[] { 18, 22, 16, 20, 24 })]    // depth 4, mn = 432
    public void Matches_the_dense_eigensolver(int seed, int[] widths)
    {
        var point = RandomFactorization(new Random(seed), widths);
        var op = new KOperator(point, Native);
        var dense = ExactSharpness.DenseTop(op);
        var outcome = MixedPrecisionTop.Largest(op, LanczosOptions.Default);
        Assert.False(outcome.FellBack, "the refinement reached the tolerance itself");
        Assert.True(outcome.SingleApplications > 0);
        AssertRel(dense.Value, outcome.Result.Top.Value, 1e-12, "λ mixed vs dense");
        Assert.True(outcome.Result.Top.Residual <= 1e-13 * dense.Value, $"residual {outcome.Result.Top.Residual:G3}");
        // The comparison can fail: a λ off by 1e-10 relative (what an unrefined single-precision run could give) is rejected.
        Assert.False(Math.Abs(dense.Value * (1 + 1e-10) - outcome.Result.Top.Value) <= 1e-12 * dense.Value);
    }

    [Fact]
    public void Single_precision_products_are_single_precision_so_agreement_needs_the_refinement()
    {
        var point = RandomFactorization(new Random(43), 30, 25, 35, 40);
        var op = new KOperator(point, Native);
        var x = Gaussian(new Random(44), 40, 30).ToColumnMajorArray();
        var exact = new double[x.Length];
        var single = new double[x.Length];
        op.Apply(x, exact);
        op.ApplySingle(x, single);
        double diff = Math.Sqrt(exact.Zip(single, (a, b) => (a - b) * (a - b)).Sum()) / Math.Sqrt(exact.Sum(a => a * a));
        Assert.InRange(diff, 1e-9, 1e-6); // single-precision rounding: far from double's 1e-16, close to 2⁻²⁴
    }

    [Fact]
    public void Without_corrections_double_lanczos_finishes_with_the_same_value()
    {
        var point = RandomFactorization(new Random(45), 20, 15, 25, 30);
        var op = new KOperator(point, Native);
        var outcome = MixedPrecisionTop.Largest(op, LanczosOptions.Default, maxCorrections: 0);
        Assert.True(outcome.FellBack);
        AssertRel(ExactSharpness.DenseTop(op).Value, outcome.Result.Top.Value, 1e-12, "λ after the fallback vs dense");
        Assert.Equal(outcome.SingleApplications + outcome.DoubleApplications, outcome.Result.Applications);
    }

    // A start vector that is an exact eigenvector of K for its second-largest eigenvalue: the single-precision Krylov
    // space is invariant at once, and the solver must still return the top eigenvalue (not the start's).
    [Fact]
    public void A_start_inside_a_non_top_eigenspace_still_gives_the_top_eigenvalue()
    {
        var point = RandomFactorization(new Random(48), 20, 15, 25, 30);
        var op = new KOperator(point, Native);
        var evd = op.ToDense().Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric); // ascending, row-major vec
        int m = op.Rows, n = op.Columns, dim = op.Dimension;
        double top = evd.EigenValues[dim - 1].Real, second = evd.EigenValues[dim - 2].Real;
        Assert.True(top - second > 1e-6 * top, "a simple top eigenvalue");
        var start = new double[dim];
        for (int a = 0; a < m; a++)
            for (int b = 0; b < n; b++) start[b * m + a] = evd.EigenVectors[a * n + b, dim - 2]; // to column-major vec
        var outcome = MixedPrecisionTop.Largest(op, LanczosOptions.Default with { StartVector = start });
        AssertRel(top, outcome.Result.Top.Value, 1e-12, "λ from a start in the second eigenspace");
        Assert.False(Math.Abs(second - outcome.Result.Top.Value) <= 1e-6 * top);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_results()
    {
        _ = Native;
        var point = RandomFactorization(new Random(46), 150, 130, 140, 160); // depth 3, mn = 24 000
        var a = ExactSharpness.Of(point);
        var b = ExactSharpness.Of(new DeepFactorization(point.Layers));
        Assert.True(a.SinglePrecisionApplications > 0);
        Assert.Equal(a.Value, b.Value);
        Assert.Equal(a.EigenResidual, b.EigenResidual);
        Assert.Equal(a.Applications, b.Applications);
        Assert.True(a.TopEigenvectorK.ToColumnMajorArray().SequenceEqual(b.TopEigenvectorK.ToColumnMajorArray()), "same vector, bit for bit");
    }

    [Fact]
    public void Managed_kernels_keep_the_double_precision_route_and_agree()
    {
        var point = RandomFactorization(new Random(47), 150, 130, 140, 160);
        var managed = ExactSharpness.Of(point, options: new ExactSharpnessOptions { Lanczos = LanczosOptions.Default with { Kernels = ManagedKernels.Instance } });
        Assert.Equal(0, managed.SinglePrecisionApplications);
        var mixed = ExactSharpness.Of(point);
        AssertRel(managed.Value, mixed.Value, 1e-12, "λ managed double vs native mixed");
    }
}
