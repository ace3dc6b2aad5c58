using MathNet.Numerics.LinearAlgebra;
using Sharpness.Certified;
using Sharpness.Exact;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Data;

/// <summary>
/// The sharpness λmax(∇²𝓛_X) of 𝓛_X(W) = ½‖W_N⋯W_1X − Y‖²_F (theory §2.10). At an end-to-end least-squares optimum
/// (G = PS − YXᵀ = 0, which includes every zero-loss point and every global minimizer of a regression with more
/// samples than features) it is exactly λmax(K_X), K_X(Z) = Σ_i A_iA_iᵀ Z (B_iF)ᵀ(B_iF) with FFᵀ = S: the kit's K
/// operator with a second right-factor Gram (<see cref="KOperator(DeepFactorization, Matrix{double}, LinearAlgebra.Kernels.DenseKernels?)"/>),
/// dense for small mr and Lanczos otherwise, on the same code as the matrix-factorization routes. Elsewhere: Lanczos
/// on the exact HVP inside the certified Weyl interval λmax(K_X) ± ‖R(G)‖₂, as the matrix-factorization case
/// (<see cref="CertifiedSharpness"/>) does.
/// </summary>
/// <remarks>
/// <para>Cost: forming S is O(n²s) once; everything after depends on n, m and the widths only.</para>
/// <para>The layers are unit-scaled by a power of two first (exact): with F fixed, K_X(W) = 2^{2k(N−1)}K_X(W'), as
/// for K.</para>
/// </remarks>
public static class DataSharpness
{
    /// <summary>The sharpness at <paramref name="point"/> on <paramref name="data"/>: exact when the point meets the
    /// stationarity contract (<see cref="DataSharpnessOptions.StationarityTolerance"/>), certified otherwise.</summary>
    /// <exception cref="ShapeMismatchException">The layers do not chain with the data.</exception>
    public static DataSharpnessResult Of(DeepFactorization point, RegressionData data, DataSharpnessOptions? options = null)
    {
        options ??= DataSharpnessOptions.Default;
        return StationaryPoint.TryCreate(point, data, options.StationarityTolerance, out var stationary, out _)
            ? Exact(stationary, options)
            : Certify(new DataLoss(point, data), options);
    }

    /// <summary>The exact sharpness λmax(K_X) at a validated least-squares optimum.</summary>
    public static DataSharpnessResult Exact(StationaryPoint point, DataSharpnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        options ??= DataSharpnessOptions.Default;
        var (lambda, z, residual, iterations, applications, route) = TopOfK(point.Point, point.Data, options);
        return new DataSharpnessResult
        {
            Value = lambda,
            Route = route,
            Lower = lambda,
            Upper = lambda,
            RelativeStationarity = point.RelativeStationarity,
            StationarityTolerance = point.Tolerance,
            KLambda = lambda,
            KEigenResidual = residual,
            ResidualTermBound = 0,
            Iterations = iterations,
            Applications = applications,
            Loss = point.Loss.Value,
            Trace = Trace(point.Point, point.Data),
            Rank = point.Data.Rank,
            InputDimension = point.Data.InputDimension,
            RowSpaceNote = point.Data.RowSpaceNote,
            TopVector = z,
            Problem = point.Loss,
        };
    }

    /// <summary>The certified interval at any point: λmax(H) ∈ [max(λmax(K_X) − r − res, HVP Rayleigh quotient),
    /// λmax(K_X) + r + res] with r ≥ ‖R(G)‖₂ (<see cref="ResidualTermBound.FromResidual"/> with E := G), each end
    /// widened by 1e-12 relative for rounding — the rule of <see cref="CertifiedSharpness"/>.</summary>
    public static DataSharpnessResult Certify(DataLoss loss, DataSharpnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        options ??= DataSharpnessOptions.Default;
        var h = loss.HessianOperator();
        var top = Lanczos.Largest(h, 1, options.HessianLanczos ?? new LanczosOptions { Tolerance = 1e-12, MaxIterations = Math.Min(h.Dimension, 400) });
        var (kLambda, _, kResidual, _, _, _) = TopOfK(loss.Point, loss.Data, options);
        double r = ResidualTermBound.FromResidual(loss.Point, loss.Stationarity).Value;
        double margin = 1e-12 * Math.Max(Math.Abs(kLambda) + r, Math.Abs(top.Top.Value));
        return new DataSharpnessResult
        {
            Value = top.Top.Value,
            Route = DataSharpnessRoute.CertifiedHessianLanczos,
            Lower = Math.Max(kLambda - r - kResidual, top.Top.Value) - margin,
            Upper = kLambda + r + kResidual + margin,
            RelativeStationarity = loss.RelativeStationarity,
            StationarityTolerance = options.StationarityTolerance,
            KLambda = kLambda,
            KEigenResidual = kResidual,
            ResidualTermBound = r,
            HessianEigenResidual = top.Top.Residual,
            Iterations = top.Iterations,
            Applications = top.Applications,
            Loss = loss.Value,
            Trace = Trace(loss.Point, loss.Data),
            Rank = loss.Data.Rank,
            InputDimension = loss.Data.InputDimension,
            RowSpaceNote = loss.Data.RowSpaceNote,
            Problem = loss,
        };
    }

    /// <summary>The data-aware K_X at a point (on the span of the inputs, m × r), unscaled.</summary>
    public static KOperator Operator(DeepFactorization point, RegressionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.RequireChains(point);
        return new KOperator(point, data.InputRoot);
    }

    /// <summary>tr H = tr K_X = Σ_i ‖A_i‖_F²‖B_iF‖_F² at any point (the residual term's diagonal blocks vanish).</summary>
    public static double Trace(DeepFactorization point, RegressionData data)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(data);
        var f = point.Factors;
        double sum = 0;
        for (int i = 0; i < point.Depth; i++)
        {
            // Σ x² directly, not (‖·‖_F)², as KOperator.Trace: exact for integer layers and an integer root F.
            sum += Guard.SquaredFrobeniusNorm(f.Left[i]) * Guard.SquaredFrobeniusNorm(i == 0 ? data.InputRoot : f.Right[i] * data.InputRoot);
        }
        return sum;
    }

    // The working set of K_X-Lanczos, estimated before anything is allocated (as ExactSharpness.RequireMemory does for K):
    // the Gram matrices S_i (m × m, N − 1 of them) and T_i (r × r, N), one m × r scratch, and the Krylov basis.
    private static void RequireMemory(DeepFactorization point, RegressionData data)
    {
        long m = point.OutputDimension, r = data.Rank, n = point.Depth;
        long need = sizeof(double) * ((n - 1) * m * m + n * r * r + (ExactSharpness.TypicalLanczosSteps + 5) * m * r);
        long available = ExactSharpness.AvailableMemory();
        if (m * r > Array.MaxLength || need > available)
            throw new TooLargeException(FormattableString.Invariant(
                $"λmax(K_X) on m × r = {m}×{r} matrices would need ≈ {need / (1024.0 * 1024 * 1024):0.###} GiB, but only {available / (1024.0 * 1024 * 1024):0.###} GiB is available."),
                need, available);
    }

    private static (double, Matrix<double>, double, int, int, DataSharpnessRoute) TopOfK(DeepFactorization point, RegressionData data,
        DataSharpnessOptions options)
    {
        data.RequireChains(point);
        RequireMemory(point, data);
        var scaling = UnitScaling.Of(point);
        var op = new KOperator(scaling.Unit, data.InputRoot, options.Lanczos.Kernels);
        bool dense = (long)op.Rows * op.Columns <= options.DenseLimit;
        var (lambda, z, residual, iterations, applications) = dense
            ? ExactSharpness.DenseTop(op)
            : ExactSharpness.LanczosTop(op, options.Lanczos);
        return (scaling.ScaleBack(lambda, ScalingPower.Curvature), z, scaling.ScaleBack(residual, ScalingPower.Curvature), iterations, applications,
            dense ? DataSharpnessRoute.DenseKX : DataSharpnessRoute.LanczosKX);
    }
}
