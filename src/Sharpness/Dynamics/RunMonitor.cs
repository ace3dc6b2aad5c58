using Sharpness.Dynamics.Flat;
using Sharpness.Exact;
using Sharpness.Model;

namespace Sharpness.Dynamics;

/// <summary>A run's fixed inputs, resolved once: η, c, ε, the start offset εd, the escape prediction for d.</summary>
internal sealed record RunStart(double Eta, double C, double Radius, double[] Offset, EscapePrediction Prediction);

/// <summary>
/// The bookkeeping of one GD run, separate from the arithmetic so that a run owning a <see cref="GdStepper"/> and a run
/// sharing a <see cref="BatchedGdStepper"/> with others go through the very same decisions: <see cref="Observe"/>
/// once per iterate (divergence, escape, convergence, the iteration cap, the samples), then <see cref="Finish"/>
/// assembles the run: <see cref="RunClassifier"/> decides the outcome (see <see cref="GradientDescent"/>'s remarks
/// for the rules) and <see cref="RunExplanation"/> writes its reason.
/// </summary>
internal sealed class RunMonitor
{
    private readonly EscapeSetting _setting;
    private readonly StepSize _step;
    private readonly GdOptions _options;
    private readonly RunStart _start;
    private readonly IGdState _state;
    private readonly TrajectoryRecorder _recorder;
    private readonly LossTail _tail;
    private readonly double _delta, _deltaSquared, _floor, _bound;
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
        setting.RequireRepresentableLosses();
        double lambda = setting.Lambda;
        double eta = step.Eta(lambda);
        double c = step.RelativeTo(lambda);
        if (!double.IsFinite(eta) || eta <= 0)
            throw new OutsideDomainException($"The step size η = {eta} is not usable (λ* = {lambda}).");
        double radius = setting.RadiusFor(options);
        var direction = options.Direction.Resolve(setting);
        var offset = new double[direction.Length];
        for (int i = 0; i < offset.Length; i++) offset[i] = radius * direction[i];
        var prediction = EscapePrediction.For(setting, options.Direction, direction, eta, c, radius, setting.EscapeDistanceFor(options));
        return new RunStart(eta, c, radius, offset, prediction);
    }

    public RunMonitor(EscapeSetting setting, StepSize step, GdOptions options, RunStart start, IGdState state)
    {
        _setting = setting;
        _step = step;
        _options = options;
        _start = start;
        _state = state;
        _delta = setting.EscapeDistanceFor(options);
        _deltaSquared = _delta * _delta;
        _floor = setting.ConvergenceFloor(options);
        _bound = setting.DivergenceBound(options);
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
        double eta = _start.Eta, delta = _delta, floor = _floor, lastLoss = _lastLoss;
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

        var run = RunClassifier.Classify(_diverged, _stoppedConverged, _escape, k, lastLoss, Math.Sqrt(_maxDistanceSquared),
            floor, _bound, delta, _setting.AbsoluteLossUnit, _tail, _options, () => finalPoint is null ? null
                : ExactSharpness.Of(finalPoint, _setting.Target, new ExactSharpnessOptions { ResidualTolerance = 1e-6 }).Value,
            eta);

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
            Outcome = run.Outcome,
            Reason = RunExplanation.Of(run),
            Iterations = k,
            EscapeDistance = delta,
            EscapeIteration = _escape,
            PredictedEscapeIteration = _start.Prediction.Iteration,
            PredictionNote = _start.Prediction.Note,
            MaxDistanceBeforeEscape = Math.Sqrt(_maxDistanceSquared),
            FinalLoss = finalLoss,
            FinalDistance = finalDistance,
            FinalPoint = finalPoint,
            FinalMinimizer = run.Outcome == RunOutcome.Converged ? finalPoint : null,
            FinalSharpness = run.FinalSharpness,
            FinalSharpnessTimesHalfEta = run.FinalSharpnessTimesHalfEta,
            Period = run.Period,
            TailMinLoss = run.TailCount > 0 ? run.TailMin : null,
            TailMaxLoss = run.TailCount > 0 ? run.TailMax : null,
            ConvergenceFloor = floor,
            Trajectory = _recorder.Build(_escape),
        };
    }
}
