using Sharpness.LinearAlgebra;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Training;

/// <summary>
/// λmax(H) along a trajectory: Lanczos with full reorthogonalization on the exact Hessian–vector product at the
/// current iterate, started from the previous estimate's top eigenvector (warm start). Between nearby iterates the top
/// eigenvector moves little, so the start vector is already close and few Lanczos steps are needed; the Krylov space
/// still contains every other direction, so a top eigenvalue that overtakes the old one is found as well.
/// </summary>
internal sealed class SharpnessTracker(TrainingOptions options)
{
    private double[]? _previous;

    public long TotalIterations { get; private set; }

    public int Estimates { get; private set; }

    /// <summary>The estimate at the point of <paramref name="loss"/>'s last evaluation.</summary>
    public SharpnessEstimate Estimate(FlatLoss loss, double step, double time, double lossValue)
    {
        int p = loss.ParameterCount;
        var op = new DelegateOperator(p, loss.HessianTimes);
        int count = Math.Min(options.TopEigenvalues, p);
        var result = Lanczos.Largest(op, count, new LanczosOptions
        {
            Tolerance = options.LanczosTolerance,
            MaxIterations = Math.Min(options.LanczosMaxIterations, p),
            Seed = options.Seed,
            StartVector = options.WarmStart ? _previous : null,
        });
        if (result.Top.Vector.All(double.IsFinite)) _previous = result.Top.Vector;
        TotalIterations += result.Iterations;
        Estimates++;
        return new SharpnessEstimate(step, time, result.Top.Value, result.Top.Residual, result.Iterations,
            result.Pairs.Select(q => q.Value).ToArray(), lossValue);
    }
}
