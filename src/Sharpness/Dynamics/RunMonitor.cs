using System.Globalization;
using Sharpness.Dynamics.Flat;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Dynamics;

/// <summary>A run's fixed inputs, resolved once: η, c, ε, the start offset εd.</summary>
internal sealed record RunStart(double Eta, double C, double Radius, double[] Offset);

/// <summary>
/// The bookkeeping of one GD run, separate from the arithmetic so that a run owning a <see cref="GdStepper"/> and a run
/// sharing a <see cref="BatchedGdStepper"/> with others go through the very same decisions: <see cref="Observe"/>
/// once per iterate (divergence, escape, convergence, the iteration cap, the samples), then <see cref="Finish"/>
/// classifies (see <see cref="GradientDescent"/>'s remarks for the rules).
/// </summary>
internal sealed class RunMonitor
{
    /// <summary>Tail trend below which a bounded run is reported as still decreasing.</summary>
    private const double StillDecreasingTrend = 0.99;

    private readonly EscapeSetting _setting;
    private readonly StepSize _step;
    private readonly GdOptions _options;
    private readonly RunStart _start;
    private readonly IGdState _state;
    private readonly TrajectoryRecorder _recorder;
    private readonly LossTail _tail;
    private readonly double _deltaSquared, _floor, _bound;
    private int? _escape;
    private double _maxDistanceSquared;
    private int _belowFloor;
    private bool _diverged, _stoppedConverged;
    private double _lastLoss = double.NaN;
    private int _k = -1;

    /// <summary>The escape iteration so far (null before the run reaches δ), for progress reports.</summary>
    public int? EscapeIteration => _escape;

    /// <summary>The last observed loss, for progress reports.</summary>
    public double LastLoss => _lastLoss;

    /// <summary>Checks η and resolves the start W₀ = W* + εd (throws for an unusable step size).</summary>
    public static RunStart Prepare(EscapeSetting setting, StepSize step, GdOptions options)
    {
        double lambda = setting.Lambda;
        double eta = step.Eta(lambda);
        double c = step.RelativeTo(lambda);
        if (!double.IsFinite(eta) || eta <= 0)
            throw new OutsideDomainException($"The step size η = {eta} is not usable (λ* = {lambda}).");
        double radius = options.Radius ?? setting.DefaultRadius;
        var direction = options.Direction.Resolve(setting);
        var offset = new double[direction.Length];
        for (int i = 0; i < offset.Length; i++) offset[i] = radius * direction[i];
        return new RunStart(eta, c, radius, offset);
    }

    public RunMonitor(EscapeSetting setting, StepSize step, GdOptions options, RunStart start, IGdState state)
    {
        _setting = setting;
        _step = step;
        _options = options;
        _start = start;
        _state = state;
        _deltaSquared = options.EscapeDistance * options.EscapeDistance;
        _floor = setting.ConvergenceFloor(options);
        _bound = options.DivergenceLoss;
        _recorder = new TrajectoryRecorder(setting, state, options);
        _tail = new LossTail(options.TailWindow);
    }

    /// <summary>The loss 𝓛_k of the next iterate k (the state is at W_k); true when the run stops at k, false when
    /// the caller should take the step to W_{k+1}.</summary>
    public bool Observe(double loss)
    {
        int k = ++_k;
        _lastLoss = loss;
        if (!double.IsFinite(loss) || loss > _bound)
        {
            _diverged = true;
            return true;
        }
        _tail.Add(loss);
        if (_escape is null)
        {
            double d2 = _state.DistanceSquared();
            if (d2 >= _deltaSquared)
            {
                _escape = k;
                _recorder.AddSpecial(k, loss, SampleKind.Escape);
            }
            else if (d2 > _maxDistanceSquared) _maxDistanceSquared = d2;
        }
        else
        {
            _belowFloor = loss < _floor ? _belowFloor + 1 : 0;
            if (_options.StopWhenConverged && _belowFloor >= _options.ConvergedIterations)
            {
                _stoppedConverged = true;
                return true;
            }
        }
        if (k == _options.MaxIterations) return true;
        if (k == _recorder.NextStride) _recorder.AddStride(k, loss);
        if (k == _recorder.NextSharpness) _recorder.AddSharpness(k);
        return false;
    }

    /// <summary>The final iterate's sample, state and classification (call once, after <see cref="Observe"/> returned
    /// true, while the state is still at that iterate).</summary>
    public EscapeRun Finish()
    {
        int k = _k;
        double eta = _start.Eta, delta = _options.EscapeDistance, floor = _floor, lastLoss = _lastLoss;
        var point = new double[_setting.Layout.ParameterCount];
        _state.CopyPoint(point);
        bool pointFinite = point.All(double.IsFinite);
        double? finalLoss = double.IsFinite(lastLoss) ? lastLoss : null;
        double finalDistanceSquared = _state.DistanceSquared();
        double? finalDistance = double.IsFinite(finalDistanceSquared) ? Math.Sqrt(finalDistanceSquared) : null;
        if (finalLoss is { } fl && pointFinite && finalDistance is not null)
            _recorder.AddSpecial(k, fl, SampleKind.Final);
        if (_options.SharpnessEvery > 0 && !_diverged) _recorder.AddSharpness(k); // the loop breaks before sampling k
        var finalPoint = pointFinite ? _setting.Layout.ToFactorization(point) : null;

        RunOutcome outcome;
        string reason;
        int? period = null;
        DeepFactorization? finalMinimizer = null;
        double? lambdaFinal = null, lambdaFinalHalfEta = null;
        var inv = CultureInfo.InvariantCulture;
        var tail = _tail;
        string escapeText = _escape is { } e ? string.Create(inv, $"escaped at iteration {e} (‖W − W*‖ ≥ δ = {delta:G3})") : "";
        if (_diverged)
        {
            outcome = RunOutcome.Diverged;
            reason = finalLoss is { } l
                ? string.Create(inv, $"The loss {l:G4} exceeded the bound {_bound:G3} at iteration {k}; stopped there.")
                : string.Create(inv, $"The loss was not finite (overflow) at iteration {k}; stopped there.");
            if (_escape is not null) reason = $"{Capitalize(escapeText)}; then {char.ToLowerInvariant(reason[0])}{reason[1..]}";
        }
        else if (_escape is null)
        {
            outcome = RunOutcome.Stayed;
            reason = string.Create(inv, $"‖W − W*‖ stayed below δ = {delta:G3} for all {k} iterations (largest {Math.Sqrt(_maxDistanceSquared):G4}); final loss {lastLoss:G4}.");
        }
        else if (_stoppedConverged || lastLoss < floor)
        {
            outcome = RunOutcome.Converged;
            finalMinimizer = finalPoint;
            if (finalPoint is not null)
            {
                var sharp = ExactSharpness.Of(finalPoint, _setting.Target, new ExactSharpnessOptions { ResidualTolerance = 1e-6 });
                lambdaFinal = sharp.Value;
                lambdaFinalHalfEta = sharp.Value * eta / 2;
            }
            reason = string.Create(inv, $"{Capitalize(escapeText)}; loss {lastLoss:G3} < floor {floor:G3} at iteration {k}; λ_fin = {lambdaFinal:G8}, λ_fin·η/2 = {lambdaFinalHalfEta:G6}.");
        }
        else
        {
            outcome = RunOutcome.Bounded;
            double trend = tail.Trend();
            // A loss that is still falling is a slow convergence, not an orbit: its tiny differences would pass any
            // absolute period test, so no period is claimed then.
            period = trend < StillDecreasingTrend ? null : tail.Period(_options.MaxPeriod, _options.PeriodTolerance);
            string periodText = trend < StillDecreasingTrend
                ? string.Create(inv, $"but the loss is still decreasing (newest/oldest quarter of the tail = {trend:G3}): probably converging slowly, raise MaxIterations")
                : period is { } p
                ? string.Create(inv, $"period {p} (max |𝓛_k − 𝓛_(k−{p})| = {tail.MaxDifference(p):G3} over the last {tail.Count} iterates)")
                : string.Create(inv, $"no period ≤ {_options.MaxPeriod} within tolerance {_options.PeriodTolerance:G3} (higher-period, chaotic or still drifting)");
            reason = string.Create(inv, $"{Capitalize(escapeText)}; after {k} iterations neither converged nor diverged: loss in [{tail.Min():G4}, {tail.Max():G4}] over the last {tail.Count} iterates, {periodText}.");
        }

        return new EscapeRun
        {
            SettingName = _setting.Name,
            Step = _step,
            Eta = eta,
            C = _start.C,
            StartSharpness = _setting.Lambda,
            Radius = _start.Radius,
            Direction = _options.Direction.ToString()!,
            Mode = _options.Mode,
            Outcome = outcome,
            Reason = reason,
            Iterations = k,
            EscapeDistance = delta,
            EscapeIteration = _escape,
            PredictedEscapeIteration = EscapeTheory.PredictedEscapeIteration(_start.C, _start.Radius, delta),
            MaxDistanceBeforeEscape = Math.Sqrt(_maxDistanceSquared),
            FinalLoss = finalLoss,
            FinalDistance = finalDistance,
            FinalPoint = finalPoint,
            FinalMinimizer = finalMinimizer,
            FinalSharpness = lambdaFinal,
            FinalSharpnessTimesHalfEta = lambdaFinalHalfEta,
            Period = period,
            TailMinLoss = tail.Count > 0 ? tail.Min() : null,
            TailMaxLoss = tail.Count > 0 ? tail.Max() : null,
            ConvergenceFloor = floor,
            Trajectory = _recorder.Build(_escape),
        };
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
