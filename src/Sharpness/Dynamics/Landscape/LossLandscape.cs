using Sharpness.Dynamics.Flat;
using Sharpness.Model;

namespace Sharpness.Dynamics.Landscape;

/// <summary>
/// Loss-landscape slices: 𝓛 = ½‖P(W) − M‖²_F on a grid in a plane through a point, computed by the GD steppers'
/// forward pass against the setting's M (so the slice and the GD runs see the same function, and W* is an exact 0).
/// </summary>
public static class LossLandscape
{
    /// <summary>
    /// The loss at C + α_i d₁ + β_j d₂ for every grid pair. Defaults: C = W*, d₁ = v₁, d₂ = v_N (the contour-map
    /// plane of the paper). Directions are used as given (not normalized), so α and β are in their units.
    /// <paramref name="progress"/> gets one report per finished β row.
    /// </summary>
    public static LandscapeSlice Slice(EscapeSetting setting, IReadOnlyList<double> alphas, IReadOnlyList<double> betas,
        DeepFactorization? first = null, DeepFactorization? second = null, DeepFactorization? center = null,
        IProgress<LandscapeProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(alphas);
        ArgumentNullException.ThrowIfNull(betas);
        if (alphas.Count == 0 || betas.Count == 0) throw new ArgumentException($"The grid is empty ({alphas.Count} α × {betas.Count} β).");
        if (alphas.Concat(betas).Any(x => !double.IsFinite(x))) throw new ArgumentException("The α and β grids must be finite.");
        var d1 = first ?? setting.TopEigenvector;
        var d2 = second ?? setting.NullDirection;
        var c = center ?? setting.Minimizer;
        setting.Minimizer.RequireSameShapes(d1);
        setting.Minimizer.RequireSameShapes(d2);
        setting.Minimizer.RequireSameShapes(c);
        double[] v1 = d1.ToVector(), v2 = d2.ToVector(), c0 = c.ToVector();
        var stepper = GdStepper.Create(setting.Layout, setting.MinimizerVector, deltaMode: false);
        var point = new double[v1.Length];
        var values = new double[betas.Count][];
        for (int j = 0; j < betas.Count; j++)
        {
            values[j] = new double[alphas.Count];
            for (int i = 0; i < alphas.Count; i++)
            {
                for (int p = 0; p < point.Length; p++) point[p] = c0[p] + alphas[i] * v1[p] + betas[j] * v2[p];
                stepper.SetPoint(point);
                values[j][i] = stepper.Evaluate();
            }
            progress?.Report(new LandscapeProgress(j + 1, betas.Count, alphas.Count));
        }
        bool isDefaultPlane = first is null && second is null && center is null;
        return new LandscapeSlice([.. alphas], [.. betas], values, c0, v1, v2, setting.MinimizerVector, isDefaultPlane, d1, d2);
    }

    /// <summary>n evenly spaced values from <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    public static double[] Grid(double from, double to, int n)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), n, "A grid needs at least 2 points.");
        return Enumerable.Range(0, n).Select(i => from + (to - from) * i / (n - 1)).ToArray();
    }
}
