using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Sharpness.Model;

namespace Sharpness.Data;

/// <summary>
/// A point W validated once as an end-to-end least-squares optimum of its data: ‖PS − YXᵀ‖_F ≤ τ‖YXᵀ‖_F (theory
/// §2.10). The data counterpart of <see cref="ZeroLossPoint"/>: the contract of the exact data route is stationarity,
/// not zero loss — a least-squares fit with more samples than features has a nonzero loss and still H = J_XᵀJ_X.
/// </summary>
public sealed class StationaryPoint
{
    /// <summary>The default relative stationarity tolerance τ = 1e-9 (the zero-loss default).</summary>
    public const double DefaultTolerance = ZeroLossPoint.DefaultTolerance;

    private StationaryPoint(DataLoss loss, double relativeStationarity, double tolerance)
    {
        Loss = loss;
        RelativeStationarity = relativeStationarity;
        Tolerance = tolerance;
    }

    /// <summary>The loss at the point (point and data).</summary>
    public DataLoss Loss { get; }

    /// <summary>The point W.</summary>
    public DeepFactorization Point => Loss.Point;

    /// <summary>The data.</summary>
    public RegressionData Data => Loss.Data;

    /// <summary>‖PS − YXᵀ‖_F/‖YXᵀ‖_F (see <see cref="DataLoss.RelativeStationarity"/>); at most <see cref="Tolerance"/>.</summary>
    public double RelativeStationarity { get; }

    /// <summary>The tolerance τ this point was validated with.</summary>
    public double Tolerance { get; }

    /// <summary>Validates <paramref name="point"/> as a least-squares optimum of <paramref name="data"/>.</summary>
    /// <exception cref="ShapeMismatchException">The layers do not chain with the data.</exception>
    /// <exception cref="NotStationaryException">The relative stationarity residual exceeds τ.</exception>
    public static StationaryPoint Create(DeepFactorization point, RegressionData data, double tolerance = DefaultTolerance,
        string formula = "The exact data-aware sharpness λmax(H) = λmax(K_X)")
    {
        if (TryCreate(point, data, tolerance, out var stationary, out double residual)) return stationary;
        throw new NotStationaryException(formula, residual, tolerance,
            "Use DataSharpness.Of for the certified interval (HVP-Lanczos and λmax(K_X) ± ‖R(G)‖₂) at this point.");
    }

    /// <summary>Like <see cref="Create"/>, but reports a residual above τ by returning false (with the residual).</summary>
    public static bool TryCreate(DeepFactorization point, RegressionData data, double tolerance,
        [NotNullWhen(true)] out StationaryPoint? stationary, out double relativeStationarity)
    {
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be non-negative.");
        var loss = new DataLoss(point, data);
        relativeStationarity = loss.RelativeStationarity;
        stationary = relativeStationarity <= tolerance ? new StationaryPoint(loss, relativeStationarity, tolerance) : null;
        return stationary is not null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"least-squares optimum (N = {Point.Depth}, widths [{string.Join(", ", Point.Widths)}], ‖PS − YXᵀ‖_F/‖YXᵀ‖_F = {RelativeStationarity:G3} ≤ {Tolerance:G3})");
}
