using Sharpness.Model;

namespace Sharpness.Dynamics.Landscape;

/// <summary>
/// The loss on a grid in the plane {C + α d₁ + β d₂}: <see cref="Values"/>[j][i] is 𝓛(C + α_i d₁ + β_j d₂), i.e.
/// rows follow β (the y axis) and columns follow α (the x axis), as a contour plot's z[y][x] expects.
/// </summary>
public sealed class LandscapeSlice
{
    private readonly double[] _center, _first, _second, _minimizer;
    private readonly bool _isMinimizerV1VN;

    internal LandscapeSlice(double[] alphas, double[] betas, double[][] values, double[] center, double[] first,
        double[] second, double[] minimizer, bool isMinimizerV1VN, DeepFactorization firstDirection, DeepFactorization secondDirection)
    {
        Alphas = alphas;
        Betas = betas;
        Values = values;
        _center = center;
        _first = first;
        _second = second;
        _minimizer = minimizer;
        _isMinimizerV1VN = isMinimizerV1VN;
        FirstDirection = firstDirection;
        SecondDirection = secondDirection;
    }

    /// <summary>α grid (x axis).</summary>
    public IReadOnlyList<double> Alphas { get; }

    /// <summary>β grid (y axis).</summary>
    public IReadOnlyList<double> Betas { get; }

    /// <summary>Values[j][i] = 𝓛(C + α_i d₁ + β_j d₂).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Values { get; }

    /// <summary>d₁.</summary>
    public DeepFactorization FirstDirection { get; }

    /// <summary>d₂.</summary>
    public DeepFactorization SecondDirection { get; }

    /// <summary>The loss at grid point (α_i, β_j).</summary>
    public double At(int i, int j) => Values[j][i];

    /// <summary>
    /// Coordinates (α, β) of each trajectory sample in this plane: the least-squares solution of
    /// W − C ≈ α d₁ + β d₂ (exact when W lies in the plane). Uses the samples' offsets when they were recorded
    /// (<see cref="GdOptions.RecordOffsets"/>); for the default plane (C = W*, d₁ = v₁, d₂ = v_N) the recorded
    /// projections suffice.
    /// </summary>
    /// <exception cref="InvalidOperationException">A general plane and no recorded offsets.</exception>
    public (double Alpha, double Beta)[] Project(Trajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        double g11 = Dot(_first, _first), g12 = Dot(_first, _second), g22 = Dot(_second, _second);
        double det = g11 * g22 - g12 * g12;
        if (!(Math.Abs(det) > 1e-14 * g11 * g22))
            throw new OutsideDomainException("The two slice directions are (nearly) parallel: the plane is degenerate.");
        var result = new (double, double)[trajectory.Samples.Count];
        for (int s = 0; s < result.Length; s++)
        {
            var sample = trajectory.Samples[s];
            double r1, r2;
            if (sample.Offset is { } offset)
            {
                if (offset.Count != _first.Length)
                    throw new ArgumentException($"The trajectory has {offset.Count} parameters, the slice {_first.Length}.");
                r1 = 0; r2 = 0;
                for (int i = 0; i < _first.Length; i++)
                {
                    // (W* − C) + (W − W*): exact for C = W*, and no rounding of a tiny offset against O(1) weights.
                    double x = (_minimizer[i] - _center[i]) + offset[i];
                    r1 += x * _first[i];
                    r2 += x * _second[i];
                }
            }
            else if (_isMinimizerV1VN)
            {
                r1 = sample.ProjectionV1;
                r2 = sample.ProjectionVN;
            }
            else
                throw new InvalidOperationException("Projecting on a general plane needs the samples' offsets: run with GdOptions.RecordOffsets = true.");
            result[s] = ((g22 * r1 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det);
        }
        return result;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
