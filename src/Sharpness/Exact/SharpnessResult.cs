using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Exact;

/// <summary>
/// The exact sharpness λmax(∇²𝓛) at a zero-loss point, with how it was computed and how well it is resolved.
/// </summary>
public sealed class SharpnessResult
{
    private readonly DeepFactorization _scaledPoint;
    private DeepFactorization? _topEigenvector;
    private Matrix<double>? _target;
    private Matrix<double>? _topEigenvectorK;
    private Func<Matrix<double>>? _formTopEigenvectorK;

    // X₁ is given, or formed on first access (the depth-2 route's uvᵀ is m × n: 1.8 GB for a 15000 × 15000 product
    // of thin layers, which no part of a report reads).
    internal SharpnessResult(double value, SharpnessRoute route, double eigenResidual, int iterations,
        double relativeLossResidual, bool zeroLoss, Func<Matrix<double>> topEigenvectorK, DeepFactorization point,
        Matrix<double>? target, DeepFactorization scaledPoint)
    {
        Value = value;
        Route = route;
        EigenResidual = eigenResidual;
        Iterations = iterations;
        RelativeLossResidual = relativeLossResidual;
        ZeroLoss = zeroLoss;
        _formTopEigenvectorK = topEigenvectorK;
        Point = point;
        _target = target;
        _scaledPoint = scaledPoint;
    }

    /// <summary>λmax of the Hessian (½ convention) = λmax(K).</summary>
    public double Value { get; }

    /// <summary>The route that produced <see cref="Value"/>.</summary>
    public SharpnessRoute Route { get; }

    /// <summary>The eigen-residual ‖K X₁ − λ X₁‖_F for the returned unit top eigenvector X₁ of K (absolute, in the
    /// units of λ). Not to be confused with the loss residual <see cref="RelativeLossResidual"/>.</summary>
    public double EigenResidual { get; }

    /// <summary><see cref="EigenResidual"/> relative to λ (the absolute one when λ = 0).</summary>
    public double RelativeEigenResidual => Value == 0 ? EigenResidual : EigenResidual / Value;

    /// <summary>True when the returned pair is resolved: ‖KX₁ − λX₁‖ ≤ 1e-8·λ (or λ = 0 with a zero residual). For
    /// symmetric K the residual bounds the distance from <see cref="Value"/> to the spectrum, so a false here (an
    /// iterative route stopped by its iteration cap) means the value must not be trusted.</summary>
    public bool Converged => Value == 0 ? EigenResidual == 0 : RelativeEigenResidual <= 1e-8;

    /// <summary>Iterations of the iterative solver behind the route (0 for closed forms and dense solves).</summary>
    public int Iterations { get; }

    /// <summary>Operator applications the route made: K·X for LanczosK (one per Lanczos step plus one for the
    /// residual; with mixed precision, every single- and double-precision product), Gram-operator products plus one K·X₁ for DepthTwo, one K·X for the residual on the other routes
    /// (0 at depth 1).</summary>
    public int Applications { get; init; }

    /// <summary>How many of <see cref="Applications"/> ran with single-precision products (the mixed-precision LanczosK
    /// solver, <see cref="ExactSharpnessOptions.MixedPrecision"/>; 0 elsewhere). Each costs about half a double-precision
    /// one, so the work in double-precision applications is Applications − ½·SinglePrecisionApplications. The value and
    /// residual are double-precision either way.</summary>
    public int SinglePrecisionApplications { get; init; }

    /// <summary>The loss residual: how far the point is from zero loss, ‖P − M‖_F/‖M‖_F; for M = 0,
    /// ‖P‖_F / Π_i‖W_i‖_F.</summary>
    public double RelativeLossResidual { get; }

    /// <summary>True when <see cref="RelativeLossResidual"/> is within tolerance, so λmax(K) is the Hessian's λmax.</summary>
    public bool ZeroLoss { get; }

    /// <summary>X₁: a unit (Frobenius) top eigenvector of K, m × n (at depth 2 the outer product uvᵀ of the layers' top
    /// singular vectors, formed on first access).</summary>
    public Matrix<double> TopEigenvectorK
    {
        get
        {
            if (_formTopEigenvectorK is { } form)
            {
                _topEigenvectorK = form();
                _formTopEigenvectorK = null;
            }
            return _topEigenvectorK!;
        }
    }

    /// <summary>v₁ = Jᵀ X₁ / ‖Jᵀ X₁‖: a unit top eigenvector of the Hessian (theory §2.3). Its sign is arbitrary,
    /// and it is not unique when λmax is degenerate.</summary>
    public DeepFactorization TopEigenvector => _topEigenvector ??= ComputeTopEigenvector();

    /// <summary>The point W.</summary>
    public DeepFactorization Point { get; }

    /// <summary>The target M (when none was given: the point's own product, formed on first access).</summary>
    public Matrix<double> Target => _target ??= Point.Product();

    private DeepFactorization ComputeTopEigenvector()
    {
        // Uniform layer scaling multiplies every J_i by the same factor, so the direction is scale-free.
        var v = new FactorizationLoss(_scaledPoint, Matrix<double>.Build.Dense(Point.OutputDimension, Point.InputDimension))
            .TransposeJacobianTimes(TopEigenvectorK);
        double norm = v.Norm();
        return norm > 0 ? v.Scale(1 / norm) : v;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"λmax = {Value:G17} (route {Route}, residual {EigenResidual:G3}, {Iterations} iterations, {Applications} applications, relative loss residual {RelativeLossResidual:G3})");
}
