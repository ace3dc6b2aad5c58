using Sharpness.Dynamics.Flat;
using Sharpness.Certified;

namespace Sharpness.Dynamics;

/// <summary>
/// Builds a <see cref="Trajectory"/> with bounded memory: stride samples at multiples of the current stride; when
/// <see cref="GdOptions.SampleCap"/> of them are held, every other one is dropped and the stride doubles (the kept
/// ones are then exactly the multiples of the new stride). The escape and final samples are kept apart, never dropped.
/// </summary>
internal sealed class TrajectoryRecorder
{
    private readonly EscapeSetting _setting;
    private readonly IGdState _stepper;
    private readonly GdOptions _options;
    private readonly LayerNormTracker? _norms;
    private readonly List<TrajectorySample> _stride = [];
    private readonly List<SharpnessSample> _sharpness = [];
    private readonly List<TrajectorySample> _special = [];
    private readonly double[] _buffer;
    private int _sharpnessStride;

    public TrajectoryRecorder(EscapeSetting setting, IGdState stepper, GdOptions options)
    {
        _setting = setting;
        _stepper = stepper;
        _options = options;
        Stride = options.EffectiveSampleStride;
        _sharpnessStride = options.SharpnessEvery;
        NextStride = 0;
        NextSharpness = _sharpnessStride > 0 ? 0 : long.MaxValue;
        _buffer = new double[setting.Layout.ParameterCount];
        if (options.RecordLayerNorms) _norms = new LayerNormTracker(setting.Layout, setting.Minimizer);
    }

    /// <summary>The current stride of the stride samples.</summary>
    public int Stride { get; private set; }

    /// <summary>The next iteration due for a stride sample (a comparison per step instead of a division).</summary>
    public long NextStride { get; private set; }

    /// <summary>The next iteration due for a λmax sample (long.MaxValue when off).</summary>
    public long NextSharpness { get; private set; }

    public void AddStride(int k, double loss)
    {
        if (_stride.Count >= _options.SampleCap)
        {
            // Full: keep every other sample (the multiples of 2·stride) and go on with the doubled stride.
            Decimate(_stride);
            Stride *= 2;
        }
        if (k % Stride == 0) _stride.Add(Sample(k, loss, SampleKind.Stride));
        NextStride = (k / Stride + 1) * (long)Stride;
    }

    public void AddSpecial(int k, double loss, SampleKind kind) => _special.Add(Sample(k, loss, kind));

    public void AddSharpness(int k)
    {
        _stepper.CopyPoint(_buffer);
        var point = _setting.Layout.ToFactorization(_buffer);
        var lambda = HessianSharpness.Of(point, _setting.Target); // exact at zero loss, HVP-Lanczos elsewhere
        var sample = new SharpnessSample(k, lambda.Value, lambda.Source, lambda.RelativeLossResidual);
        if (_sharpness.Count >= _options.SampleCap)
        {
            Decimate(_sharpness);
            _sharpnessStride *= 2;
        }
        _sharpness.Add(sample);
        NextSharpness = (k / _sharpnessStride + 1) * (long)_sharpnessStride;
    }

    public Trajectory Build(int? escapeIteration)
    {
        var byIteration = new SortedDictionary<int, TrajectorySample>();
        foreach (var s in _stride) byIteration[s.Iteration] = s;
        foreach (var s in _special) byIteration[s.Iteration] = s; // escape/final replace a stride sample
        return new Trajectory(byIteration.Values.ToList(), _sharpness.ToList(), Stride, escapeIteration);
    }

    private TrajectorySample Sample(int k, double loss, SampleKind kind)
    {
        double distance = Math.Sqrt(_stepper.DistanceSquared());
        double p1 = _stepper.ProjectOffset(_setting.TopEigenvectorVector);
        double pN = _stepper.ProjectOffset(_setting.NullDirectionVector);
        IReadOnlyList<double> norms = [];
        double? balance = null;
        if (_norms is not null)
        {
            _stepper.CopyPoint(_buffer);
            var n = _norms.Norms(_buffer);
            norms = n;
            balance = LayerNormTracker.Balance(n);
        }
        double[]? offset = null;
        if (_options.RecordOffsets)
        {
            offset = new double[_buffer.Length];
            _stepper.CopyOffset(offset);
        }
        return new TrajectorySample(k, loss, distance, p1, pN, norms, balance, kind, offset);
    }

    private static void Decimate<T>(List<T> list)
    {
        int kept = 0;
        for (int j = 0; j < list.Count; j += 2) list[kept++] = list[j];
        list.RemoveRange(kept, list.Count - kept);
    }
}
