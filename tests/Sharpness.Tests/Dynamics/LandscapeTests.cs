using Sharpness;
using Sharpness.Dynamics;
using Sharpness.Dynamics.Landscape;
using Sharpness.Model;
using static Sharpness.Tests.Dynamics.DynamicsFixtures;

namespace Sharpness.Tests.Dynamics;

/// <summary>Loss slices against <see cref="FactorizationLoss"/>, and GD paths projected into the slice plane.</summary>
public class LandscapeTests
{
    [Fact]
    public void Contour_slice_matches_FactorizationLoss_at_grid_points()
    {
        var setting = EscapePresets.ContourMap(seed: 2);
        var alphas = LossLandscape.Grid(-0.5, 0.5, 21);
        var betas = LossLandscape.Grid(-1, 1, 11);
        var slice = LossLandscape.Slice(setting, alphas, betas);
        Assert.Equal(11, slice.Values.Count);
        Assert.Equal(21, slice.Values[0].Count);
        Assert.Equal(0.0, slice.At(10, 5)); // the centre is W*, an exact zero
        foreach (var (i, j) in new[] { (0, 0), (3, 7), (10, 5), (20, 10), (15, 2) })
        {
            var point = setting.Minimizer.Add(setting.TopEigenvector, alphas[i]).Add(setting.NullDirection, betas[j]);
            double direct = new FactorizationLoss(point, setting.Target).Value;
            Assert.True(Math.Abs(slice.At(i, j) - direct) <= 1e-12 * Math.Max(1e-3, direct), $"({i},{j}): {slice.At(i, j):R} vs {direct:R}");
        }
    }

    [Fact]
    public void General_plane_slice_matches_FactorizationLoss()
    {
        var setting = DepthTwo;
        var rng = new Random(9);
        var d1 = TestData.RandomFactorization(rng, 20, 20, 10);
        var d2 = TestData.RandomFactorization(rng, 20, 20, 10);
        var center = setting.Minimizer.Add(d1, 0.05);
        double[] alphas = [-0.1, 0, 0.2], betas = [-0.3, 0.1];
        var slice = LossLandscape.Slice(setting, alphas, betas, d1, d2, center);
        for (int i = 0; i < alphas.Length; i++)
            for (int j = 0; j < betas.Length; j++)
            {
                var point = center.Add(d1, alphas[i]).Add(d2, betas[j]);
                TestData.AssertRel(new FactorizationLoss(point, setting.Target).Value, slice.At(i, j), 1e-12, $"slice ({i},{j})");
            }
    }

    [Fact]
    public void GD_path_projects_into_the_v1_vN_plane()
    {
        var setting = EscapePresets.ContourMap(seed: 2);
        var run = setting.Run(1.1, new GdOptions { MaxIterations = 3000, SampleStride = 20, RecordOffsets = true });
        var grid = LossLandscape.Grid(-1, 1, 3);
        var byProjection = LossLandscape.Slice(setting, grid, grid).Project(run.Trajectory);
        var byOffsets = LossLandscape.Slice(setting, grid, grid, setting.TopEigenvector, setting.NullDirection, setting.Minimizer).Project(run.Trajectory);
        Assert.Equal(run.Trajectory.Samples.Count, byProjection.Length);
        for (int s = 0; s < byProjection.Length; s++)
        {
            Assert.Equal(byOffsets[s].Alpha, byProjection[s].Alpha, 1e-12);
            Assert.Equal(byOffsets[s].Beta, byProjection[s].Beta, 1e-12);
        }
        // Start at ε v₁: coordinates (±ε, 0).
        Assert.Equal(1e-9, Math.Abs(byProjection[0].Alpha), 1e-20);
        Assert.True(Math.Abs(byProjection[0].Beta) < 1e-20);
        // Without offsets a general plane cannot be projected, and the message says what to do.
        var noOffsets = setting.Run(1.1, new GdOptions { MaxIterations = 10 });
        var general = LossLandscape.Slice(setting, grid, grid, setting.TopEigenvector, setting.NullDirection, setting.Minimizer);
        var e = Assert.Throws<InvalidOperationException>(() => general.Project(noOffsets.Trajectory));
        Assert.Contains("RecordOffsets", e.Message);
    }

    [Fact]
    public void Slice_rejects_bad_grids_and_shapes()
    {
        var setting = F4Setting;
        Assert.Throws<ArgumentException>(() => LossLandscape.Slice(setting, [], [0.0]));
        Assert.Throws<ArgumentException>(() => LossLandscape.Slice(setting, [double.NaN], [0.0]));
        // changed by issue 11: the library's error contract (ShapeMismatchException) instead of ArgumentException
        Assert.Throws<ShapeMismatchException>(() => LossLandscape.Slice(setting, [0.0], [0.0], DeepFactorization.ScalarChain(1, 2)));
    }
}
