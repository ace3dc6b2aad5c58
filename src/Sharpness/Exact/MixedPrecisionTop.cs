using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;

namespace Sharpness.Exact;

/// <summary>
/// λmax(K) and its unit eigenvector to the same residual tolerance as double-precision K-Lanczos, with most of the
/// work in single-precision products (<see cref="KOperator.ApplySingle"/>, twice the GEMM throughput):
/// <list type="number">
/// <item>Lanczos with double-precision recurrences and full reorthogonalization on K applied in single precision, until
/// the top Ritz pair's Paige estimate is at most <see cref="SingleTolerance"/>·θ (the most single-precision products can
/// resolve is ≈ 2⁻²⁴). Its Ritz vectors give x (the top one) and W (the next <see cref="DeflationVectors"/>).</item>
/// <item>Refinement in double precision, Jacobi–Davidson style (Sleijpen &amp; van der Vorst, SIAM J. Matrix Anal. Appl.
/// 17, 1996): Rayleigh–Ritz of K on span(x, t₁, t₂, …) with every basis vector's K·v in double; each correction t solves
/// the correction equation (I − xxᵀ)(θI − K)(I − xxᵀ) t = r, r = Kx − θx, by preconditioned conjugate gradients with
/// single-precision products (relative accuracy <see cref="CorrectionTolerance"/>: a correction need not be more
/// accurate than the products allow, since the double-precision residual of the next Rayleigh–Ritz step measures what
/// it achieved — mixed-precision iterative refinement).</item>
/// </list>
/// The preconditioner deflates the Ritz directions W of stage 1 (inverting θI − K on them by their Ritz values and
/// scaling the rest by 1/(θ − μ), μ the next Ritz value): those near-top directions are what makes the correction
/// equation hard (condition number (θ − λ_min)/(θ − λ₂)), and the single-precision Krylov space already holds them.
/// </summary>
/// <remarks>
/// <para>Cost, in double-precision applications with a single-precision one counted as ½ (the sgemm/dgemm throughput
/// ratio of OpenBLAS on AVX-512, measured 96 vs 48 GFlop/s at n = 600): 43 instead of 76 at depth 4 × width 600 and 60
/// instead of 110 at depth 3 × width 900 (the benchmark instances, structured start for both), to the same relative
/// residual; 1.7–1.8× fewer in the NumPy prototype (<c>tests/Sharpness.Benchmarks/Peer/mixed_precision.py</c>) at
/// widths 200 and 300. BENCHMARKS.md ("Exact sharpness at scale") has the tables.</para>
/// <para>The reported residual is ‖Kx − θx‖ with Kx = Σ_j u_j K v_j from the double-precision products of the
/// Rayleigh–Ritz basis (exact up to the rounding of that sum, ≈ ε·λ), so it certifies the pair as Lanczos's does. If
/// the refinement does not reach the tolerance in <see cref="MaxCorrections"/> corrections (e.g. a degenerate top
/// eigenvalue whose other copies keep the correction equation singular), double-precision Lanczos finishes from the
/// current x.</para>
/// <para>Determinism: the start vector is seeded as Lanczos's, all reductions run in a fixed order, and OpenBLAS is
/// deterministic for a fixed thread count, so the same seed gives bit-identical results on the same machine.</para>
/// </remarks>
internal static class MixedPrecisionTop
{
    /// <summary>Stage 1 stops when the top Paige estimate is at most this times θ.</summary>
    internal const double SingleTolerance = 1e-5;

    /// <summary>Ritz directions below the top that the correction preconditioner deflates.</summary>
    internal const int DeflationVectors = 5;

    /// <summary>Each correction solve stops when its residual fell by this factor (or by less, when that already
    /// suffices for the tolerance).</summary>
    internal const double CorrectionTolerance = 1e-4;

    /// <summary>Most corrections before double-precision Lanczos takes over (two suffice on the instances measured).</summary>
    internal const int MaxCorrections = 6;

    /// <summary>√(2⁻²⁴): the largest overlap stage 1 leaves in its basis.</summary>
    internal static readonly double SingleSemiOrthogonality = Math.Sqrt(Math.Pow(2, -24));

    /// <summary>Most conjugate-gradient steps per correction.</summary>
    internal const int MaxCorrectionSteps = 300;

    /// <summary>What the run did: the pair (as a <see cref="LanczosResult"/> with one pair), the single- and
    /// double-precision applications, and whether double-precision Lanczos had to finish.</summary>
    internal sealed record Outcome(LanczosResult Result, int SingleApplications, int DoubleApplications, bool FellBack);

    /// <summary>The top eigenpair of <paramref name="op"/> (which must have <see cref="KOperator.HasSinglePrecision"/>)
    /// to <see cref="LanczosOptions.Tolerance"/>·|θ| in the residual; start vector, seed, step cap and progress from
    /// <paramref name="options"/>.</summary>
    /// <param name="op">The operator.</param>
    /// <param name="options">Lanczos settings (tolerance, seed, start vector, most steps, progress).</param>
    /// <param name="maxCorrections">Most corrections (tests pass 0 to force the fallback).</param>
    public static Outcome Largest(KOperator op, LanczosOptions options, int maxCorrections = MaxCorrections)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(options);
        if (!op.HasSinglePrecision) throw new InvalidOperationException("The mixed-precision solver needs single-precision K products.");
        int n = op.Dimension;
        int maxSteps = Math.Min(n, Math.Max(options.MaxIterations, 2));
        int single = 0, dbl = 0;
        var stage = SingleLanczos(op, options, maxSteps);
        if (stage.Invariant)
        {
            // An invariant Krylov space: a start inside an invariant subspace, or an operator with few distinct
            // eigenvalues. Double-precision Lanczos restarts in such cases, but it can stop in the start's subspace after
            // one restart step, so it starts from the start plus a seeded random part (KStartVector.RandomPart of its
            // norm), which reaches every eigenvector; such operators converge in a few steps anyway.
            var start = Lanczos.StartVector(n, options, new Random(options.Seed));
            var rng = new Random(options.Seed + 1);
            double scale = KStartVector.RandomPart / Math.Sqrt(n / 12.0); // uniform(−½, ½) has variance 1/12
            for (int i = 0; i < n; i++) start[i] += scale * (rng.NextDouble() - 0.5);
            var plain = Lanczos.Largest(op, 1, options with { StartVector = start });
            return new Outcome(plain with { Applications = plain.Applications + stage.Steps }, stage.Steps, plain.Applications, FellBack: true);
        }
        single += stage.Steps;
        int steps = stage.Steps;

        // Stage 2: Rayleigh–Ritz in double on span(x, t₁, …), corrections by deflated CG on single-precision products.
        var v = new List<double[]> { stage.X };
        var kv = new List<double[]> { ApplyDouble(op, stage.X) };
        dbl++;
        double theta = 0, residual = double.PositiveInfinity;
        var x = new double[n];
        var kx = new double[n];
        var r = new double[n];
        bool converged = false;
        int corrections = 0, cgSteps = 0;
        for (int outer = 0; ; outer++)
        {
            theta = RayleighRitz(v, kv, x, kx);
            for (int i = 0; i < n; i++) r[i] = kx[i] - theta * x[i];
            residual = Lanczos.Norm(r);
            if (residual <= options.Tolerance * Math.Max(Math.Abs(theta), double.Epsilon)) { converged = true; break; }
            if (outer >= maxCorrections) break;
            // Solve no more accurately than the next step needs (half the remaining reduction), and never below what
            // single-precision products allow.
            double reduction = Math.Clamp(0.5 * options.Tolerance * Math.Abs(theta) / residual, CorrectionTolerance, 0.1);
            var t = Correction(op, x, r, theta, stage, reduction, ref single, ref cgSteps, options.Progress, maxSteps);
            corrections++;
            // A new, orthonormal direction (classical Gram–Schmidt twice against the Rayleigh–Ritz basis).
            double before = Lanczos.Norm(t);
            for (int pass = 0; pass < 2; pass++)
                foreach (var vj in v) Lanczos.Axpy(-Lanczos.Dot(vj, t), vj, t);
            double norm = Lanczos.Norm(t);
            if (!(norm > 1e-10 * before)) break; // no new direction: stalled
            VectorKernels.Scale(1 / norm, t, t);
            v.Add(t);
            kv.Add(ApplyDouble(op, t));
            dbl++;
        }

        long bytes = stage.BasisBytes + ((long)(v.Count + kv.Count + 6) * n + 2L * stage.W.Length) * sizeof(double);
        if (!converged)
        {
            // Double-precision Lanczos from the refined x: the certified answer whatever the refinement did.
            var rescue = Lanczos.Largest(op, 1, options with { StartVector = x });
            var result = rescue with { Applications = rescue.Applications + single + dbl, BasisBytes = Math.Max(rescue.BasisBytes, bytes) };
            return new Outcome(result, single, dbl + rescue.Applications, FellBack: true);
        }
        var pair = new EigenPair(theta, x, residual);
        return new Outcome(new LanczosResult([pair], steps + cgSteps + corrections, Converged: true)
        {
            Applications = single + dbl,
            BasisBytes = bytes,
            Reorthogonalizations = steps,
        }, single, dbl, FellBack: false);
    }

    // Stage 1's outcome: the top Ritz vector X, the next Ritz vectors W with their values, μ (the Ritz value below
    // the last of W), the steps taken, the bytes the basis held, and whether β fell to the products' noise level.
    // W holds the deflate = ThetaW.Length vectors contiguously (n × deflate, column-major).
    private sealed record StageOne(double[] X, double[] W, double[] ThetaW, double Mu, int Steps, long BasisBytes, bool Invariant);

    // Lanczos on the single-precision products, recurrences and basis in double, to SingleTolerance.
    private static StageOne SingleLanczos(KOperator op, LanczosOptions options, int maxSteps)
    {
        int n = op.Dimension;
        var kernels = op.Kernels;
        var q = Lanczos.StartVector(n, options, new Random(options.Seed));
        var basis = new KrylovBasis(n);
        var alpha = new List<double>();
        var beta = new List<double>();
        var w = new double[n];
        double operatorScale = 0;
        int steps = 0;
        bool invariant = false;
        while (steps < maxSteps)
        {
            var qj = basis.Add(q);
            op.ApplySingle(qj, w);
            operatorScale = Math.Max(operatorScale, Lanczos.Norm(w));
            double a = Lanczos.Dot(qj, w);
            alpha.Add(a);
            Lanczos.Axpy(-a, qj, w);
            if (steps > 0) Lanczos.Axpy(-beta[^1], basis[basis.Count - 2], w);
            // Semi-orthogonal at the products' own √ε (Simon 1984 with ε = 2⁻²⁴): the overlaps single-precision rounding
            // leaves (≈ 1e-7) stay, those from converging Ritz vectors are removed; one pass over Q on most steps.
            basis.Orthogonalize(kernels, w, SingleSemiOrthogonality);
            double b = Lanczos.Norm(w);
            steps++;
            options.Progress?.Report(new LanczosProgress(steps, maxSteps, steps));
            // β at single-precision noise level: the Krylov space is invariant as far as these products can tell.
            if (b <= 1e-6 * operatorScale) { invariant = true; break; }
            if (TridiagonalQl.TryValuesAndLastRow(alpha, beta, out var values, out var lastRow) &&
                Math.Abs(b * lastRow[^1]) <= SingleTolerance * Math.Abs(values[^1])) break;
            beta.Add(b);
            VectorKernels.Scale(1 / b, w, q);
        }

        var (ritzValues, ritzVectors) = Lanczos.TridiagonalEigen(alpha, beta);
        // x and W in one pass over the basis: column 0 the top Ritz vector, column 1 + j the (j + 2)-th.
        int deflate = Math.Min(DeflationVectors, steps - 1);
        var coefficients = new double[steps * (deflate + 1)];
        for (int l = 0; l <= deflate; l++)
            for (int j = 0; j < steps; j++) coefficients[l * steps + j] = ritzVectors[j, steps - 1 - l];
        var ritz = new double[(long)n * (deflate + 1)];
        basis.CombineMany(kernels, steps, deflate + 1, coefficients, ritz);
        for (int l = 0; l <= deflate; l++)
        {
            var column = ritz.AsSpan(l * n, n);
            VectorKernels.Scale(1 / Lanczos.Norm(column), column, column);
        }
        var x = ritz.AsSpan(0, n).ToArray();
        var ritzW = ritz.AsSpan(n, deflate * n).ToArray();
        var thetaW = Enumerable.Range(0, deflate).Select(j => ritzValues[steps - 2 - j]).ToArray();
        double mu = steps - 2 - deflate >= 0 ? ritzValues[steps - 2 - deflate] : ritzValues[0];
        return new StageOne(x, ritzW, thetaW, mu, steps, basis.Bytes, invariant);
    }

    // Solves (I − xxᵀ)(θI − K)(I − xxᵀ) t = (I − xxᵀ) r by CG with K in single precision, preconditioned by
    // P = (I − xxᵀ)[W̃ diag(1/(θ − θ_j)) W̃ᵀ + (I − W̃W̃ᵀ)/(θ − μ)](I − xxᵀ), W̃ an orthonormal basis of (I − xxᵀ)W. θI − K
    // is positive semidefinite on x's complement when θ ≈ λmax; a non-positive curvature pᵀAp means a direction with a
    // Rayleigh quotient above θ, which the next Rayleigh–Ritz step should see: CG stops and returns it.
    private static double[] Correction(KOperator op, double[] x, double[] rhs, double theta, StageOne stage, double reduction,
        ref int single, ref int cgSteps, IProgress<LanczosProgress>? progress, int maxSteps)
    {
        int n = x.Length;
        var kernels = op.Kernels;
        // W̃: an orthonormal basis of (I − xxᵀ)W (Gram–Schmidt twice), stored contiguously for two GEMVs per use.
        var wt = new double[stage.W.Length];
        var d = new List<double>();
        double floor = 1e-8 * Math.Abs(theta);
        int deflated = 0;
        for (int j = 0; j < stage.ThetaW.Length; j++)
        {
            var u = wt.AsSpan(deflated * n, n);
            stage.W.AsSpan(j * n, n).CopyTo(u);
            for (int pass = 0; pass < 2; pass++)
            {
                Lanczos.Axpy(-Lanczos.Dot(x, u), x, u);
                for (int i = 0; i < deflated; i++)
                {
                    var prev = wt.AsSpan(i * n, n);
                    Lanczos.Axpy(-Lanczos.Dot(prev, u), prev, u);
                }
            }
            double norm = Lanczos.Norm(u);
            if (!(norm > 1e-8)) continue;
            VectorKernels.Scale(1 / norm, u, u);
            d.Add(1 / Math.Max(theta - stage.ThetaW[j], floor));
            deflated++;
        }
        double c = 1 / Math.Max(theta - stage.Mu, floor);
        var coefficients = new double[deflated];

        void Precondition(double[] v, double[] z)
        {
            var w = wt.AsSpan(0, deflated * n);
            if (deflated > 0) kernels.Gemv(true, n, deflated, 1, w, v, 0, coefficients);      // W̃ᵀv
            for (int j = 0; j < deflated; j++) coefficients[j] *= d[j] - c;
            for (int i = 0; i < n; i++) z[i] = c * v[i];
            if (deflated > 0) kernels.Gemv(false, n, deflated, 1, w, coefficients, 1, z);     // + W̃ diag(d − c) W̃ᵀv
            Project(x, z);
        }

        var scratch = new double[n];
        void CorrectionOperator(double[] v, double[] y)
        {
            // v is kept orthogonal to x by construction (preconditioned residuals are projected).
            op.ApplySingle(v, y);
            for (int i = 0; i < n; i++) y[i] = theta * v[i] - y[i];
            Project(x, y);
        }

        var t = new double[n];
        var res = (double[])rhs.Clone();
        Project(x, res);
        double r0 = Lanczos.Norm(res);
        if (!(r0 > 0)) return t;
        var z = new double[n];
        Precondition(res, z);
        var p = (double[])z.Clone();
        double rz = Lanczos.Dot(res, z);
        for (int it = 1; it <= MaxCorrectionSteps; it++)
        {
            CorrectionOperator(p, scratch);
            single++;
            cgSteps++;
            progress?.Report(new LanczosProgress(stage.Steps + cgSteps, Math.Max(maxSteps, stage.Steps + cgSteps), single));
            double pap = Lanczos.Dot(p, scratch);
            if (!(pap > 0))
            {
                if (it == 1) return p;
                break;
            }
            double step = rz / pap;
            Lanczos.Axpy(step, p, t);
            Lanczos.Axpy(-step, scratch, res);
            if (Lanczos.Norm(res) <= reduction * r0) break;
            Precondition(res, z);
            double rzNext = Lanczos.Dot(res, z);
            if (!(rzNext > 0)) break;
            double ratio = rzNext / rz;
            for (int i = 0; i < n; i++) p[i] = z[i] + ratio * p[i];
            rz = rzNext;
        }
        return t;
    }

    // Top Rayleigh–Ritz pair of K on span(v) (v orthonormal, kv = K v in double): writes x = V u and kx = (KV) u, both
    // scaled by 1/‖V u‖, and returns θ = uᵀ(VᵀKV)u.
    private static double RayleighRitz(List<double[]> v, List<double[]> kv, double[] x, double[] kx)
    {
        int k = v.Count;
        var h = Matrix<double>.Build.Dense(k, k);
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++)
            {
                double hij = (Lanczos.Dot(v[i], kv[j]) + Lanczos.Dot(v[j], kv[i])) / 2;
                h[i, j] = hij;
                h[j, i] = hij;
            }
        var evd = h.Evd(Symmetricity.Symmetric); // ascending
        var u = evd.EigenVectors.Column(k - 1);
        Array.Clear(x);
        Array.Clear(kx);
        for (int j = 0; j < k; j++)
        {
            Lanczos.Axpy(u[j], v[j], x);
            Lanczos.Axpy(u[j], kv[j], kx);
        }
        double norm = Lanczos.Norm(x);
        VectorKernels.Scale(1 / norm, x, x);
        VectorKernels.Scale(1 / norm, kx, kx);
        return Lanczos.Dot(x, kx);
    }

    private static double[] ApplyDouble(KOperator op, double[] x)
    {
        var y = new double[x.Length];
        op.Apply(x, y);
        return y;
    }

    private static void Project(double[] x, double[] v) => Lanczos.Axpy(-Lanczos.Dot(x, v), x, v);
}
