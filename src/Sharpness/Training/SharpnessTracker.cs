using Sharpness.LinearAlgebra;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Training;

/// <summary>
/// λmax(H) along a trajectory: Lanczos with a semi-orthogonal basis (partial reorthogonalization, Simon's ω-recurrence)
/// on the exact Hessian–vector product at the
/// current iterate, started from the previous estimate's top eigenvector (warm start). Between nearby iterates the top
/// eigenvector moves little, so the start vector is already close and few Lanczos steps are needed; the Krylov space
/// still contains every other direction, so a top eigenvalue that overtakes the old one is found as well.
/// </summary>
/// <remarks>
/// Each estimate stops at the residual test ρ ≤ <see cref="TrainingOptions.LanczosTolerance"/>·|θ| together with the
/// gap-theorem eigenvalue test min(ρ, ρ²/γ) ≤ <see cref="TrainingOptions.SharpnessTolerance"/>·|θ|
/// (<see cref="LanczosOptions.EigenvalueTolerance"/>), with convergence checks scheduled by the observed rate instead
/// of every 5 steps, and a semi-orthogonal basis (<see cref="LanczosOptions.PartialReorthogonalization"/>). The gap test alone
/// would stop much earlier (ρ ≈ √(tol·γ)), but a warm start with a small component c on an eigenvector at a
/// distance δ ≪ γ keeps an error c²δ it cannot see (the tests show 1e-8 at a 1.5e-3 gap); the residual test bounds
/// that case, so it stays at the accuracy promised. The gap bound is reported with every estimate
/// (<see cref="SharpnessEstimate.ErrorBound"/>). The Krylov basis and work vectors are reused from estimate to estimate
/// (<see cref="LanczosOptions.Workspace"/>), and the one Ritz vector needed comes from inverse iteration on the
/// tridiagonal instead of a dense eigensolve (<see cref="LanczosOptions.RitzVectorByInverseIteration"/>).
/// </remarks>
internal sealed class SharpnessTracker(TrainingOptions options)
{
    private double[]? _previous;

    // One basis, tridiagonal and work vectors for all estimates of a run: an estimate allocates only what it returns
    // (the Ritz vector, kept as the next warm start, and the record), not its ≈ 230 KB Krylov basis.
    private readonly LanczosWorkspace _workspace = new();

    public long TotalIterations { get; private set; }

    public int Estimates { get; private set; }

    /// <summary>The estimate at the point of <paramref name="loss"/>'s last evaluation.</summary>
    public SharpnessEstimate Estimate(FlatLoss loss, double step, double time, double lossValue) =>
        Estimate(new DelegateOperator(loss.ParameterCount, loss.HessianTimes), step, time, lossValue);

    /// <summary>The estimate for the Hessian <paramref name="hessian"/> of the current iterate.</summary>
    public SharpnessEstimate Estimate(ISymmetricOperator hessian, double step, double time, double lossValue)
    {
        int p = hessian.Dimension;
        int count = Math.Min(options.TopEigenvalues, p);
        var result = Lanczos.Largest(hessian, count, new LanczosOptions
        {
            Tolerance = options.LanczosTolerance,
            EigenvalueTolerance = options.SharpnessTolerance,
            MaxIterations = Math.Min(options.LanczosMaxIterations, p),
            Seed = options.Seed,
            StartVector = options.WarmStart ? _previous : null,
            SemiOrthogonal = true,
            Workspace = _workspace,
            RitzVectorByInverseIteration = true,
            PartialReorthogonalization = true,
        });
        if (IsFinite(result.Top.Vector)) _previous = result.Top.Vector;
        TotalIterations += result.Iterations;
        Estimates++;
        return new SharpnessEstimate(step, time, result.Top.Value, result.Top.Residual, result.Iterations,
            result.Pairs.Select(q => q.Value).ToArray(), lossValue)
        {
            ErrorBound = result.Top.ErrorBound ?? result.Top.Residual,
            Converged = result.Converged,
        };
    }

    private static bool IsFinite(double[] v)
    {
        foreach (double x in v) if (!double.IsFinite(x)) return false;
        return true;
    }
}
