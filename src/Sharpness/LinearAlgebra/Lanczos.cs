using MathNet.Numerics.LinearAlgebra;

namespace Sharpness.LinearAlgebra;

/// <summary>An eigenpair with its true residual ‖A v − λ v‖₂ (v has unit norm).</summary>
public sealed record EigenPair(double Value, double[] Vector, double Residual);

/// <summary>Outcome of a Lanczos run: the wanted Ritz pairs (largest first for <see cref="Lanczos.Largest"/>,
/// smallest first for <see cref="Lanczos.Smallest"/>), the number of Lanczos steps, and whether every wanted pair met
/// the tolerance.</summary>
public sealed record LanczosResult(IReadOnlyList<EigenPair> Pairs, int Iterations, bool Converged)
{
    /// <summary>The first wanted pair.</summary>
    public EigenPair Top => Pairs[0];
}

/// <summary>Settings for <see cref="Lanczos"/>.</summary>
public sealed record LanczosOptions
{
    /// <summary>Most Lanczos steps (Krylov dimension); capped at the operator's dimension.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>Stop when every wanted Ritz residual estimate is at most Tolerance · max|θ|.</summary>
    public double Tolerance { get; init; } = 1e-13;

    /// <summary>Seed of the random start vector (the same seed gives bit-identical results).</summary>
    public int Seed { get; init; } = 20250930;

    /// <summary>Optional start vector (overrides the seed).</summary>
    public double[]? StartVector { get; init; }

    /// <summary>The default settings.</summary>
    public static LanczosOptions Default { get; } = new();
}

/// <summary>
/// Symmetric Lanczos with full reorthogonalization (classical Gram–Schmidt applied twice), for a few extreme
/// eigenpairs of a matrix-free symmetric operator. Every returned pair carries its true residual ‖Av − θv‖,
/// computed with one extra operator application.
/// </summary>
public static class Lanczos
{
    /// <summary>The <paramref name="count"/> largest eigenpairs, largest first.</summary>
    public static LanczosResult Largest(ISymmetricOperator op, int count = 1, LanczosOptions? options = null) =>
        Run(op, count, largest: true, options ?? LanczosOptions.Default);

    /// <summary>The <paramref name="count"/> smallest eigenpairs, smallest first.</summary>
    public static LanczosResult Smallest(ISymmetricOperator op, int count = 1, LanczosOptions? options = null) =>
        Run(op, count, largest: false, options ?? LanczosOptions.Default);

    private static LanczosResult Run(ISymmetricOperator op, int count, bool largest, LanczosOptions options)
    {
        ArgumentNullException.ThrowIfNull(op);
        int n = op.Dimension;
        if (n < 1) throw new ArgumentException("The operator has dimension 0.", nameof(op));
        if (count < 1 || count > n)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be between 1 and the dimension {n}.");
        int maxSteps = Math.Min(n, Math.Max(options.MaxIterations, count));

        var basis = new List<double[]>(Math.Min(maxSteps, 128));
        var alpha = new List<double>();
        var beta = new List<double>(); // beta[j] couples q_j and q_{j+1}

        var q = StartVector(n, options);
        var w = new double[n];
        Matrix<double>? ritzVectors = null;
        double[] ritzValues = [];
        int steps = 0;
        bool converged = false;

        while (steps < maxSteps)
        {
            basis.Add(q);
            op.Apply(q, w);
            double a = Dot(q, w);
            alpha.Add(a);
            Axpy(-a, q, w);
            if (steps > 0) Axpy(-beta[^1], basis[^2], w);
            for (int pass = 0; pass < 2; pass++)
                foreach (var v in basis) Axpy(-Dot(v, w), v, w);
            double b = Norm(w);
            steps++;

            bool exhausted = b <= 1e-14 * Math.Max(1.0, MaxAbs(alpha, beta)) || steps == n;
            bool check = exhausted || steps >= count && (steps < 40 || steps % 5 == 0 || steps == maxSteps);
            if (check)
            {
                (ritzValues, ritzVectors) = TridiagonalEigen(alpha, beta);
                double scale = ritzValues.Length == 0 ? 0 : Math.Max(Math.Abs(ritzValues[0]), Math.Abs(ritzValues[^1]));
                converged = exhausted || Wanted(ritzValues.Length, count, largest)
                    .All(k => Math.Abs(b * ritzVectors[steps - 1, k]) <= options.Tolerance * Math.Max(scale, double.Epsilon));
                if (converged && steps >= count) break;
            }
            if (exhausted) break;
            beta.Add(b);
            var next = new double[n];
            for (int i = 0; i < n; i++) next[i] = w[i] / b;
            q = next;
        }

        if (ritzVectors is null || ritzValues.Length != steps)
            (ritzValues, ritzVectors) = TridiagonalEigen(alpha, beta.Take(steps - 1).ToList());

        var pairs = new List<EigenPair>();
        var av = new double[n];
        foreach (int k in Wanted(ritzValues.Length, Math.Min(count, ritzValues.Length), largest))
        {
            var v = new double[n];
            for (int j = 0; j < steps; j++) Axpy(ritzVectors[j, k], basis[j], v);
            double norm = Norm(v);
            for (int i = 0; i < n; i++) v[i] /= norm;
            op.Apply(v, av);
            double theta = Dot(v, av); // Rayleigh quotient of the normalized Ritz vector
            Axpy(-theta, v, av);
            pairs.Add(new EigenPair(theta, v, Norm(av)));
        }
        return new LanczosResult(pairs, steps, converged);
    }

    private static IEnumerable<int> Wanted(int available, int count, bool largest) =>
        largest ? Enumerable.Range(0, Math.Min(count, available)).Select(k => available - 1 - k)
                : Enumerable.Range(0, Math.Min(count, available));

    private static (double[] Values, Matrix<double> Vectors) TridiagonalEigen(List<double> alpha, List<double> beta)
    {
        int k = alpha.Count;
        var t = Matrix<double>.Build.Dense(k, k);
        for (int i = 0; i < k; i++)
        {
            t[i, i] = alpha[i];
            if (i + 1 < k) { t[i, i + 1] = beta[i]; t[i + 1, i] = beta[i]; }
        }
        var evd = t.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric); // ascending eigenvalues
        return (evd.EigenValues.Select(z => z.Real).ToArray(), evd.EigenVectors);
    }

    private static double[] StartVector(int n, LanczosOptions options)
    {
        double[] v;
        if (options.StartVector is { } s)
        {
            if (s.Length != n) throw new ArgumentException($"The start vector has length {s.Length}, the operator dimension is {n}.");
            v = (double[])s.Clone();
        }
        else
        {
            var rng = new Random(options.Seed);
            v = new double[n];
            for (int i = 0; i < n; i++) v[i] = rng.NextDouble() - 0.5;
        }
        double norm = Norm(v);
        if (!(norm > 0) || !double.IsFinite(norm)) throw new ArgumentException("The start vector must be finite and nonzero.");
        for (int i = 0; i < n; i++) v[i] /= norm;
        return v;
    }

    private static double MaxAbs(List<double> a, List<double> b)
    {
        double m = 0;
        foreach (var x in a) m = Math.Max(m, Math.Abs(x));
        foreach (var x in b) m = Math.Max(m, Math.Abs(x));
        return m;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Euclidean norm; rescales first when the plain sum of squares would overflow or underflow.</summary>
    internal static double Norm(ReadOnlySpan<double> a)
    {
        double s = Dot(a, a);
        if (s is > 1e-280 and < 1e280 || s == 0) return Math.Sqrt(s);
        double max = 0;
        foreach (var x in a) max = Math.Max(max, Math.Abs(x));
        if (max == 0 || !double.IsFinite(max)) return max;
        double t = 0;
        foreach (var x in a) { double y = x / max; t += y * y; }
        return max * Math.Sqrt(t);
    }

    internal static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] += s * x[i];
    }
}
