using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.Model;

/// <summary>
/// A point W validated once as a zero-loss point of a target M (P(W) = M within a relative tolerance the caller
/// chose), with its exact unit-scaled copy (<see cref="Scaling"/>). Every zero-loss formula — the exact sharpness
/// routes, flatness, the measures — takes one of these instead of re-checking (theory §2.2: only here is H = JᵀJ,
/// so λmax(H) = λmax(K)).
/// </summary>
/// <remarks>
/// <para>The relative residual is ‖P − M‖_F/‖M‖_F, computed on the unit-scaled point and target (so it is finite at
/// any representable scale); for M = 0 it is ‖P‖_F / Π‖W_i‖_F (scale-free), and 0 when P = 0.</para>
/// <para>Without a target, M := P(W) (the forward sweep) and the residual is exactly 0; the product is formed only
/// when <see cref="Target"/> is read.</para>
/// </remarks>
public sealed class ZeroLossPoint
{
    /// <summary>The default relative residual tolerance, 1e-9.</summary>
    public const double DefaultTolerance = 1e-9;

    private Matrix<double>? _target, _unitTarget;
    private object? _targetLock, _unitTargetLock; // formed once, also when threads share the point

    private ZeroLossPoint(UnitScaling scaling, Matrix<double>? target, double relativeResidual, double tolerance)
    {
        Scaling = scaling;
        _target = target;
        RelativeResidual = relativeResidual;
        Tolerance = tolerance;
    }

    /// <summary>The point W.</summary>
    public DeepFactorization Point => Scaling.Original;

    /// <summary>The target M (the point's own product P(W) when none was given, formed on first access).</summary>
    public Matrix<double> Target =>
        _target ?? LazyInitializer.EnsureInitialized(ref _target, ref _targetLock, () => Point.Product());

    /// <summary>True when no target was given, so M := P(W) exactly.</summary>
    public bool IsOwnProduct { get; private init; }

    /// <summary>‖P(W) − M‖_F/‖M‖_F (see the remarks for M = 0); at most <see cref="Tolerance"/>.</summary>
    public double RelativeResidual { get; }

    /// <summary>The relative residual tolerance this point was validated with.</summary>
    public double Tolerance { get; }

    /// <summary>The exact unit scaling W = 2^k W' used by every formula on this point.</summary>
    public UnitScaling Scaling { get; }

    /// <summary>M' = 2^{−kN} M, the target of the unit-scaled point.</summary>
    public Matrix<double> UnitTarget =>
        _unitTarget ?? LazyInitializer.EnsureInitialized(ref _unitTarget, ref _unitTargetLock, () => Scaling.ToUnit(Target, ScalingPower.Product));

    /// <summary>The depth N.</summary>
    public int Depth => Point.Depth;

    /// <summary>Validates <paramref name="point"/> as a zero-loss point of <paramref name="target"/> (default: its
    /// own product).</summary>
    /// <param name="point">W.</param>
    /// <param name="target">M (m × n), or null for M := P(W).</param>
    /// <param name="tolerance">The largest relative residual accepted.</param>
    /// <param name="formula">What needs the zero-loss point, for the message (e.g. "The trace formula").</param>
    /// <exception cref="ShapeMismatchException">M does not have the product's shape.</exception>
    /// <exception cref="NonFiniteEntryException">M has a NaN or ±∞ entry.</exception>
    /// <exception cref="NotZeroLossException">The relative residual exceeds the tolerance.</exception>
    public static ZeroLossPoint Create(DeepFactorization point, Matrix<double>? target = null, double tolerance = DefaultTolerance,
        string formula = "The zero-loss formulas")
    {
        if (TryCreate(point, target, tolerance, out var zeroLoss, out double residual)) return zeroLoss;
        throw new NotZeroLossException(formula, residual, tolerance);
    }

    /// <summary>Like <see cref="Create"/>, but reports a residual above the tolerance by returning false (with the
    /// residual) instead of throwing; shape and entry errors still throw.</summary>
    public static bool TryCreate(DeepFactorization point, Matrix<double>? target, double tolerance,
        [NotNullWhen(true)] out ZeroLossPoint? zeroLoss, out double relativeResidual)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be non-negative.");
        var scaling = UnitScaling.Of(point);
        if (target is null)
        {
            relativeResidual = 0;
            zeroLoss = new ZeroLossPoint(scaling, null, 0, tolerance) { IsOwnProduct = true };
            return true;
        }
        point.RequireTarget(target);
        var unitTarget = scaling.ToUnit(target, ScalingPower.Product);
        relativeResidual = Residual(scaling.Unit, unitTarget);
        zeroLoss = relativeResidual <= tolerance
            ? new ZeroLossPoint(scaling, target, relativeResidual, tolerance) { _unitTarget = unitTarget }
            : null;
        return zeroLoss is not null;
    }

    /// <summary>‖P − M‖_F/‖M‖_F; for M = 0, ‖P‖_F / Π‖W_i‖_F (scale-free), 0 when P = 0.</summary>
    internal static double Residual(DeepFactorization point, Matrix<double> target)
    {
        // Depth 2 never needs the factor sweep, so the one product is formed with the fast kernel (rounding
        // differences of O(ε) are far below any residual tolerance); deeper points reuse the cached sweep.
        // A target that is the point's own cached product (the CLI without --target) has residual 0 exactly.
        if (point.CachedProduct is { } cached && ReferenceEquals(cached, target)) return 0;
        var p = point.Depth == 2 ? Sharpness.LinearAlgebra.Kernels.DenseKernels.LargeProduct(point.Layers[1], point.Layers[0], MatrixKernels.Product) : point.Product();
        double r = Guard.FrobeniusNorm(p - target);
        double m = Guard.FrobeniusNorm(target);
        if (m > 0) return r / m;
        if (r == 0) return 0;
        double layerScale = 1;
        foreach (var w in point.Layers) layerScale *= Guard.FrobeniusNorm(w);
        return r / layerScale;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"zero-loss point (N={Depth}, widths=[{string.Join(", ", Point.Widths)}], relative residual {RelativeResidual:G3} ≤ {Tolerance:G3})");
}
