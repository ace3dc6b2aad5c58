namespace Sharpness.Dynamics;

/// <summary>
/// The last W losses of a run in a preallocated ring, for period detection and the tail's loss range.
/// </summary>
internal sealed class LossTail
{
    private readonly double[] _ring;
    private int _count, _next;

    public LossTail(int window) => _ring = new double[window];

    public void Add(double loss)
    {
        _ring[_next] = loss;
        _next = (_next + 1) % _ring.Length;
        if (_count < _ring.Length) _count++;
    }

    public int Count => _count;

    /// <summary>The j-th oldest loss in the ring (0 ≤ j &lt; Count).</summary>
    private double At(int j) => _ring[(_next - _count + j + _ring.Length) % _ring.Length];

    public double Min() { double m = double.PositiveInfinity; for (int j = 0; j < _count; j++) m = Math.Min(m, At(j)); return m; }

    public double Max() { double m = double.NegativeInfinity; for (int j = 0; j < _count; j++) m = Math.Max(m, At(j)); return m; }

    /// <summary>The smallest p ≤ maxPeriod with |𝓛_j − 𝓛_{j−p}| ≤ tol·max(unit, 𝓛_j) over the whole tail, or null
    /// (unit: the absolute loss scale, 1 at ordinary scale). Needs at least 4p losses so a period is seen at least
    /// three times.</summary>
    public int? Period(int maxPeriod, double tolerance, double unit = 1)
    {
        for (int p = 1; p <= maxPeriod && 4 * p <= _count; p++)
        {
            bool holds = true;
            for (int j = p; j < _count && holds; j++)
            {
                double a = At(j), b = At(j - p);
                holds = Math.Abs(a - b) <= tolerance * Math.Max(unit, Math.Abs(a));
            }
            if (holds) return p;
        }
        return null;
    }

    /// <summary>Mean of the newest quarter of the tail over the mean of the oldest quarter (1 for a steady orbit,
    /// well below 1 for a loss that is still decreasing).</summary>
    public double Trend()
    {
        int q = Math.Max(1, _count / 4);
        double first = 0, last = 0;
        for (int j = 0; j < q; j++) { first += At(j); last += At(_count - 1 - j); }
        return first > 0 ? last / first : 1;
    }

    /// <summary>max over the tail of |𝓛_j − 𝓛_{j−p}|.</summary>
    public double MaxDifference(int p)
    {
        double m = 0;
        for (int j = p; j < _count; j++) m = Math.Max(m, Math.Abs(At(j) - At(j - p)));
        return m;
    }
}
