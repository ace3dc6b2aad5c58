using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using Sharpness.Training;

namespace Sharpness.Data;

/// <summary>
/// Full-batch gradient descent on 𝓛_X(W) = ½‖W_N⋯W_1X − Y‖²_F from given initial layers,
/// W_(k+1) = W_k − η∇𝓛_X(W_k) with ∇_{W_i}𝓛_X = A_iᵀ(PS − YXᵀ)B_iᵀ (cost per step independent of the number of
/// samples), λmax(H) tracked every k steps (Lanczos on the exact data HVP, warm-started), and at the end the data-aware
/// sharpness of the end point: exact λmax(K_X) at a least-squares optimum, certified otherwise (theory §2.10).
/// </summary>
/// <remarks>
/// <para>Uses the training options of <see cref="Trainer"/> with their meaning for data:
/// <see cref="TrainingOptions.ResidualTolerance"/> is the stationarity τ (converged when ‖PS − YXᵀ‖_F ≤ τ‖YXᵀ‖_F;
/// the loss itself need not reach zero). The gradient-flow reference, the period and edge-of-stability classification
/// of <see cref="Trainer"/> are not run here: the outcome is Converged, Diverged or NotConverged.</para>
/// <para>The tracked loss is 𝓛_X = ½‖(P − P*)F‖²_F + 𝓛*, the excess over the least-squares optimum (accurate: no
/// cancellation) plus the least-squares floor 𝓛* = ½(‖Y‖²_F − ‖M̃‖²_F) formed once from the samples; given only S
/// and C the floor is unknown and the excess is tracked (<see cref="DataTrainingRun.LossIsExcess"/>). Sequential
/// arithmetic: the same inputs give bit-identical runs.</para>
/// </remarks>
public static class DataTrainer
{
    /// <summary>Trains <paramref name="initial"/> on <paramref name="data"/>.</summary>
    /// <exception cref="ShapeMismatchException">The layers do not chain with the data.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or <see cref="TrainingOptions.Flow"/>
    /// is set (the flow reference is not implemented for data).</exception>
    public static DataTrainingRun Run(DeepFactorization initial, RegressionData data, TrainingOptions options,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Flow) throw new ArgumentOutOfRangeException(nameof(options), "The gradient-flow reference is not available with data.");
        data.RequireChains(initial);

        var root = data.InputRoot;
        var whitened = data.WhitenedTarget;
        double? floor = data.OutputNormSquared is { } y2 ? Math.Max(0, 0.5 * (y2 - Square(Guard.FrobeniusNorm(whitened)))) : null;
        double divergence = options.DivergenceFactor * Math.Max(1, 0.5 * Square(Guard.FrobeniusNorm(whitened)) + (floor ?? 0));
        double eta = options.Eta;
        var losses = new Thinning<LossSample>(options.LossSampleCap);
        var sharpness = new Thinning<SharpnessEstimate>(options.SharpnessCap);
        var tracker = new SharpnessTracker(options);
        int reportEvery = Math.Max(1, options.Steps / 100);
        double? lastSharpness = null;

        var w = initial;
        bool diverged = false, converged = false;
        double loss = double.NaN, stationarity = double.NaN;
        int k = 0;
        for (; ; k++)
        {
            if ((k & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            var p = w.Product();
            double excess = 0.5 * Square(Guard.FrobeniusNorm(p * root - whitened));
            loss = excess + (floor ?? 0);
            if (!double.IsFinite(loss) || loss > divergence) { diverged = true; break; }
            var dataLoss = new DataLoss(w, data);
            stationarity = dataLoss.RelativeStationarity;
            if (losses.IsDue(k)) losses.Add(k, new LossSample(k, loss));
            if (stationarity <= options.ResidualTolerance) { converged = true; if (options.StopWhenConverged) break; }
            if (k == options.Steps) break;
            if (options.SharpnessEvery > 0 && k % options.SharpnessEvery == 0 && sharpness.IsDue(k / options.SharpnessEvery))
            {
                var estimate = tracker.Estimate(dataLoss.HessianOperator(), k, k * eta, loss);
                sharpness.Add(k / options.SharpnessEvery, estimate);
                lastSharpness = estimate.Value;
            }
            if (progress is not null && k % reportEvery == 0) progress.Report(new TrainingProgress("gradient descent", k, options.Steps, loss, lastSharpness));
            var g = dataLoss.Gradient();
            w = w.Add(g, -eta);
        }

        bool finite = double.IsFinite(loss) && w.Layers.All(l => l.Enumerate().All(double.IsFinite));
        DataSharpnessResult? end = null;
        if (finite && !diverged)
        {
            losses.AddFinal(k, new LossSample(k, loss));
            if (options.AnalyzeEndPoint)
                end = DataSharpness.Of(w, data, new DataSharpnessOptions { StationarityTolerance = options.ResidualTolerance });
        }
        progress?.Report(new TrainingProgress("gradient descent", k, options.Steps, loss, lastSharpness));

        var (outcome, reason) = diverged
            ? (TrainingOutcome.Diverged, double.IsFinite(loss)
                ? FormattableString.Invariant($"The loss {loss:G4} exceeded the divergence bound {divergence:G3} at step {k}; stopped there.")
                : FormattableString.Invariant($"The loss overflowed (not finite) at step {k}; stopped there."))
            : converged
                ? (TrainingOutcome.Converged, FormattableString.Invariant(
                    $"Reached the least-squares optimum: ‖PS − YXᵀ‖_F/‖YXᵀ‖_F = {stationarity:G3} ≤ {options.ResidualTolerance:G3} at step {k} (loss {loss:G6})."))
                : (TrainingOutcome.NotConverged, FormattableString.Invariant(
                    $"After step {k} not converged: ‖PS − YXᵀ‖_F/‖YXᵀ‖_F = {stationarity:G3} > {options.ResidualTolerance:G3}, loss {loss:G6}; raise the steps."));
        return new DataTrainingRun
        {
            Initial = initial,
            Data = data,
            Options = options,
            Outcome = outcome,
            Reason = reason,
            Steps = k,
            FinalLoss = double.IsFinite(loss) ? loss : null,
            FinalStationarity = double.IsFinite(stationarity) ? stationarity : null,
            LossIsExcess = floor is null,
            End = finite && !diverged ? w : null,
            EndSharpness = end,
            Losses = losses.Items,
            Sharpness = sharpness.Items,
        };
    }

    private static double Square(double x) => x * x;
}

/// <summary>A data training run: the GD track and the end point's data-aware sharpness.</summary>
public sealed record DataTrainingRun
{
    /// <summary>The initial layers.</summary>
    public required DeepFactorization Initial { get; init; }

    /// <summary>The data.</summary>
    public required RegressionData Data { get; init; }

    /// <summary>The options used.</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>Converged (stationary within τ), Diverged or NotConverged.</summary>
    public required TrainingOutcome Outcome { get; init; }

    /// <summary>Why, in one sentence with the numbers.</summary>
    public required string Reason { get; init; }

    /// <summary>GD steps taken.</summary>
    public required int Steps { get; init; }

    /// <summary>The last loss (null when it overflowed); the excess over the optimum when <see cref="LossIsExcess"/>.</summary>
    public double? FinalLoss { get; init; }

    /// <summary>‖PS − YXᵀ‖_F/‖YXᵀ‖_F at the last iterate.</summary>
    public double? FinalStationarity { get; init; }

    /// <summary>True when only S and C were given: the losses are ½‖(P − P*)F‖²_F, the excess over the least-squares
    /// optimum, because the floor needs ‖Y‖²_F.</summary>
    public required bool LossIsExcess { get; init; }

    /// <summary>The last iterate (null after divergence).</summary>
    public DeepFactorization? End { get; init; }

    /// <summary>The data-aware sharpness of <see cref="End"/>: exact at a least-squares optimum, certified otherwise.</summary>
    public DataSharpnessResult? EndSharpness { get; init; }

    /// <summary>Loss samples (bounded by stride doubling).</summary>
    public required IReadOnlyList<LossSample> Losses { get; init; }

    /// <summary>λmax(H) estimates every <see cref="TrainingOptions.SharpnessEvery"/> steps (bounded).</summary>
    public required IReadOnlyList<SharpnessEstimate> Sharpness { get; init; }

    /// <summary>2/η, the linear-stability threshold of GD.</summary>
    public double StabilityThreshold => 2 / Options.Eta;
}
