using System.Runtime.CompilerServices;

namespace Sharpness.Dynamics.Flat;

/// <summary>
/// The state and arithmetic of one GD run on flat preallocated buffers: <see cref="Evaluate"/> computes the residual
/// and loss at the current iterate, <see cref="Step"/> then moves the iterate by −η∇𝓛 using what Evaluate left in the
/// buffers. Neither allocates.
/// </summary>
/// <remarks>
/// Two arithmetic modes (theory §3.3). <b>Plain</b>: the state is W itself, E = fl(P(W)) − M.
/// <b>Delta</b>: the state is Δ = W − W* with W* fixed; E = Σ_i A_i(W* + Δ) Δ_i B_i(W*) (exact telescoping identity,
/// no cancellation against M), and the gradient A_iᵀ E B_iᵀ is taken at W = fl(W* + Δ).
/// In both modes M is the forward product of W* computed by this stepper, so W* (Δ = 0) is an exact fixed point.
/// </remarks>
internal abstract class GdStepper : IGdState
{
    protected GdStepper(FlatLayout layout, double[] minimizer, bool deltaMode)
    {
        if (minimizer.Length != layout.ParameterCount)
            throw new ArgumentException($"The minimizer has {minimizer.Length} parameters, the layout needs {layout.ParameterCount}.");
        Layout = layout;
        DeltaMode = deltaMode;
        Minimizer = (double[])minimizer.Clone();
        Point = (double[])minimizer.Clone();
        Offset = new double[layout.ParameterCount];
    }

    public FlatLayout Layout { get; }

    public bool DeltaMode { get; }

    /// <summary>W* (row-major, fixed).</summary>
    public double[] Minimizer { get; }

    /// <summary>The current W. In delta mode it is refreshed as fl(W* + Δ) by <see cref="Evaluate"/>.</summary>
    public double[] Point { get; }

    /// <summary>Delta mode: the state Δ. Plain mode: unused until <see cref="CopyOffset"/> fills it with W − W*.</summary>
    protected double[] Offset { get; }

    /// <summary>M = P(W*), by this stepper's forward pass (m × n, row-major).</summary>
    public abstract double[] Target { get; }

    /// <summary>The residual E left by the last <see cref="Evaluate"/> (m × n, row-major).</summary>
    public abstract double[] Residual { get; }

    /// <summary>Sets the start: plain W₀ = fl(W* + offset); delta Δ₀ = offset (not rounded against W*).</summary>
    public void Start(ReadOnlySpan<double> offset)
    {
        if (offset.Length != Layout.ParameterCount)
            throw new ArgumentException($"The start offset has {offset.Length} entries, the layout needs {Layout.ParameterCount}.");
        if (DeltaMode) offset.CopyTo(Offset);
        else for (int i = 0; i < Point.Length; i++) Point[i] = Minimizer[i] + offset[i];
    }

    /// <summary>Plain mode only: sets W itself (e.g. a grid point of a loss slice), with no rounding against W*.</summary>
    public void SetPoint(ReadOnlySpan<double> point)
    {
        if (DeltaMode) throw new InvalidOperationException("SetPoint is for plain mode; delta mode iterates on Δ.");
        if (point.Length != Layout.ParameterCount)
            throw new ArgumentException($"The point has {point.Length} entries, the layout needs {Layout.ParameterCount}.");
        point.CopyTo(Point);
    }

    /// <summary>Residual at the current iterate; returns ½‖E‖²_F (∞ or NaN when it overflowed).</summary>
    public abstract double Evaluate();

    /// <summary>One GD step with step size η, from the buffers of the last <see cref="Evaluate"/>.</summary>
    public abstract void Step(double eta);

    /// <summary>‖W − W*‖²: the state Δ in delta mode, the fp difference in plain mode.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double DistanceSquared()
    {
        return DeltaMode
            ? FlatKernels.SumOfSquares(Offset, 0, Offset.Length)
            : FlatKernels.DistanceSquared(Point, Minimizer, Point.Length);
    }

    /// <summary>⟨W − W*, v⟩ for a flat direction v.</summary>
    public double ProjectOffset(double[] v)
    {
        double s = 0;
        if (DeltaMode)
            for (int i = 0; i < v.Length; i++) s += Offset[i] * v[i];
        else
            for (int i = 0; i < v.Length; i++) s += (Point[i] - Minimizer[i]) * v[i];
        return s;
    }

    /// <summary>Copies W − W* (delta mode: Δ itself).</summary>
    public void CopyOffset(Span<double> destination)
    {
        if (DeltaMode) Offset.CopyTo(destination);
        else for (int i = 0; i < Point.Length; i++) destination[i] = Point[i] - Minimizer[i];
    }

    /// <summary>Copies the current W (delta mode: fl(W* + Δ), refreshed here so it is current after a step).</summary>
    public void CopyPoint(Span<double> destination)
    {
        if (DeltaMode) for (int i = 0; i < Point.Length; i++) destination[i] = Minimizer[i] + Offset[i];
        else Point.CopyTo(destination);
    }

    /// <summary>The stepper for a layout: the scalar-chain stepper when every width is 1, the dense one otherwise.</summary>
    public static GdStepper Create(FlatLayout layout, double[] minimizer, bool deltaMode) =>
        layout.IsScalarChain ? new ChainGdStepper(layout, minimizer, deltaMode) : new DenseGdStepper(layout, minimizer, deltaMode);

    /// <summary>M = P(W*) by the forward pass the steppers use (bit-identical for the dense and the chain stepper).</summary>
    public static double[] ForwardProduct(FlatLayout layout, double[] parameters) =>
        (double[])new DenseGdStepper(layout, parameters, deltaMode: false).Target.Clone();
}
