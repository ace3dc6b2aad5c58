using System.Globalization;
using Sharpness.Dynamics;
using Sharpness.Training;

namespace Sharpness.Interactive;

/// <summary>
/// Live progress for long library operations in a notebook: each method returns an <see cref="IProgress{T}"/> to pass
/// to the operation (<c>setting.Sweep(cs, progress: CellProgress.Sweep())</c>,
/// <c>Trainer.Run(…, CellProgress.Training())</c>), and the cell shows <b>one</b> output — a progress bar with a
/// line per operation — that is updated in place as reports arrive (.NET Interactive's
/// <c>DisplayedValue.Update</c>), not one output per report. Every reporter created while the same cell runs shares
/// that output; the first report creates it, so an operation that never reports shows nothing. Updates are at most
/// one per <see cref="MinimumInterval"/>, except that the first report and each operation's last one (done = total)
/// always show, so the output ends in its final state: "sweep: 40/40 runs · done in 1.2 s". A notebook saved or
/// executed headlessly (VS Code, Jupyter, <c>sharpness run</c>) keeps only that final state.
/// </summary>
/// <remarks>Reports may come from worker threads (sweeps report from their workers); updates are serialized. Outside
/// a notebook cell (no kernel invocation context) the reporters do nothing.</remarks>
public static class CellProgress
{
    /// <summary>Least time between two updates of a cell's display (200 ms: smooth, and cheap for a notebook host
    /// that sends each update to the front end). <see cref="TimeSpan.Zero"/> shows every report.</summary>
    public static TimeSpan MinimumInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Progress of an escape sweep (<see cref="EscapeSetting.Sweep"/>, <see cref="EscapeSweep.Run"/>):
    /// runs finished of all runs.</summary>
    public static IProgress<SweepProgress> Sweep(string title = "sweep") =>
        For<SweepProgress>(title, p => new ProgressStep(p.Completed, p.Total, $"{p.Completed}/{p.Total} runs"));

    /// <summary>Progress of training (<see cref="Trainer"/>, gradient flow): steps done, the loss and the last
    /// tracked sharpness.</summary>
    public static IProgress<TrainingProgress> Training(string title = "training") => For<TrainingProgress>(title, DescribeTraining);

    /// <summary>A training report as a progress step. Numbers in the invariant culture: the stock host runs under the
    /// user's culture, which would print "loss 0,05".</summary>
    internal static ProgressStep DescribeTraining(TrainingProgress p) =>
        new(p.Finished ? p.TotalSteps : p.Step, p.TotalSteps, string.Create(CultureInfo.InvariantCulture,
            $"{p.Method} {(p.Finished ? "stopped at step " : "step ")}{p.Step:0}{(p.Finished ? " (of " : "/")}{p.TotalSteps}{(p.Finished ? ")" : "")}, loss {p.Loss:G3}")
            + (p.Sharpness is { } s ? string.Create(CultureInfo.InvariantCulture, $", λmax(H) {s:G5}") : ""));

    /// <summary>Progress of one long GD run (<see cref="EscapeSetting.Run(double, GdOptions?, IProgress{EscapeProgress}?, CancellationToken)"/>,
    /// <see cref="GradientDescent"/>): iterations of at most <see cref="GdOptions.MaxIterations"/>, the loss, the
    /// escape iteration once reached.</summary>
    public static IProgress<EscapeProgress> Escape(string title = "gradient descent") => For<EscapeProgress>(title, DescribeEscape);

    /// <summary>A GD report as a progress step (invariant culture, as <see cref="DescribeTraining"/>).</summary>
    internal static ProgressStep DescribeEscape(EscapeProgress p) =>
        new(p.Finished ? p.MaxIterations : p.Iteration, p.MaxIterations, string.Create(CultureInfo.InvariantCulture,
            $"{(p.Finished ? $"stopped at iteration {p.Iteration} (of at most {p.MaxIterations})" : $"iteration {p.Iteration}/{p.MaxIterations}")}, loss {p.Loss:G3}{(p.EscapeIteration is { } e ? $", escaped at {e}" : "")}"));

    /// <summary>Progress of a loss-landscape grid (<see cref="Sharpness.Dynamics.Landscape.LossLandscape.Slice"/>): rows done.</summary>
    public static IProgress<Sharpness.Dynamics.Landscape.LandscapeProgress> Landscape(string title = "loss landscape") =>
        For<Sharpness.Dynamics.Landscape.LandscapeProgress>(title, p => new ProgressStep(p.Rows, p.TotalRows, $"{p.Rows}/{p.TotalRows} rows, {p.Points} points"));

    /// <summary>Progress of a large exact route or Hessian check (<c>ExactSharpnessOptions.Progress</c>,
    /// <see cref="Sharpness.LinearAlgebra.LanczosOptions.Progress"/>): Lanczos steps of at most the cap (the run
    /// usually converges earlier, so the bar may end short of full; the last line says how many steps it took).</summary>
    public static IProgress<Sharpness.LinearAlgebra.LanczosProgress> Lanczos(string title = "Lanczos") =>
        For<Sharpness.LinearAlgebra.LanczosProgress>(title, p => new ProgressStep(p.Steps, p.MaxSteps, $"step {p.Steps} (at most {p.MaxSteps}), {p.Applications} operator applications"));

    /// <summary>Progress of any operation: <paramref name="describe"/> turns a report into done/total and a line
    /// of text.</summary>
    public static IProgress<T> For<T>(string title, Func<T, ProgressStep> describe)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(describe);
        return new Reporter<T>(CellProgressDisplay.ForCurrentCell(), title, describe);
    }

    private sealed class Reporter<T> : IProgress<T>
    {
        private readonly CellProgressDisplay? _display;
        private readonly CellProgressDisplay.Row? _row;
        private readonly Func<T, ProgressStep> _describe;

        public Reporter(CellProgressDisplay? display, string title, Func<T, ProgressStep> describe)
        {
            _display = display;
            _row = display?.AddRow(title);
            _describe = describe;
        }

        public void Report(T value)
        {
            if (_display is null || _row is null) return;
            _display.Report(_row, _describe(value));
        }
    }
}

/// <summary>One progress report as the display shows it: <see cref="Done"/> of <see cref="Total"/> (any unit), and a
/// line of text.</summary>
/// <param name="Done">Work done so far.</param>
/// <param name="Total">All the work (≤ 0 when unknown: the bar then stays empty until done).</param>
/// <param name="Text">What to say, e.g. "12/40 runs".</param>
public readonly record struct ProgressStep(double Done, double Total, string Text)
{
    /// <summary>Done/Total in [0, 1] (0 when the total is unknown).</summary>
    public double Fraction => Total > 0 && double.IsFinite(Done) ? Math.Clamp(Done / Total, 0, 1) : 0;

    /// <summary>The operation is finished: done ≥ total.</summary>
    public bool IsComplete => Total > 0 && Done >= Total;
}
