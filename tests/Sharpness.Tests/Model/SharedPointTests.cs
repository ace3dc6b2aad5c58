using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Tests.Model;

/// <summary>A point shared between threads (the CLI's report computes the verdict and the Hessian norms at once, and
/// the depth-2 route its two Lanczos runs): what it computes on first use is computed once, and the concurrent route
/// gives the bits of the sequential one.</summary>
public class SharedPointTests
{
    [Fact]
    public void Cached_parts_are_computed_once_when_many_threads_ask_at_once()
    {
        var point = TestData.RandomFactorization(new Random(5), 40, 60, 30);
        var grams = new Matrix<double>[16];
        var lastGrams = new Matrix<double>[16];
        var tops = new TopSingular[16];
        var factors = new LayerFactors[16];
        using var go = new ManualResetEventSlim(false);
        var threads = Enumerable.Range(0, 16).Select(i => new Thread(() =>
        {
            go.Wait();
            grams[i] = point.FirstLayerGram;
            lastGrams[i] = point.LastLayerGram;
            tops[i] = point.LayerTop(i % 2);
            factors[i] = point.Factors;
        })).ToArray();
        foreach (var t in threads) t.Start();
        go.Set();
        foreach (var t in threads) t.Join();
        Assert.All(grams, g => Assert.Same(grams[0], g));
        Assert.All(lastGrams, g => Assert.Same(lastGrams[0], g));
        Assert.All(factors, f => Assert.Same(factors[0], f));
        for (int i = 2; i < 16; i++) Assert.Same(tops[i % 2], tops[i]);
    }

    [Fact]
    public void The_depth_two_route_on_two_threads_gives_the_bits_of_two_sequential_spectral_norms()
    {
        // Both layers reach ConcurrentTopEntries, so the route runs its two Lanczos runs concurrently.
        var rng = new Random(8);
        var point = TestData.RandomFactorization(rng, 380, 400, 350);
        Assert.True((long)350 * 400 >= ExactSharpness.ConcurrentTopEntries);
        var exact = ExactSharpness.Of(point);
        Assert.Equal(SharpnessRoute.DepthTwo, exact.Route);
        // Fresh copies, each on this thread: the cache of the first point plays no part.
        double l = SpectralNorm.Top(point.Layers[1].Clone()).SquaredValue, r = SpectralNorm.Top(point.Layers[0].Clone()).SquaredValue;
        Assert.Equal(l + r, exact.Value);
    }
}
