using MathNet.Numerics.LinearAlgebra;
using Sharpness.Dynamics.Flat;
using Sharpness.Model;
using Sharpness.LinearAlgebra;

namespace Sharpness.Training;

/// <summary>
/// Training a deep linear network from scratch on 𝓛(W) = ½‖W_N⋯W_1 − M‖²_F: full-batch GD W_(k+1) = W_k − η∇𝓛(W_k)
/// from given or seeded initial layers, λmax(H) tracked every k steps (warm-started Lanczos on the exact HVP), the
/// gradient-flow reference from the same start (adaptive Dormand–Prince 5(4)), the drift of the balance invariants,
/// the outcome with its reason, and at the end the exact sharpness (or a certified interval) with s_min, ρ, the
/// flatness verdict and the balance of the end point.
/// </summary>
/// <remarks>
/// <para>The GD loop runs on flat buffers (one forward and one backward sweep per step) and allocates only for
/// recorded samples; every record is bounded (stride doubling), so a run of 10⁶ steps holds at most a few thousand
/// samples. All arithmetic is sequential with fixed summation orders: the same inputs give bit-identical runs.</para>
/// <para>Classification when the steps run out: Periodic (the loss repeats with some period 2 ≤ p ≤ MaxPeriod over
/// the tail, relative tolerance) › EdgeOfStability (the loss is not monotone over the tail and every λmax estimate
/// of the tail's span has λη/2 within the edge band of 1) › NotConverged (with λη/2 in the reason, which tells a
/// marginally stable slow convergence, |1 − ηλ| ≈ 1, from too few steps).</para>
/// </remarks>
public static class Trainer
{
    /// <summary>Trains from seeded initial layers of the given widths d_0..d_N (d_0 = n, d_N = m of the target).</summary>
    public static TrainingRun Run(Initialization initialization, IReadOnlyList<int> widths, Matrix<double> target,
        TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialization);
        return Run(initialization.Create(widths), target, options, progress, cancellationToken);
    }

    /// <summary>Trains from the given initial layers.</summary>
    /// <exception cref="ShapeMismatchException">The target does not have the product's shape.</exception>
    /// <exception cref="NonFiniteEntryException">An entry of the layers or the target is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (η ≤ 0 or not finite, Steps ≤ 0 or
    /// above <see cref="TrainingOptions.MaxSteps"/>, …).</exception>
    public static TrainingRun Run(DeepFactorization initial, Matrix<double> target, TrainingOptions options,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        initial.RequireTarget(target);
        double? sMin = null;
        try { sMin = Flatness.MinimalSharpness.Of(target, initial.Widths); }
        catch (OutsideDomainException) { }

        var gd = RunGradientDescent(initial, target, options, progress, cancellationToken);
        var flow = options.Flow ? GradientFlow.Run(initial, target, options, progress, cancellationToken) : null;
        return new TrainingRun
        {
            Initial = initial,
            Target = target,
            Options = options,
            MinimalSharpness = sMin,
            GradientDescent = gd,
            GradientFlow = flow,
        };
    }

    internal static TrainingTrack RunGradientDescent(DeepFactorization initial, Matrix<double> target, TrainingOptions options,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        const string method = "gradient descent";
        var layout = new FlatLayout(initial.Widths);
        var targetRowMajor = HessianOperator.RowMajor(target);
        // The steps run on the escape simulator's stepper (forward sweep, then one backward sweep that updates each
        // layer in place: no gradient buffer, no extra pass); FlatLoss is only set up at the tracked steps, for the
        // Hessian–vector products. Both compute the same bits (see DenseGdStepper.TowardTarget).
        var flat = new FlatLoss(layout, targetRowMajor);
        var stepper = DenseGdStepper.TowardTarget(layout, initial.ToVector(), targetRowMajor);
        var w = stepper.Point;
        double eta = options.Eta;
        var scales = new TrackScales(initial, target, options);

        var losses = new Thinning<LossSample>(options.LossSampleCap);
        var sharpness = new Thinning<SharpnessEstimate>(options.SharpnessCap);
        var balance = new List<BalanceSample>();
        var spectrum = new List<ProductSpectrumSample>();
        var flatBalance = new FlatBalance(layout, w);
        var productScratch = new double[target.RowCount * target.ColumnCount];
        var tracker = new SharpnessTracker(options);
        var tail = new TailWindow(options.TailWindow);
        int reportEvery = Math.Max(1, options.Steps / 100);
        double? lastSharpness = null;
        long sharpnessIndex = -1; // index of the last estimate (k / SharpnessEvery)

        double loss = stepper.Evaluate();
        scales.StartFrom(loss);
        bool diverged = false, converged = false;
        int k = 0;
        for (; ; k++)
        {
            if ((k & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (!double.IsFinite(loss) || loss > scales.DivergenceLoss) { diverged = true; break; }
            tail.Add(loss);
            if (losses.IsDue(k)) losses.Add(k, new LossSample(k, loss));
            if (scales.RelativeResidual(loss) <= options.ResidualTolerance) { converged = true; if (options.StopWhenConverged) break; }
            if (k == options.Steps) break;
            if (options.SharpnessEvery > 0 && k % options.SharpnessEvery == 0 && sharpness.IsDue(k / options.SharpnessEvery))
            {
                flat.Evaluate(w);
                var estimate = tracker.Estimate(flat, k, k * eta, loss);
                sharpness.Add(k / options.SharpnessEvery, estimate);
                sharpnessIndex = k;
                lastSharpness = estimate.Value;
                balance.Add(new BalanceSample(k, flatBalance.Drift(w)));
                spectrum.Add(ProductSpectrumSample.Of(k, flat, productScratch));
            }
            if (progress is not null && k % reportEvery == 0) progress.Report(new TrainingProgress(method, k, options.Steps, loss, lastSharpness));
            stepper.Step(eta);
            loss = stepper.Evaluate();
        }

        bool finite = double.IsFinite(loss) && w.All(double.IsFinite);
        DeepFactorization? last = finite ? layout.ToFactorization(w) : null;
        if (finite && !diverged)
        {
            losses.AddFinal(k, new LossSample(k, loss));
            if (options.SharpnessEvery > 0 && sharpnessIndex != k)
            {
                flat.Evaluate(w);
                var estimate = tracker.Estimate(flat, k, k * eta, loss);
                sharpness.AddFinal(long.MaxValue, estimate);
            }
            flat.Evaluate(w);
            balance.Add(new BalanceSample(k, flatBalance.Drift(w)));
            spectrum.Add(ProductSpectrumSample.Of(k, flat, productScratch));
        }
        progress?.Report(new TrainingProgress(method, k, options.Steps, loss, lastSharpness, Finished: true));

        var estimates = sharpness.Items;
        var (outcome, reason, period) = Classify(method, diverged, converged, k, loss, options, scales, tail, estimates, eta);
        return new TrainingTrack
        {
            Method = method,
            Outcome = outcome,
            Reason = reason,
            Steps = k,
            Time = k * eta,
            FinalLoss = double.IsFinite(loss) ? loss : null,
            End = diverged || last is null || !options.AnalyzeEndPoint ? null : EndPoint.Of(last, target, options.ResidualTolerance),
            Period = period,
            Losses = losses.Items,
            Sharpness = estimates,
            Balance = balance,
            ProductSpectrum = spectrum,
            LanczosStepsPerEstimate = tracker.Estimates > 0 ? (double)tracker.TotalIterations / tracker.Estimates : null,
            MaxRelativeBalanceDrift = scales.RelativeDrift(balance),
        };
    }

    internal static (TrainingOutcome, string, int?) Classify(string method, bool diverged, bool converged, double steps, double loss,
        TrainingOptions options, TrackScales scales, TailWindow tail, IReadOnlyList<SharpnessEstimate> estimates, double eta)
    {
        string at = method == "gradient flow" ? FormattableString.Invariant($"t = {steps * eta:G6} (t/η = {steps:G8})") : FormattableString.Invariant($"step {steps:G10}");
        if (diverged)
            return (TrainingOutcome.Diverged, double.IsFinite(loss)
                ? FormattableString.Invariant($"The loss {loss:G4} exceeded the divergence bound {scales.DivergenceLoss:G3} at {at}; stopped there.")
                : FormattableString.Invariant($"The loss overflowed (not finite) at {at}; stopped there."), null);
        double rel = scales.RelativeResidual(loss);
        if (converged)
            return (TrainingOutcome.Converged, FormattableString.Invariant(
                $"Reached ‖P − M‖_F/‖M‖_F = {rel:G3} ≤ {options.ResidualTolerance:G3} at {at} (loss {loss:G3})."), null);

        string sharpText = estimates.Count > 0 ? FormattableString.Invariant($"; last λmax·η/2 = {estimates[^1].Value * eta / 2:G6}") : "";
        int? period = tail.Period(options.MaxPeriod, options.PeriodTolerance);
        if (period is { } p && p >= 2)
            return (TrainingOutcome.Periodic, FormattableString.Invariant(
                $"After {at}: the loss repeats with period {p} (relative tolerance {options.PeriodTolerance:G3} over the last {tail.Count} iterates), loss in [{tail.Min():G4}, {tail.Max():G4}]{sharpText}."), p);
        if (period == 1 && rel > options.ResidualTolerance)
            return (TrainingOutcome.Converged, FormattableString.Invariant(
                $"Stationary at nonzero loss {loss:G4} (‖P − M‖_F/‖M‖_F = {rel:G3}; the loss is constant to {options.PeriodTolerance:G3} over the last {tail.Count} iterates): a saddle or, when min_i d_i < rank M, a nonzero-residual minimizer{sharpText}."), null);

        // Hovering: the estimates over the tail's span all near 2/η, and a loss that goes up as well as down.
        double span = Math.Max(tail.Count, 0.2 * steps);
        var recent = estimates.Where(e => e.Step >= steps - span).ToArray();
        bool nonMonotone = tail.Increases > 0;
        if (recent.Length >= 3 && nonMonotone && recent.All(e => Math.Abs(e.Value * eta / 2 - 1) <= options.EdgeBand))
            return (TrainingOutcome.EdgeOfStability, FormattableString.Invariant(
                $"After {at} not converged (‖P − M‖_F/‖M‖_F = {rel:G3}); the loss rose in {tail.Increases} of the last {tail.Count} steps and the last {recent.Length} estimates have λmax·η/2 in [{recent.Min(e => e.Value) * eta / 2:G4}, {recent.Max(e => e.Value) * eta / 2:G4}]: hovering at 2/η = {2 / eta:G6}."), null);
        string marginal = estimates.Count > 0 && Math.Abs(estimates[^1].Value * eta / 2 - 1) < 0.05
            ? " (|1 − ηλ| ≈ 1: a marginally stable end point converges very slowly)" : "";
        return (TrainingOutcome.NotConverged, FormattableString.Invariant(
            $"After {at} not converged: ‖P − M‖_F/‖M‖_F = {rel:G3} > {options.ResidualTolerance:G3}, loss {loss:G4}{(nonMonotone ? ", not monotone over the tail" : ", still decreasing")}{sharpText}{marginal}; raise the steps."), null);
    }
}

/// <summary>The scales a track is judged by: ‖M‖_F, the divergence bound, the balance drift's yardstick.</summary>
internal sealed class TrackScales
{
    private readonly double _targetNorm, _driftScale, _factor;

    public TrackScales(DeepFactorization initial, Matrix<double> target, TrainingOptions options)
    {
        _targetNorm = Guard.FrobeniusNorm(target);
        _factor = options.DivergenceFactor;
        DivergenceLoss = _factor * Math.Max(1, 0.5 * _targetNorm * _targetNorm);
        double w2 = initial.Norm();
        w2 *= w2;
        double d0 = BalanceInvariants.Of(initial).Select(d => d.FrobeniusNorm()).DefaultIfEmpty(0).Max();
        _driftScale = Math.Max(1, Math.Max(w2, d0));
    }

    /// <summary>Diverged above this: factor · max(1, ½‖M‖²_F), or factor · 𝓛(W₀) for a start already above that
    /// (<see cref="StartFrom"/>).</summary>
    public double DivergenceLoss { get; private set; }

    /// <summary>A start whose loss is already above the bound (layers far larger than M needs, e.g. scaled by 2^100)
    /// is not a divergence: the bound becomes factor · 𝓛(W₀). Below the bound — every start of ordinary scale —
    /// nothing changes.</summary>
    public void StartFrom(double initialLoss)
    {
        if (double.IsFinite(initialLoss) && initialLoss > DivergenceLoss) DivergenceLoss = _factor * initialLoss;
    }

    /// <summary>‖E‖_F/‖M‖_F from 𝓛 = ½‖E‖²_F (absolute when M = 0).</summary>
    public double RelativeResidual(double loss)
    {
        double r = Math.Sqrt(2 * loss);
        return _targetNorm > 0 ? r / _targetNorm : r;
    }

    public double RelativeDrift(IEnumerable<BalanceSample> samples) =>
        samples.SelectMany(s => s.Drift).DefaultIfEmpty(0).Max() / _driftScale;
}

/// <summary>The last W losses, for the period test, the range and the count of increases.</summary>
internal sealed class TailWindow(int window)
{
    private readonly double[] _ring = new double[window];
    private int _count, _next;
    private double _previous = double.NaN;
    private readonly bool[] _rose = new bool[window];
    private int _increases;

    public int Count => _count;

    /// <summary>Steps in the window where the loss rose.</summary>
    public int Increases => _increases;

    public void Add(double loss)
    {
        bool rose = loss > _previous;
        if (_count == _ring.Length && _rose[_next]) _increases--;
        _ring[_next] = loss;
        _rose[_next] = rose;
        if (rose) _increases++;
        _next = (_next + 1) % _ring.Length;
        if (_count < _ring.Length) _count++;
        _previous = loss;
    }

    private double At(int j) => _ring[(_next - _count + j + _ring.Length) % _ring.Length];

    public double Min() { double m = double.PositiveInfinity; for (int j = 0; j < _count; j++) m = Math.Min(m, At(j)); return m; }

    public double Max() { double m = double.NegativeInfinity; for (int j = 0; j < _count; j++) m = Math.Max(m, At(j)); return m; }

    /// <summary>The smallest p ≤ maxPeriod with |𝓛_j − 𝓛_(j−p)| ≤ tol·max(|𝓛_j|, |𝓛_(j−p)|) over the whole tail (at least
    /// 4p losses and a full window), or null.</summary>
    public int? Period(int maxPeriod, double tolerance)
    {
        if (_count < _ring.Length) return null;
        for (int p = 1; p <= maxPeriod && 4 * p <= _count; p++)
        {
            bool holds = true;
            for (int j = p; j < _count && holds; j++)
            {
                double a = At(j), b = At(j - p);
                holds = Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
            }
            if (holds) return p;
        }
        return null;
    }
}
