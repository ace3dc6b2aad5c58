using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Model;

namespace Sharpness.Exact;

/// <summary>
/// Exact sharpness λmax(∇²𝓛) at a zero-loss point of 𝓛(W) = ½‖W_N⋯W_1 − M‖²_F, by the cheapest exact route:
/// depth 1 → 1; scalar chain → Σ_i Π_{j≠i} w_j²; d_0 = d_N = 1 → Σ‖A_i‖²‖B_i‖²; depth 2 → ‖L‖₂² + ‖R‖₂²;
/// otherwise λmax(K) with K(X) = Σ A_iA_iᵀ X B_iᵀB_i, dense for small mn and Lanczos otherwise (theory §2.3–2.5).
/// </summary>
/// <remarks>
/// The computation runs on the layers scaled by a common power of two 2^-k (exact), and λ is scaled back by
/// 2^{2k(N−1)}; so λ is finite whenever it is representable, even where the loss itself overflows (theory check 27).
/// </remarks>
public static class ExactSharpness
{
    private const string NotZeroLossHint =
        "Use HessianSpectrum or HessianLanczos for λmax(H) at this point, or set AllowNonzeroResidual to get λmax(K) anyway.";

    /// <summary>The exact sharpness of <paramref name="point"/> against <paramref name="target"/> (default: the
    /// point's own product, so the point is a zero-loss point by construction).</summary>
    /// <exception cref="NotZeroLossException">The point is not a zero-loss point of the target (and
    /// <see cref="ExactSharpnessOptions.AllowNonzeroResidual"/> is off).</exception>
    /// <exception cref="ShapeMismatchException">The target does not have the product's shape.</exception>
    /// <exception cref="OutsideDomainException">A forced <see cref="ExactSharpnessOptions.Route"/> does not apply.</exception>
    public static SharpnessResult Of(DeepFactorization point, Matrix<double>? target = null, ExactSharpnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        options ??= ExactSharpnessOptions.Default;
        // Without a target, M := P(W) and the residual is exactly zero: scaling every layer by a power of two
        // commutes exactly with the forward sweep, so the product (an O(mdn) matmul, the dominant cost of the
        // depth-2 route at large sizes) is never formed here.
        if (ZeroLossPoint.TryCreate(point, target, options.ResidualTolerance, out var zeroLoss, out double relativeResidual))
            return Of(zeroLoss, options);
        // Depth 1 is exempt: H = I at every point, residual or not (theory check 24).
        if (point.Depth > 1 && !options.AllowNonzeroResidual)
            throw new NotZeroLossException("The exact-sharpness formula λmax(H) = λmax(K)", relativeResidual, options.ResidualTolerance, NotZeroLossHint);
        return Evaluate(UnitScaling.Of(point), target, relativeResidual, zeroLoss: false, options);
    }

    /// <summary>The exact sharpness at a validated zero-loss point (its own tolerance applies;
    /// <see cref="ExactSharpnessOptions.ResidualTolerance"/> and <see cref="ExactSharpnessOptions.AllowNonzeroResidual"/>
    /// are not consulted).</summary>
    /// <exception cref="OutsideDomainException">A forced <see cref="ExactSharpnessOptions.Route"/> does not apply.</exception>
    public static SharpnessResult Of(ZeroLossPoint point, ExactSharpnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Evaluate(point.Scaling, point.IsOwnProduct ? null : point.Target, point.RelativeResidual, zeroLoss: true,
            options ?? ExactSharpnessOptions.Default);
    }

    // The routes run on the unit-scaled point W' = W / 2^k; λ(W) = 2^{2k(N−1)} λ(W') (ScalingPower.Curvature).
    private static SharpnessResult Evaluate(UnitScaling scaling, Matrix<double>? target, double relativeResidual, bool zeroLoss,
        ExactSharpnessOptions options)
    {
        var scaled = scaling.Unit;
        var route = options.Route ?? ChooseRoute(scaled, options);
        CheckRouteApplies(route, scaled);
        // A wide end (n or m far above the adjacent width): K on the small side, X₁ lifted back (WideSides).
        var wide = options.Route is null && route is SharpnessRoute.DenseK or SharpnessRoute.LanczosK ? WideSides.TryReduce(scaled) : null;
        var onto = wide?.Reduced ?? scaled;
        if (wide is not null)
            route = (long)onto.InputDimension * onto.OutputDimension <= options.DenseLimit ? SharpnessRoute.DenseK : SharpnessRoute.LanczosK;
        int single = 0; // single-precision applications (mixed-precision LanczosK only)
        Func<Matrix<double>>? outerProduct = null; // the depth-2 route's X₁ = uvᵀ, formed on first access
        var (lambda, x1, residual, iterations, applications) = route switch
        {
            SharpnessRoute.DepthOne => (1.0, UnitMatrix(scaled), 0.0, 0, 0),
            SharpnessRoute.ScalarChain => SmallK(scaled, ScalarChainValue(scaled)),
            // K is 1 × 1 here, so λmax is its trace Σ‖A_i‖²‖B_i‖².
            SharpnessRoute.VectorWidthScalar => SmallK(scaled, KOperator.Trace(scaled)),
            SharpnessRoute.DepthTwo => DepthTwo(scaled, options, out outerProduct),
            SharpnessRoute.DenseK => DenseK(onto),
            SharpnessRoute.LanczosK => LanczosK(onto, options, out single),
            _ => throw new ArgumentOutOfRangeException(nameof(options), route, "Unknown route."),
        };
        if (wide is not null) x1 = wide.Lift(x1!);
        Func<Matrix<double>> top = x1 is { } formed ? () => formed : outerProduct!;
        // At depth 1 the curvature power 2k(N−1) is 0: λ = 1 at every scale.
        return new SharpnessResult(scaling.ScaleBack(lambda, ScalingPower.Curvature), route, scaling.ScaleBack(residual, ScalingPower.Curvature),
            iterations, relativeResidual, zeroLoss, top, scaling.Original, target, scaled) { Applications = applications, SinglePrecisionApplications = single };
    }

    /// <summary>A unit null direction of the Hessian at a zero-loss point: the rescaling direction
    /// δW_1 = W_1, δW_2 = −W_2, other layers 0, normalized (J δW = (1 − 1) P = 0). The kit's choice of v_N
    /// (theory §2.3; the paper's own choice is not known).</summary>
    /// <exception cref="OutsideDomainException">Depth 1 (no null space) or W_1 = W_2 = 0.</exception>
    public static DeepFactorization RescalingNullDirection(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Depth < 2) throw new OutsideDomainException("At depth 1 the Hessian is the identity: there is no null direction.");
        double scale = Math.Max(Guard.MaxAbs([point.Layers[0]]), Guard.MaxAbs([point.Layers[1]]));
        if (scale == 0) throw new OutsideDomainException("W_1 and W_2 are both zero, so the rescaling direction vanishes.");
        var layers = point.Layers.Select((w, i) => i switch
        {
            0 => w / scale,
            1 => -w / scale,
            _ => Matrix<double>.Build.Dense(w.RowCount, w.ColumnCount),
        }).ToArray();
        var d = new DeepFactorization(layers);
        return d.Scale(1 / d.Norm());
    }

    private static SharpnessRoute ChooseRoute(DeepFactorization w, ExactSharpnessOptions options)
    {
        if (w.Depth == 1) return SharpnessRoute.DepthOne;
        if (w.IsScalarChain) return SharpnessRoute.ScalarChain;
        if (w.InputDimension == 1 && w.OutputDimension == 1) return SharpnessRoute.VectorWidthScalar;
        if (w.Depth == 2) return SharpnessRoute.DepthTwo;
        return (long)w.InputDimension * w.OutputDimension <= options.DenseLimit ? SharpnessRoute.DenseK : SharpnessRoute.LanczosK;
    }

    private static void CheckRouteApplies(SharpnessRoute route, DeepFactorization w)
    {
        string? problem = route switch
        {
            SharpnessRoute.DepthOne when w.Depth != 1 => $"needs depth 1, the point has depth {w.Depth}",
            SharpnessRoute.ScalarChain when !w.IsScalarChain => "needs all widths 1",
            SharpnessRoute.VectorWidthScalar when w.InputDimension != 1 || w.OutputDimension != 1 =>
                $"needs d_0 = d_N = 1, the point has d_0 = {w.InputDimension}, d_N = {w.OutputDimension}",
            SharpnessRoute.DepthTwo when w.Depth != 2 => $"needs depth 2, the point has depth {w.Depth}",
            _ => null,
        };
        if (problem is not null) throw new OutsideDomainException($"Route {route} does not apply: it {problem}.");
    }

    private static double ScalarChainValue(DeepFactorization w)
    {
        // g_i = Π_{j≠i} w_j by prefix and suffix products: exact for m = 0 too (one zero weight or more).
        int n = w.Depth;
        var weights = w.Layers.Select(l => l[0, 0]).ToArray();
        var prefix = new double[n + 1];
        var suffix = new double[n + 1];
        prefix[0] = 1;
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] * weights[i];
        suffix[n] = 1;
        for (int i = n - 1; i >= 0; i--) suffix[i] = suffix[i + 1] * weights[i];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double g = prefix[i] * suffix[i + 1];
            sum += g * g;
        }
        return sum;
    }

    // m = n = 1: K is the 1 × 1 matrix [λ]; the residual is measured against the K operator itself.
    private static (double, Matrix<double>, double, int, int) SmallK(DeepFactorization w, double lambda)
    {
        var x = UnitMatrix(w);
        double kx = new KOperator(w).Apply(x)[0, 0];
        return (lambda, x, Math.Abs(kx - lambda), 0, 1);
    }

    /// <summary>Entries of the smaller layer from which the depth-2 route runs its two Lanczos runs on two threads.</summary>
    internal const long ConcurrentTopEntries = 1 << 17;

    private static (double, Matrix<double>?, double, int, int) DepthTwo(DeepFactorization w, ExactSharpnessOptions options,
        out Func<Matrix<double>> outerProduct)
    {
        var w1 = w.Layers[0];   // Rᵀ (d × n)
        var l = w.Layers[1];    // L (m × d)
        // With the default Lanczos settings the point's cached triples serve the report's other uses of ‖L‖₂, ‖R‖₂.
        bool defaults = ReferenceEquals(options.Lanczos, LanczosOptions.Default);
        // Two independent Lanczos runs: L's on another thread when both layers are large enough to pay for it (a
        // million-parameter report spends ≈ 50 ms here); each run's bits do not depend on which thread runs it.
        Func<TopSingular> topOfL = defaults ? () => w.LayerTop(1) : () => SpectralNorm.Top(l, options.Lanczos);
        Func<TopSingular> topOfR = defaults ? () => w.LayerTop(0) : () => SpectralNorm.Top(w1, options.Lanczos);
        long smaller = Math.Min((long)l.RowCount * l.ColumnCount, (long)w1.RowCount * w1.ColumnCount);
        var concurrent = smaller >= ConcurrentTopEntries && Environment.ProcessorCount > 1 ? Task.Run(topOfL) : null;
        var topR = topOfR();
        var top = concurrent is null ? topOfL() : concurrent.GetAwaiter().GetResult();
        var u = top.Left;       // top left singular vector of L (ℝ^m)
        var v = topR.Right;     // top left singular vector of R = top right singular vector of W_1 (ℝ^n)
        double lambda = top.SquaredValue + topR.SquaredValue;

        // Residual of X₁ = u vᵀ under K(X) = L Lᵀ X + X R Rᵀ, by matrix–vector products only:
        // K X₁ − λ X₁ = a vᵀ + u bᵀ with a = LLᵀu − σ_L²u, b = RRᵀv − σ_R²v.
        var a = l * l.TransposeThisAndMultiply(u) - top.SquaredValue * u;
        var b = w1.TransposeThisAndMultiply(w1 * v) - topR.SquaredValue * v;
        double sq = a.DotProduct(a) * v.DotProduct(v) + u.DotProduct(u) * b.DotProduct(b) + 2 * a.DotProduct(u) * v.DotProduct(b);
        // Applications: Gram-operator products of the two Lanczos runs (steps + one residual each), then one K X₁.
        int applications = (top.Iterations > 0 ? top.Iterations + 1 : 0) + (topR.Iterations > 0 ? topR.Iterations + 1 : 0) + 1;
        // X₁ = uvᵀ is m × n: formed only when asked for, never by the route itself.
        outerProduct = () => u.OuterProduct(v);
        return (lambda, null, Math.Sqrt(Math.Max(sq, 0)), top.Iterations + topR.Iterations, applications);
    }


    private static (double, Matrix<double>, double, int, int) DenseK(DeepFactorization w) => DenseTop(new KOperator(w));

    /// <summary>λmax of any K operator (the plain one, or the data-aware K_X of theory §2.10) by the dense symmetric
    /// eigensolver: (λ, unit top eigenvector X₁ as an m × n matrix, ‖K X₁ − λ X₁‖_F, 0 iterations, 1 application).</summary>
    internal static (double Value, Matrix<double> Vector, double Residual, int Iterations, int Applications) DenseTop(KOperator op)
    {
        var evd = op.ToDense().Evd(Symmetricity.Symmetric); // ascending
        int dim = op.Dimension;
        double lambda = evd.EigenValues[dim - 1].Real;
        var vec = evd.EigenVectors.Column(dim - 1);
        // Dense K is in row-major vec: entry (a, b) sits at a·n + b.
        var x = Matrix<double>.Build.Dense(op.Rows, op.Columns, (a, b) => vec[a * op.Columns + b]);
        x /= x.FrobeniusNorm();
        var r = op.Apply(x) - lambda * x;
        return (lambda, x, Guard.FrobeniusNorm(r), 0, 1);
    }

    /// <summary>Typical Lanczos steps for λmax(K) to the default tolerance on the sizes measured (35–110; see
    /// BENCHMARKS.md): the basis size the memory estimate assumes.</summary>
    internal const int TypicalLanczosSteps = 120;

    /// <summary>Peak bytes the LanczosK route holds for <paramref name="point"/>, estimated before anything is
    /// allocated: the left and right factors A_i, B_i, the Gram matrices S_i, T_i and one m × n scratch
    /// (<see cref="KOperator.BytesFor"/>), and a Krylov basis of <see cref="TypicalLanczosSteps"/> vectors of
    /// length mn plus four work vectors.</summary>
    public static long LanczosMemory(DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        // A wide end is reduced first (WideSides): K then acts on the small side.
        var widths = WideSides.ReducedWidths(point);
        long m = widths[^1], n = widths[0];
        long factors = 0;
        for (int i = 0; i < point.Depth; i++) factors += m * widths[i + 1] + (long)widths[i] * n;
        long gramBytes = sizeof(double) * ((point.Depth - 1) * (m * m + n * n) + m * n); // KOperator.BytesFor of that shape
        return sizeof(double) * (factors + (TypicalLanczosSteps + 4) * m * n) + gramBytes;
    }

    /// <summary>Bytes this process can still allocate: MemAvailable (Linux /proc/meminfo) when readable, capped by
    /// the GC's limit (container or configured), less what the managed heap already holds.</summary>
    internal static long AvailableMemory() => Sharpness.AvailableMemory.Now();

    /// <summary>Throws <see cref="TooLargeException"/> (naming the size needed) when the exact route for
    /// <paramref name="point"/> plus <paramref name="extraBytes"/> (e.g. the caller's m × n target) would not fit in
    /// the memory available now. Only the LanczosK route has a working set beyond the layers and their factors.</summary>
    public static void RequireMemory(DeepFactorization point, long extraBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(point);
        var widths = WideSides.ReducedWidths(point);
        bool lanczos = point.Depth > 2 && !point.IsScalarChain && !(point.InputDimension == 1 && point.OutputDimension == 1) &&
            (long)widths[0] * widths[^1] > ExactSharpnessOptions.Default.DenseLimit;
        if (lanczos) RequireLanczosMemory(point, extraBytes);
        else
        {
            long need = extraBytes, available = AvailableMemory();
            if (need > available)
                throw new TooLargeException($"The {point.OutputDimension}×{point.InputDimension} product needs ≈ {Gib(need)} GiB, " +
                    $"but only {Gib(available)} GiB is available.", need, available);
        }
    }

    private static void RequireLanczosMemory(DeepFactorization w, long extraBytes = 0)
    {
        var widths = WideSides.ReducedWidths(w); // K's own size: the small side of a wide end
        long m = widths[^1], n = widths[0];
        long need = LanczosMemory(w) + extraBytes, available = AvailableMemory();
        string size = m == w.OutputDimension && n == w.InputDimension
            ? string.Create(CultureInfo.InvariantCulture, $"{w.OutputDimension}×{w.InputDimension} product (mn = {m * n:N0})")
            : string.Create(CultureInfo.InvariantCulture, $"{w.OutputDimension}×{w.InputDimension} product (K on its {m}×{n} small side, mn = {m * n:N0})");
        if (m * n > Array.MaxLength)
            throw new TooLargeException(string.Create(CultureInfo.InvariantCulture, $"K acts on vec(X) for the {size}, more entries than one array holds ({Array.MaxLength:N0}); ") +
                $"the Lanczos route would need ≈ {Gib(need)} GiB.", need, available);
        if (need > available)
            throw new TooLargeException($"λmax(K) for the {size} would need ≈ {Gib(need)} GiB (factors and Gram matrices " +
                $"{Gib(need - sizeof(double) * (TypicalLanczosSteps + 4) * m * n)} GiB, a Lanczos basis of ≈ {TypicalLanczosSteps} vectors of " +
                $"{Gib(sizeof(double) * m * n)} GiB each), but only {Gib(available)} GiB is available.", need, available);
    }

    private static string Gib(long bytes) => (bytes / (1024.0 * 1024 * 1024)).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private static (double, Matrix<double>, double, int, int) LanczosK(DeepFactorization w, ExactSharpnessOptions options, out int single)
    {
        single = 0;
        RequireLanczosMemory(w);
        var lanczos = options.Progress is null ? options.Lanczos : options.Lanczos with { Progress = options.Progress };
        var op = new KOperator(w, options.Lanczos.Kernels);
        if (lanczos.StartVector is null && options.StructuredStartRank > 0 && op.Dimension >= Lanczos.LargeDimension)
            lanczos = lanczos with { StartVector = KStartVector.TensorRitz(op, options.StructuredStartRank, lanczos.Seed) };
        if (UsesMixedPrecision(op, options))
        {
            var outcome = MixedPrecisionTop.Largest(op, lanczos);
            single = outcome.SingleApplications;
            var r = outcome.Result;
            return (r.Top.Value, Matrix<double>.Build.Dense(op.Rows, op.Columns, r.Top.Vector), r.Top.Residual, r.Iterations, r.Applications);
        }
        return LanczosTop(op, lanczos);
    }

    /// <summary>Whether the LanczosK route runs <see cref="MixedPrecisionTop"/>: <see cref="ExactSharpnessOptions.MixedPrecision"/>
    /// on, a large operator (mn ≥ <see cref="Lanczos.LargeDimension"/>) with single-precision products (fused OpenBLAS
    /// path, depth ≥ 3, sgemm self-test passed), and no thick-restart memory cap.</summary>
    internal static bool UsesMixedPrecision(KOperator op, ExactSharpnessOptions options) =>
        options.MixedPrecision && op.Dimension >= Lanczos.LargeDimension && op.HasSinglePrecision &&
        (options.Lanczos.RestartLength is null || options.Lanczos.RestartLength >= options.Lanczos.MaxIterations);

    /// <summary>λmax of any K operator by Lanczos with full reorthogonalization on the matrix-free K(X):
    /// (λ, X₁ as an m × n matrix, residual, steps, applications).</summary>
    internal static (double Value, Matrix<double> Vector, double Residual, int Iterations, int Applications) LanczosTop(KOperator op, LanczosOptions options)
    {
        var result = Lanczos.Largest(op, 1, options);
        var x = Matrix<double>.Build.Dense(op.Rows, op.Columns, result.Top.Vector); // column-major vec
        return (result.Top.Value, x, result.Top.Residual, result.Iterations, result.Applications);
    }

    private static Matrix<double> UnitMatrix(DeepFactorization w)
    {
        var x = Matrix<double>.Build.Dense(w.OutputDimension, w.InputDimension);
        x[0, 0] = 1;
        return x;
    }
}
