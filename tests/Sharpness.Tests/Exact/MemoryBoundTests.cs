using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Tests.Exact;

/// <summary>
/// A network whose K-Lanczos working set would not fit is refused up front with the size it needs (and nothing
/// large is allocated): thin rank-one networks with huge m and n have tiny layers but an mn-dimensional K.
/// </summary>
public class MemoryBoundTests
{
    private static DeepFactorization Thin(int m, int n) => new(
        Matrix<double>.Build.Dense(1, n, 1.0 / n), Matrix<double>.Build.Dense(1, 1, 2.0), Matrix<double>.Build.Dense(m, 1, 1.0 / m));

    [Fact]
    public void An_operator_beyond_the_available_memory_is_refused_with_the_size_it_needs()
    {
        var point = Thin(40_000, 40_000); // mn = 1.6e9: a basis vector alone is 12 GiB
        // Counted on this thread (the refusal is synchronous): the process-wide heap size also moves with whatever the
        // test classes running alongside allocate meanwhile, which could pass 100 MB while this thread waits for a core.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<TooLargeException>(() => ExactSharpness.Of(point));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000_000, "nothing large was allocated");
        Assert.Contains("40000×40000", e.Message);
        Assert.Contains("GiB", e.Message);
        Assert.True(e.RequiredBytes > e.AvailableBytes);
        Assert.Equal(ExactSharpness.LanczosMemory(point), e.RequiredBytes);
        // at least the basis (124 vectors of 8·mn bytes) plus the two Gram matrices of side 40 000 per middle layer
        Assert.True(e.RequiredBytes >= 124L * 8 * 40_000 * 40_000 + 2L * 2 * 8 * 40_000 * 40_000);
    }

    [Fact]
    public void An_operator_with_more_entries_than_an_array_holds_is_refused()
    {
        var e = Assert.Throws<TooLargeException>(() => ExactSharpness.Of(Thin(50_000, 50_000)));
        Assert.Contains("more entries than one array holds", e.Message);
    }

    [Fact]
    public void A_network_that_fits_is_not_refused()
    {
        var point = Thin(300, 200); // mn = 60 000: LanczosK
        var r = ExactSharpness.Of(point);
        Assert.Equal(SharpnessRoute.LanczosK, r.Route);
        Assert.True(ExactSharpness.LanczosMemory(point) < 100_000_000);
        var hvp = Sharpness.Verification.HessianLanczos.Largest(FactorizationLoss.AtOwnProduct(point));
        Assert.Equal(hvp.Top.Value, r.Value, 1e-10 * r.Value);
    }
}
