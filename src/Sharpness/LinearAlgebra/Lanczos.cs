using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.LinearAlgebra;

/// <summary>An eigenpair with its true residual ‖A v − λ v‖₂ (v has unit norm).</summary>
public sealed record EigenPair(double Value, double[] Vector, double Residual)
{
    /// <summary>
    /// A bound on |λ − Value| for the eigenvalue λ of A nearest Value: min(r, r²/γ) with r = <see cref="Residual"/>
    /// and γ the gap from Value to the rest of the spectrum, estimated by the neighbouring Ritz values θ_i less their
    /// residual estimates ρ_i, γ = min_i (|Value − θ_i| − ρ_i) (Parlett's gap theorem, <em>The Symmetric Eigenvalue
    /// Problem</em> §11.7; the same refinement as PROPACK's <c>refinebounds</c>, Larsen 1998). r alone bounds the
    /// distance to <em>some</em> eigenvalue; r²/γ is the Rayleigh quotient's quadratic accuracy, valid as long as no
    /// eigenvalue the Krylov space has not yet seen lies between Value and its Ritz neighbours (the assumption every
    /// Krylov method makes). On the thick-restart path r alone (no gap is tracked there).
    /// </summary>
    public double? ErrorBound { get; init; }
}

/// <summary>Outcome of a Lanczos run: the wanted Ritz pairs (largest first for <see cref="Lanczos.Largest"/>,
/// smallest first for <see cref="Lanczos.Smallest"/>), the number of Lanczos steps, and whether every wanted pair met
/// the tolerance.</summary>
public sealed record LanczosResult(IReadOnlyList<EigenPair> Pairs, int Iterations, bool Converged)
{
    /// <summary>Operator applications A·x in all: one per Lanczos step plus one per returned pair (its true
    /// residual).</summary>
    public int Applications { get; init; }

    /// <summary>Steps whose new vector was orthogonalized against the whole basis (every step on the managed path;
    /// on the native path, or with <see cref="LanczosOptions.SemiOrthogonal"/>, only steps where an overlap exceeded
    /// √ε, see <see cref="LanczosOptions.Kernels"/>).</summary>
    public int Reorthogonalizations { get; init; }

    /// <summary>Bytes held by the Krylov basis at the end (the run's dominant memory, ≈ 8·n·steps; with a
    /// <see cref="LanczosOptions.RestartLength"/>, at most 8·n·restart length).</summary>
    public long BasisBytes { get; init; }

    /// <summary>Thick restarts made (0 unless <see cref="LanczosOptions.RestartLength"/> was reached).</summary>
    public int Restarts { get; init; }

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

    /// <summary>
    /// Optional stopping rule on the eigenvalues themselves: besides the residual test of <see cref="Tolerance"/>,
    /// every wanted Ritz value must satisfy min(ρ_j, ρ_j²/γ_j) ≤ EigenvalueTolerance · max|θ|, where ρ_j = |β_k s_(k,j)|
    /// is its residual estimate and γ_j = min_i (|θ_j − θ_i| − ρ_i) over its Ritz neighbours the guarded gap (see
    /// <see cref="EigenPair.ErrorBound"/>). A Ritz value is accurate to about ρ²/γ long before its vector is accurate to
    /// ρ/γ, so with a loose <see cref="Tolerance"/> (which then only caps the residual) this stops as soon as the
    /// eigenvalues, not the eigenvectors, are as accurate as asked. When set, the convergence checks (the O(k²)
    /// last-row QL of <see cref="TridiagonalQl"/>) follow the observed geometric decrease: every step near the end,
    /// fewer while the tolerances are far away, instead of every 5 or 10 steps.
    /// <para>The gap bound assumes that no eigenvalue close to θ_j is still unresolved by the Krylov space: a start
    /// vector (a warm start) with a small component c on an eigenvector at distance δ from λ leaves an error c²δ that
    /// r²/γ does not see until T_k resolves it. The residual test bounds that case (the error is then at most about
    /// ρ), so keep <see cref="Tolerance"/> at the accuracy needed without any gap assumption.</para>
    /// Null (default): the residual test alone, checked as before. Not combinable with a <see cref="RestartLength"/>
    /// below <see cref="MaxIterations"/> (the thick-restart path has the residual test only).
    /// </summary>
    public double? EigenvalueTolerance { get; init; }

    /// <summary>
    /// Most basis vectors before a thick restart (null: no restart, one vector per step up to
    /// <see cref="MaxIterations"/>). With a restart length below MaxIterations the run keeps at most this many vectors
    /// of length n (<see cref="ThickRestartLanczos"/>), and MaxIterations bounds the Lanczos steps of all cycles
    /// together. Unset, or at least MaxIterations, the unrestarted algorithm runs (and its results are unchanged).
    /// </summary>
    public int? RestartLength { get; init; }

    /// <summary>Optional start vector (overrides the seed).</summary>
    public double[]? StartVector { get; init; }

    /// <summary>The dense kernels for reorthogonalization and Ritz vectors (null: <see cref="DenseKernels.For"/> the
    /// operator's size, so native only from n ≈ 16 000 on).
    /// The managed kernels use modified Gram–Schmidt applied twice, vector by vector, on every step; native ones
    /// measure the overlaps Qᵀw with blocked GEMVs on every step and subtract them (classical Gram–Schmidt with the DGKS
    /// second pass) only when one exceeds √ε·‖w‖, which keeps the basis semi-orthogonal by measurement and saves
    /// one pass over the basis on most steps (<see cref="KrylovBasis.Orthogonalize"/>).</summary>
    public DenseKernels? Kernels { get; init; }

    /// <summary>On the native path, subtract the overlaps with the basis on every step instead of only when one exceeds
    /// √ε (the managed path always does). Off by default: semi-orthogonality gives the same Ritz values and residuals
    /// with about one pass over the basis per step instead of two.</summary>
    public bool FullReorthogonalization { get; init; }

    /// <summary>On the managed path, too, keep the basis semi-orthogonal by measurement (the native path's rule: measure
    /// the overlaps Qᵀw every step, subtract them by classical Gram–Schmidt with the DGKS second pass only when one
    /// exceeds √ε·‖w‖; <see cref="KrylovBasis.Orthogonalize"/>) instead of modified Gram–Schmidt twice on every step.
    /// Ritz values are then as accurate as with full orthogonality (Simon, Math. Comp. 42, 1984) for about a quarter
    /// of the reorthogonalization work; off by default, so managed results keep their bits. Ignored on the native
    /// path (see <see cref="FullReorthogonalization"/>).</summary>
    public bool SemiOrthogonal { get; init; }

    /// <summary>Optional progress sink: one report per Lanczos step (each costs one operator application, so on the
    /// large operators where progress matters a report is cheap by comparison). It does not change the arithmetic.</summary>
    public IProgress<LanczosProgress>? Progress { get; init; }

    /// <summary>The default settings.</summary>
    public static LanczosOptions Default { get; } = new();

    /// <summary>Buffers kept between runs (the Krylov basis, the tridiagonal, the work vectors), for a caller that runs
    /// Lanczos again and again on operators of one dimension (the training tracker: one run every k GD steps). It
    /// changes no arithmetic, only where the numbers are stored. Not for concurrent runs.</summary>
    internal LanczosWorkspace? Workspace { get; init; }

    /// <summary>For a single wanted pair (count = 1, unrestarted): the Ritz vector's coefficients by inverse iteration
    /// on T_k at the Ritz value of the last convergence check (<see cref="TridiagonalQl.TryEigenvector"/>, O(k)) and the
    /// final residual estimates from that check's last row, instead of a dense k × k eigensolve (MathNet's Evd, O(k³),
    /// tens of µs at k ≈ 20: a tenth of a tracked estimate). Falls back to the dense solve when the inverse
    /// iteration's residual test fails. The same Ritz pair to working accuracy, not the same bits; off by default so
    /// that existing results keep theirs.</summary>
    internal bool RitzVectorByInverseIteration { get; init; }

    /// <summary>On the managed path: decide when to reorthogonalize by Simon's ω-recurrence (partial
    /// reorthogonalization, Simon 1984; Larsen's PROPACK) instead of measuring the overlaps Qᵀw on every step. The
    /// recurrence bounds |q_iᵀq_(j+1)| from α, β and the previous bounds in O(k) scalar work, with a rounding term
    /// ε√n‖A‖ added in the worst direction; when a bound exceeds √ε, the new vector and the next one are
    /// reorthogonalized against the whole basis (classical Gram–Schmidt with the DGKS second pass) and their bounds reset.
    /// The basis stays semi-orthogonal, so the Ritz values are as accurate as with full orthogonality (Simon), without
    /// the per-step pass over the basis. Off by default.</summary>
    internal bool PartialReorthogonalization { get; init; }
}

/// <summary>Storage reused across Lanczos runs of one dimension (<see cref="LanczosOptions.Workspace"/>).</summary>
internal sealed class LanczosWorkspace
{
    private KrylovBasis? _basis;
    private double[] _w = [], _av = [], _coefficients = [], _start = [];

    public List<double> Alpha { get; } = [];

    public List<double> Beta { get; } = [];

    public TridiagonalScratch Tridiagonal { get; } = new();

    private double[] _omega = [];

    /// <summary>Three rows of ω bounds (previous, current, next) of at least k + 1 entries each.</summary>
    public double[] Omega(int k) => _omega.Length >= 3 * (k + 1) ? _omega : _omega = new double[3 * (k + 1)];

    /// <summary>The basis of the last run (for tests: its orthogonality).</summary>
    public KrylovBasis? LastBasis => _basis;

    /// <summary>An empty basis of dimension n (its blocks kept from earlier runs).</summary>
    public KrylovBasis Basis(int n)
    {
        if (_basis is null || _basis.Dimension != n) _basis = new KrylovBasis(n);
        _basis.Clear();
        return _basis;
    }

    public double[] W(int n) => _w.Length == n ? _w : _w = new double[n];

    public double[] Start(int n) => _start.Length == n ? _start : _start = new double[n];

    public double[] Av(int n) => _av.Length == n ? _av : _av = new double[n];

    public double[] Coefficients(int k) => _coefficients.Length >= k ? _coefficients : _coefficients = new double[Math.Max(k, 2 * _coefficients.Length)];
}

/// <summary>
/// Symmetric Lanczos with full reorthogonalization (modified Gram–Schmidt applied twice; on the native path
/// semi-orthogonal by measurement, see <see cref="LanczosOptions.Kernels"/>), for a few extreme
/// eigenpairs of a matrix-free symmetric operator. Every returned pair carries its true residual ‖Av − θv‖,
/// computed with one extra operator application.
/// </summary>
/// <remarks>
/// <para>Convergence: the run stops when every wanted Ritz pair has the residual estimate |β_k s_{k,j}| at most
/// <see cref="LanczosOptions.Tolerance"/> · max|θ| (the Paige estimate, exact in exact arithmetic for the
/// Ritz pair of the k-step tridiagonal T_k = Sᵀ diag(θ) S).</para>
/// <para>Invariant subspaces: when β_k ≈ 0 (relative to the largest ‖Aq_j‖ seen) the Krylov space is invariant and its
/// Ritz pairs are exact. The run then restarts from a fresh seeded random vector orthogonal to the basis (β = 0
/// coupling) until a new block leaves the wanted values unchanged, so operators with few distinct eigenvalues (a
/// multiple of the identity, the zero operator, K at M = I) still yield the requested pairs with their
/// multiplicities, and a start vector inside an invariant subspace cannot hide the top eigenvalue.
/// A repeated eigenvalue that does not exhaust the Krylov space is seen only once: single-vector Lanczos finds
/// the extreme values, not their multiplicities (use a dense solver for those).</para>
/// <para>Determinism: the start vector comes from <c>new Random(Seed)</c>, and all arithmetic is sequential, so the
/// same seed and operator give bit-identical results on the same machine.</para>
/// </remarks>
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
        if (options.EigenvalueTolerance is { } eigenvalueTolerance)
        {
            if (!(eigenvalueTolerance > 0))
                throw new ArgumentOutOfRangeException(nameof(options), eigenvalueTolerance, "EigenvalueTolerance must be positive.");
            if (options.RestartLength is { } length && length < maxSteps)
                throw new ArgumentException("EigenvalueTolerance applies to unrestarted runs; it cannot be combined with a RestartLength below MaxIterations.", nameof(options));
        }
        // Reorthogonalization against ~64 vectors of length n per step: native (blocked) only where that pays.
        var kernels = options.Kernels ?? DenseKernels.For(64L * n);

        var workspace = options.Workspace;
        var basis = workspace?.Basis(n) ?? new KrylovBasis(n);
        var alpha = workspace?.Alpha ?? new List<double>();
        var beta = workspace?.Beta ?? new List<double>(); // beta[j] couples q_j and q_{j+1} (0 between restarted blocks)
        alpha.Clear();
        beta.Clear();

        var rng = new Random(options.Seed);
        var q = StartVector(n, options, rng, workspace?.Start(n));
        if (options.RestartLength is { } restartLength && restartLength < maxSteps)
            return ThickRestartLanczos.Run(op, count, largest, options, q, rng);
        var w = workspace?.W(n) ?? new double[n];
        Matrix<double>? ritzVectors = null;
        double[] ritzValues = [];
        double[] checkedLastRow = []; // the last check's last row of T_k's eigenvectors (QL path)
        int steps = 0, applications = 0, reorthogonalizations = 0;
        bool converged = false;
        double operatorScale = 0; // largest ‖A q_j‖ so far: the yardstick for "β is zero"
        double lastBeta = 0; // β_k of the last step: the residual estimates of the final Ritz pairs are |β_k s_(k,j)|
        bool eigenvalueRule = options.EigenvalueTolerance is not null;
        int nextCheck = 0, lastCheck = 0; // the eigenvalue rule's check schedule
        double lastExcess = double.PositiveInfinity;
        double[]? invariantValues = null; // wanted Ritz values at the last invariant subspace
        bool partial = options.PartialReorthogonalization && !kernels.IsNative;
        var omegaRows = partial ? workspace?.Omega(maxSteps) ?? new double[3 * (maxSteps + 1)] : [];
        int stride = maxSteps + 1;
        var omegaPrevious = omegaRows.AsSpan(0, partial ? stride : 0); // bounds on |q_(j−1)ᵀ q_i|
        var omegaCurrent = omegaRows.AsSpan(partial ? stride : 0, partial ? stride : 0); // on |q_jᵀ q_i|
        var omegaNext = omegaRows.AsSpan(partial ? 2 * stride : 0, partial ? stride : 0); // on |q_(j+1)ᵀ q_i|
        bool reorthogonalizeNext = true; // the first vector after the start (or a restart) is measured in full
        if (partial) omegaCurrent[0] = 1;
        int blockStart = 0; // first step of the current block (> 0 after an invariant-subspace restart)

        while (steps < maxSteps)
        {
            var qj = basis.Add(q);
            op.Apply(qj, w);
            applications++;
            operatorScale = Math.Max(operatorScale, Norm(w));
            double a = Dot(qj, w);
            alpha.Add(a);
            Axpy(-a, qj, w);
            if (steps > 0 && beta[^1] != 0) Axpy(-beta[^1], basis[basis.Count - 2], w);
            if (kernels.IsNative) { if (basis.Orthogonalize(kernels, w, options.FullReorthogonalization ? 0 : SemiOrthogonality)) reorthogonalizations++; }
            else if (partial)
            {
                if (PartialReorthogonalize(basis, kernels, w, alpha, beta, operatorScale, omegaPrevious, omegaCurrent, omegaNext, ref reorthogonalizeNext))
                    reorthogonalizations++;
                // Rotate the rows: next becomes current (with its own entry 1), current becomes previous.
                var recycled = omegaPrevious;
                omegaPrevious = omegaCurrent;
                omegaCurrent = omegaNext;
                omegaNext = recycled;
                omegaCurrent[basis.Count] = 1;
            }
            else if (options.SemiOrthogonal) { if (basis.Orthogonalize(kernels, w, SemiOrthogonality)) reorthogonalizations++; }
            else
            {
                for (int pass = 0; pass < 2; pass++)
                    for (int j = 0; j < basis.Count; j++) Axpy(-Dot(basis[j], w), basis[j], w);
            }
            double b = Norm(w);
            steps++;
            options.Progress?.Report(new LanczosProgress(steps, maxSteps, applications));

            lastBeta = b;
            bool invariant = b <= 1e-14 * operatorScale || steps == n;
            bool check = invariant || steps == maxSteps || steps >= count && (eigenvalueRule ? steps >= nextCheck : ShouldCheck(steps, n));
            if (check)
            {
                double[] lastRow;
                // Every check uses the O(k²) last-row QL instead of a dense k × k eigensolve (the dense one runs once,
                // for the Ritz vectors at the end): at n = 800 the dense checks were most of SpectralNorm.Top's time.
                if (TridiagonalQl.TryValuesAndLastRow(alpha, beta, out ritzValues, out lastRow))
                {
                    ritzVectors = null;
                    checkedLastRow = lastRow;
                }
                else
                {
                    (ritzValues, ritzVectors) = TridiagonalEigen(alpha, beta);
                    lastRow = ritzVectors.Row(steps - 1).ToArray();
                }
                double scale = Math.Max(Math.Abs(ritzValues[0]), Math.Abs(ritzValues[^1]));
                double floor = Math.Max(scale, double.Epsilon);
                var estimates = ResidualEstimates(b, lastRow);
                converged = invariant || Wanted(ritzValues.Length, count, largest).All(k =>
                    estimates[k] <= options.Tolerance * floor &&
                    (!eigenvalueRule || GapBound(ritzValues, estimates, k, estimates[k]) <= options.EigenvalueTolerance!.Value * floor));
                // After a restart the earlier blocks' pairs are exact (estimate 0) and can fill the wanted slots while
                // the new block has not yet reached what lies above them: the new block must settle its own top too.
                if (converged && !invariant && blockStart > 0)
                    converged = BlockSettled(alpha, beta, blockStart, b, count, largest, options.Tolerance * floor);
                if (invariant)
                {
                    // The Krylov space is exact but may miss copies of repeated eigenvalues (or, from an unlucky
                    // start vector, whole eigenvalues): restart in the orthogonal complement until a new block no
                    // longer changes the wanted values.
                    var values = Wanted(ritzValues.Length, count, largest).Select(k => ritzValues[k]).ToArray();
                    bool settled = invariantValues is not null && values.Length == invariantValues.Length &&
                        values.Zip(invariantValues).All(p => Math.Abs(p.First - p.Second) <= 1e-12 * Math.Max(scale, double.Epsilon));
                    invariantValues = values;
                    if (settled || steps == n) break;
                }
                else if (converged && steps >= count) break;
                else if (eigenvalueRule)
                {
                    // Schedule the next check: the excess (how far the worst wanted pair is above its tolerances)
                    // falls geometrically, so skip half the steps the last two checks predict (at most 8), and check
                    // every step near the end. Deterministic: it depends on the arithmetic only.
                    double excess = Wanted(ritzValues.Length, count, largest).Max(k => Math.Max(
                        estimates[k] / (options.Tolerance * floor),
                        GapBound(ritzValues, estimates, k, estimates[k]) / (options.EigenvalueTolerance!.Value * floor)));
                    int skip = 1;
                    if (lastExcess > excess && excess > 1)
                    {
                        double perStep = Math.Log(lastExcess / excess) / (steps - lastCheck);
                        skip = (int)Math.Clamp(Math.Floor(0.5 * Math.Log(excess) / perStep), 1, 8);
                    }
                    lastExcess = excess;
                    lastCheck = steps;
                    nextCheck = steps + skip;
                }
            }
            if (steps == maxSteps) break;
            if (invariant)
            {
                var restart = RestartVector(n, basis, rng);
                if (restart is null) { converged = true; break; }
                beta.Add(0);
                if (partial)
                {
                    // The restart vector was orthogonalized against the basis explicitly (two passes): its overlaps
                    // are at rounding level; the new block's first vector is reorthogonalized in full.
                    omegaCurrent[..basis.Count].Fill(Math.Pow(2, -52));
                    omegaCurrent[basis.Count] = 1;
                    reorthogonalizeNext = true;
                }
                q = restart;
                blockStart = steps;
                continue;
            }
            beta.Add(b);
            Scale(1 / b, w, q);
        }

        var coefficients = workspace?.Coefficients(steps) ?? new double[steps];
        // One wanted pair whose Ritz value the last check computed: its vector of T_k by inverse iteration (opt-in).
        bool inverseIteration = options.RitzVectorByInverseIteration && count == 1 && ritzVectors is null &&
            ritzValues.Length == steps && checkedLastRow.Length == steps &&
            TridiagonalQl.TryEigenvector(alpha, beta, ritzValues[largest ? steps - 1 : 0], coefficients.AsSpan(0, steps), workspace?.Tridiagonal ?? new TridiagonalScratch());
        if (!inverseIteration && (ritzVectors is null || ritzValues.Length != steps))
            (ritzValues, ritzVectors) = TridiagonalEigen(alpha, beta);

        var pairs = new List<EigenPair>();
        var av = workspace?.Av(n) ?? new double[n];
        var finalEstimates = ResidualEstimates(lastBeta, inverseIteration ? checkedLastRow : ritzVectors!.Row(steps - 1).ToArray());
        foreach (int k in Wanted(ritzValues.Length, Math.Min(count, ritzValues.Length), largest))
        {
            var v = new double[n];
            if (inverseIteration)
            {
                // coefficients holds the eigenvector of T_k already.
                if (kernels.IsNative) basis.Combine(kernels, coefficients.AsSpan(0, steps), v);
                else for (int j = 0; j < steps; j++) Axpy(coefficients[j], basis[j], v);
            }
            else if (kernels.IsNative)
            {
                for (int j = 0; j < steps; j++) coefficients[j] = ritzVectors![j, k];
                basis.Combine(kernels, coefficients.AsSpan(0, steps), v);
            }
            else
            {
                for (int j = 0; j < steps; j++) Axpy(ritzVectors![j, k], basis[j], v);
            }
            double norm = Norm(v);
            Scale(1 / norm, v, v);
            op.Apply(v, av);
            applications++;
            double theta = Dot(v, av); // Rayleigh quotient of the normalized Ritz vector
            Axpy(-theta, v, av);
            double residual = Norm(av);
            pairs.Add(new EigenPair(theta, v, residual) { ErrorBound = GapBound(ritzValues, finalEstimates, k, residual) });
        }
        return new LanczosResult(pairs, steps, converged)
        {
            Applications = applications,
            BasisBytes = basis.Bytes,
            Reorthogonalizations = kernels.IsNative || options.SemiOrthogonal || partial ? reorthogonalizations : steps,
        };
    }

    /// <summary>
    /// One step of partial reorthogonalization (<see cref="LanczosOptions.PartialReorthogonalization"/>) for the new
    /// vector w = β_j q_(j+1) (after the three-term recurrence; j = basis.Count − 1): the ω-recurrence
    /// β_j ω_(j+1,i) = β_i ω_(j,i+1) + (α_i − α_j) ω_(j,i) + β_(i−1) ω_(j,i−1) − β_(j−1) ω_(j−1,i) ± τ, τ = ε√n‖A‖
    /// (Simon 1984, eq. 3.5, with the random rounding term replaced by its bound in the direction that grows ω), and
    /// ω_(j+1,j) = τ/β_j. When some |ω_(j+1,i)| &gt; √ε, or the previous step reorthogonalized (Simon's rule: the next
    /// vector inherits the loss through ω_(j,·)), w is orthogonalized against the whole basis and its bounds reset to
    /// τ/β_j. Returns whether it reorthogonalized.
    /// </summary>
    private static bool PartialReorthogonalize(KrylovBasis basis, DenseKernels kernels, Span<double> w, List<double> alpha, List<double> beta,
        double operatorScale, Span<double> omegaPrevious, Span<double> omegaCurrent, Span<double> omegaNext, ref bool reorthogonalizeNext)
    {
        int j = basis.Count - 1;
        double b = Norm(w);
        double tau = Math.Pow(2, -52) * Math.Sqrt(basis.Dimension) * operatorScale;
        bool reorthogonalize = reorthogonalizeNext || !(b > 0);
        if (!reorthogonalize)
        {
            double alphaJ = alpha[j], betaPrevious = j > 0 ? beta[j - 1] : 0;
            for (int i = 0; i < j; i++)
            {
                double sum = beta[i] * omegaCurrent[i + 1] + (alpha[i] - alphaJ) * omegaCurrent[i] - betaPrevious * omegaPrevious[i];
                if (i > 0) sum += beta[i - 1] * omegaCurrent[i - 1];
                sum += Math.CopySign(tau, sum);
                double omega = sum / b;
                omegaNext[i] = omega;
                if (!(Math.Abs(omega) <= SemiOrthogonality)) reorthogonalize = true;
            }
        }
        bool pair = reorthogonalize && !reorthogonalizeNext; // triggered here: the next vector is reorthogonalized too
        if (reorthogonalize)
        {
            basis.Orthogonalize(kernels, w, 0);
            b = Norm(w);
            double reset = b > 0 ? tau / b : 0;
            for (int i = 0; i < j; i++) omegaNext[i] = reset;
        }
        omegaNext[j] = b > 0 ? tau / b : 0;
        reorthogonalizeNext = pair;
        return reorthogonalize;
    }

    /// <summary>
    /// Whether the current block (steps <paramref name="blockStart"/> onwards, coupled to the earlier blocks by β = 0)
    /// has its own wanted Ritz pairs within <paramref name="limit"/>: its tridiagonal is a diagonal block of T, so its
    /// Ritz pairs are T's with the same Paige estimates |β_k s_(k,j)|.
    /// </summary>
    private static bool BlockSettled(List<double> alpha, List<double> beta, int blockStart, double betaK, int count, bool largest, double limit)
    {
        int length = alpha.Count - blockStart;
        var blockAlpha = alpha.GetRange(blockStart, length);
        var blockBeta = beta.GetRange(blockStart, Math.Min(length, beta.Count - blockStart));
        double[] lastRow;
        if (!TridiagonalQl.TryValuesAndLastRow(blockAlpha, blockBeta, out var values, out lastRow))
        {
            var (v, vectors) = TridiagonalEigen(blockAlpha, blockBeta);
            values = v;
            lastRow = vectors.Row(length - 1).ToArray();
        }
        var estimates = ResidualEstimates(betaK, lastRow);
        return Wanted(values.Length, count, largest).All(k => estimates[k] <= limit);
    }

    /// <summary>ρ_j = |β_k s_(k,j)|, the residual estimates of the Ritz pairs (Paige).</summary>
    private static double[] ResidualEstimates(double betaK, double[] lastRow)
    {
        var rho = new double[lastRow.Length];
        for (int j = 0; j < rho.Length; j++) rho[j] = Math.Abs(betaK * lastRow[j]);
        return rho;
    }

    /// <summary>
    /// min(r, r²/γ) for Ritz value j (of the ascending <paramref name="values"/>) with residual r, where
    /// γ = min over its neighbours i = j ± 1 of |θ_j − θ_i| − ρ_i: the gap theorem (Parlett §11.7) with the gap
    /// guarded by the neighbours' own residual estimates, so that an unconverged neighbour shrinks it (PROPACK's
    /// refinebounds). Without neighbours, or when γ ≤ r, the residual alone (no gap is known).
    /// </summary>
    internal static double GapBound(double[] values, double[] estimates, int j, double r)
    {
        double gap = double.PositiveInfinity;
        if (j > 0) gap = Math.Min(gap, values[j] - values[j - 1] - estimates[j - 1]);
        if (j + 1 < values.Length) gap = Math.Min(gap, values[j + 1] - values[j] - estimates[j + 1]);
        return double.IsFinite(gap) && gap > r ? r * (r / gap) : r;
    }

    // Small operators check every 5 steps and every 10 beyond 100 (the schedule their results were fixed with: a
    // check per step would stop some runs a few steps earlier and change their last bits). On large operators
    // (n ≥ LargeDimension: one application of K at mn = 360 000 is a few GFlop) it runs after every step, which
    // saves up to four applications.
    private static bool ShouldCheck(int steps, int n) =>
        n >= LargeDimension || (steps <= 100 ? steps % 5 == 0 : steps % 10 == 0);

    /// <summary>√ε: the largest overlap |q_jᵀq_k| the native path leaves in the basis (Simon's semi-orthogonality).</summary>
    internal static readonly double SemiOrthogonality = Math.Sqrt(Math.Pow(2, -52));

    /// <summary>From this dimension on, convergence is checked after every step.</summary>
    internal const int LargeDimension = 20_000;

    private static IEnumerable<int> Wanted(int available, int count, bool largest) =>
        largest ? Enumerable.Range(0, Math.Min(count, available)).Select(k => available - 1 - k)
                : Enumerable.Range(0, Math.Min(count, available));

    /// <summary>Ascending eigenvalues and eigenvectors of the tridiagonal T (diagonal α, off-diagonal β) by MathNet's
    /// dense symmetric eigensolver (also the Ritz step of <c>MixedPrecisionTop</c>).</summary>
    internal static (double[] Values, Matrix<double> Vectors) TridiagonalEigen(List<double> alpha, List<double> beta)
    {
        int k = alpha.Count;
        var t = Matrix<double>.Build.Dense(k, k);
        for (int i = 0; i < k; i++)
        {
            t[i, i] = alpha[i];
            if (i + 1 < k) { t[i, i + 1] = beta[i]; t[i + 1, i] = beta[i]; } // beta may hold one extra entry
        }
        var evd = t.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric); // ascending eigenvalues
        return (evd.EigenValues.Select(z => z.Real).ToArray(), evd.EigenVectors);
    }

    /// <summary>The run's start: the given vector, or seeded uniform(−½, ½) entries; normalized.</summary>
    internal static double[] StartVector(int n, LanczosOptions options, Random rng, double[]? storage = null)
    {
        double[] v;
        if (options.StartVector is { } s)
        {
            if (s.Length != n) throw new ArgumentException($"The start vector has length {s.Length}, the operator dimension is {n}.");
            v = storage ?? new double[n];
            s.AsSpan().CopyTo(v);
        }
        else
        {
            v = storage ?? new double[n];
            for (int i = 0; i < n; i++) v[i] = rng.NextDouble() - 0.5;
        }
        double norm = Norm(v);
        if (!(norm > 0) || !double.IsFinite(norm)) throw new ArgumentException("The start vector must be finite and nonzero.");
        Scale(1 / norm, v, v);
        return v;
    }

    /// <summary>A seeded random unit vector orthogonal to the basis, or null when none is found (basis spans ℝⁿ).</summary>
    private static double[]? RestartVector(int n, KrylovBasis basis, Random rng)
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = rng.NextDouble() - 0.5;
            double before = Norm(v);
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < basis.Count; j++) Axpy(-Dot(basis[j], v), basis[j], v);
            double norm = Norm(v);
            if (norm > 1e-8 * before)
            {
                Scale(1 / norm, v, v);
                return v;
            }
        }
        return null;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => VectorKernels.Dot(a, b);

    internal static double Norm(ReadOnlySpan<double> a) => VectorKernels.Norm(a);

    internal static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y) => VectorKernels.Axpy(s, x, y);

    private static void Scale(double s, ReadOnlySpan<double> x, Span<double> y) => VectorKernels.Scale(s, x, y);
}
