using MathNet.Numerics.LinearAlgebra;
using Sharpness.Certified;
using Sharpness.Cli.Hosting;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.LinearAlgebra;
using Sharpness.Measures;
using Sharpness.Model;
using Sharpness.Verification;

namespace Sharpness.Cli.Analyze;

/// <summary>
/// Everything <c>sharpness analyze</c> reports about a point W and a target M. The numbers come from the library;
/// this type only decides which quantities apply (the zero-loss formulas need P(W) = M, theory §2.2).
/// </summary>
public sealed record Analysis
{
    /// <summary>Largest parameter count for which --verify builds the dense Hessian.</summary>
    public const int DenseVerifyLimit = 3000;

    /// <summary>Depth N.</summary>
    public required int Depth { get; init; }

    /// <summary>(rows, columns) of W_1..W_N, first layer first.</summary>
    public required IReadOnlyList<(int Rows, int Columns)> Shapes { get; init; }

    /// <summary>Parameter count Σ d_i d_(i-1).</summary>
    public required int Parameters { get; init; }

    /// <summary>‖P(W) − M‖_F / ‖M‖_F, or ‖P(W)‖_F when M = 0.</summary>
    public required double RelativeLossResidual { get; init; }

    /// <summary>True when the point is a zero-loss point of M (within the library's tolerance), so the exact
    /// formulas (sharpness = λmax(K), minimal sharpness, flatness, trace, Frobenius) apply.</summary>
    public required bool ZeroLoss { get; init; }

    /// <summary>λmax of the Hessian.</summary>
    public required double Sharpness { get; init; }

    /// <summary>How <see cref="Sharpness"/> was computed: an exact route, or HessianLanczos off zero loss.</summary>
    public required string Route { get; init; }

    /// <summary>Smallest sharpness over all zero-loss points of M with these widths (zero loss only).</summary>
    public double? MinimalSharpness { get; init; }

    /// <summary>ρ = sharpness / minimal sharpness (zero loss only; null when the minimum is 0).</summary>
    public double? Rho { get; init; }

    /// <summary>Whether the point is a flat minimizer (zero loss only).</summary>
    public bool? Flat { get; init; }

    /// <summary>Why the point is or is not flat, in words (zero loss only).</summary>
    public string? FlatnessReason { get; init; }

    /// <summary>‖A_i‖₂‖B_i‖₂ for i = 1..N.</summary>
    public IReadOnlyList<double> SpectralProducts { get; init; } = [];

    /// <summary>tr H (zero loss only).</summary>
    public double? Trace { get; init; }

    /// <summary>‖H‖_F (zero loss only).</summary>
    public double? HessianFrobenius { get; init; }

    /// <summary>The dense kernels λ ran on (<see cref="global::Sharpness.LinearAlgebra.Kernels.DenseKernels.Status"/>).</summary>
    public string Kernels { get; init; } = global::Sharpness.LinearAlgebra.Kernels.DenseKernels.Status;

    /// <summary>Operator applications the route for λ made (K·X, Gram products, or Hessian–vector products).</summary>
    public int Applications { get; init; }

    /// <summary>The final relative eigen-residual of λ's eigenvector (‖K X₁ − λ X₁‖/λ, or of H off zero loss).</summary>
    public double RelativeEigenResidual { get; init; }

    /// <summary>The JSON keys of the quantities that exist at this point but overflow double precision (e.g. the
    /// trace, which can reach P·λ while λ itself is a double); their values are then null in JSON, and the text
    /// report says "overflows" instead of a number.</summary>
    public IReadOnlyList<string> Overflows { get; init; } = [];

    /// <summary>Off zero loss only: the certified interval for λmax(H) (Weyl: λmax(K) ± a bound on ‖R(E)‖₂), with
    /// s_min of the target, ρ relative to it and tr H, which hold at any point.</summary>
    public CertifiedSharpness? Certified { get; init; }

    /// <summary>The brute-force values, when asked for.</summary>
    public VerificationResult? Verification { get; init; }

    /// <summary>Analyzes the point against the target (with the default check when <paramref name="verify"/>); a null
    /// target is M := P(W).</summary>
    public static Analysis Of(DeepFactorization point, Matrix<double>? target, bool verify) =>
        Of(point, target, verify ? new VerifyRequest() : null);

    /// <summary>
    /// Analyzes the point against the target (null: M := P(W), which is then formed only where a part of the report
    /// needs it — never for a wide network with a narrow hidden layer, <see cref="DeepFactorization.HasThinProduct"/>:
    /// the SVD of M, the balance checks, trace and ‖H‖_F come from the thin factors). With <paramref name="verify"/>, the brute-force check is planned first
    /// (<see cref="VerificationPlan"/>: memory and time of each part) and refused before anything large is allocated
    /// when it does not fit, unless forced; <paramref name="planned"/> sees the plan before the work starts.
    /// </summary>
    /// <exception cref="CliException">The check does not fit in memory and <see cref="VerifyRequest.Force"/> is off
    /// (exit code <see cref="ExitCodes.NotComputable"/>, the message names both sizes and the alternatives).</exception>
    public static Analysis Of(DeepFactorization point, Matrix<double>? target, VerifyRequest? verify, Action<VerificationPlan>? planned = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (verify is { Force: false } && target is null && point.HasThinProduct) RequireProductMemory(point);
        // The loss (and its m × n residual) only for a given target or the brute-force check; M := P(W) has residual 0.
        var loss = target is not null || verify is not null ? new FactorizationLoss(point, target ?? point.Product()) : null;
        // The check runs at unit scale (exact powers of two), so it is planned there too.
        var checkScale = verify is null ? null : UnitScaling.Beyond(point, skipUpTo: 100);
        var checkLoss = checkScale is null ? null
            : checkScale.Exponent == 0 ? loss
            : new FactorizationLoss(checkScale.Unit, checkScale.ToUnit(loss!.Target, ScalingPower.Product));
        VerificationPlan? plan = null;
        if (verify is not null)
        {
            plan = Approve(VerificationPlan.For(checkLoss!, verify.DenseLimit, verify.MemoryLimit), verify, planned);
        }
        // λmax(H) by the library's one call: exact at a zero-loss point; off zero loss H = JᵀJ + R(E) and λmax(K) is
        // not λmax(H), so Lanczos on the exact HVP, with the certified Weyl interval λmax(K) ± ‖R(E)‖₂ around it
        // (issue 14, item 3) built on that same Lanczos run.
        var hessian = HessianSharpness.Of(point, target);
        var zeroLoss = hessian.ZeroLoss;
        var exact = hessian.Exact;
        var certified = zeroLoss is null ? CertifiedSharpness.Of(hessian) : null;
        double sharpness = hessian.Value;
        string route = exact?.Route.ToString() ?? "HessianLanczos";
        int applications = hessian.Applications;
        double eigenResidual = hessian.RelativeEigenResidual;

        if (!double.IsFinite(sharpness))
            throw new CliException(ExitCodes.NotComputable,
                $"λmax overflows double precision at this point (route {route}); the layers are too large, rescale them");

        FlatnessVerdict? verdict = null;
        string? flatnessProblem = null;
        double? trace = null, frobenius = null;
        if (zeroLoss is not null)
        {
            // One after the other: computed beside the verdict on another thread they saved nothing measurable (both
            // are OpenBLAS-bound, on the same two cores) and held both sets of Gram-sized work matrices at once
            // (+90 MiB peak at depth 4 × 600).
            verdict = TryVerdict(zeroLoss, exact!, out flatnessProblem);
            trace = HessianTrace.Of(zeroLoss);
            frobenius = HessianFrobeniusNorm.Of(zeroLoss);
        }

        return new Analysis
        {
            Depth = point.Depth,
            Shapes = point.Layers.Select(w => (w.RowCount, w.ColumnCount)).ToArray(),
            Parameters = point.ParameterCount,
            RelativeLossResidual = loss?.RelativeResidual ?? 0,
            ZeroLoss = zeroLoss is not null,
            Sharpness = sharpness,
            Route = route,
            Applications = applications,
            RelativeEigenResidual = eigenResidual,
            MinimalSharpness = verdict?.MinimalSharpness,
            Rho = verdict?.Ratio,
            Flat = verdict?.IsFlat,
            FlatnessReason = verdict?.Reason ?? flatnessProblem,
            SpectralProducts = verdict?.Spectral.Products ?? SpectralBalance.ProductsOf(point), // the verdict's, when it has them
            Trace = trace,
            HessianFrobenius = frobenius,
            Overflows = new (string Key, double? Value)[]
                {
                    ("minimalSharpness", verdict?.MinimalSharpness), ("rho", verdict?.Ratio), ("trace", trace), ("hessianFrobenius", frobenius),
                }
                .Where(q => q.Value is { } v && double.IsInfinity(v) && !(q.Key == "rho" && verdict?.MinimalSharpness == 0))
                .Select(q => q.Key).ToArray(),
            Verification = plan is null ? null : Verify(checkLoss!, checkScale!, plan),
            Certified = certified is { } c && double.IsFinite(c.Upper) && double.IsFinite(c.Lower) ? c : null,
        };
    }

    // The brute-force check works on the m × n product and residual, which the report of a thin product never forms:
    // refuse before forming it (exit 13, one line with the size and what avoids it) when M and the check's three m × n
    // matrices (VerificationPlan.LanczosBytesFor) would not fit.
    private static void RequireProductMemory(DeepFactorization point)
    {
        try
        {
            ExactSharpness.RequireMemory(point, extraBytes: 4L * sizeof(double) * point.OutputDimension * point.InputDimension);
        }
        catch (TooLargeException e)
        {
            throw new CliException(ExitCodes.NotComputable,
                $"--verify works on the {point.OutputDimension}×{point.InputDimension} product M = W{point.Depth}⋯W1 and its residual: {e.Message} " +
                "Without --verify the report needs neither (it works from the thin factors); --force runs the check anyway.");
        }
    }

    /// <summary>Refuses <paramref name="plan"/> (exit <see cref="ExitCodes.NotComputable"/>, both sizes and the
    /// alternatives) when it does not fit and <see cref="VerifyRequest.Force"/> is off, else shows it to
    /// <paramref name="planned"/> and returns it. Shared by the matrix and the data checks.</summary>
    internal static VerificationPlan Approve(VerificationPlan plan, VerifyRequest verify, Action<VerificationPlan>? planned)
    {
        try
        {
            if (!verify.Force) plan.Require("--force", "--dense-limit 0");
        }
        catch (TooLargeException e)
        {
            throw new CliException(ExitCodes.NotComputable, $"--verify: {e.Message}");
        }
        planned?.Invoke(plan);
        return plan;
    }

    // The verdict needs min_i d_i ≥ rank M. A target read from a file can be within the zero-loss tolerance of P(W)
    // and still have tiny extra singular values above the rank threshold; then no verdict is given, with the reason.
    private static FlatnessVerdict? TryVerdict(ZeroLossPoint zeroLoss, SharpnessResult sharpness, out string? problem)
    {
        try
        {
            problem = null;
            return FlatnessVerdict.Of(zeroLoss, sharpness); // the λ already computed: one λ per report
        }
        catch (OutsideDomainException e)
        {
            problem = $"No flatness verdict: {e.Message}";
            return null;
        }
    }

    // The brute-force verifiers work at the given scale, and their eigensolvers fail on overflowing entries.
    // H(sW; s^N M) = s^(2N−2) H(W; M) exactly, so at extreme scales verify at s = 2^-k (exact) and scale back.
    private static VerificationResult Verify(FactorizationLoss unitLoss, UnitScaling scaling, VerificationPlan plan)
    {
        double? dense = null, denseResidual = null;
        if (plan.Dense)
        {
            var spectrum = HessianSpectrum.Of(unitLoss);
            dense = spectrum.Largest;
            denseResidual = spectrum.Residual(0);
        }
        var lanczos = HessianLanczos.Largest(unitLoss, 1, plan.LanczosOptions);
        double Back(double x) => scaling.Exponent == 0 ? x : scaling.ScaleBack(x, ScalingPower.Curvature);
        return new VerificationResult(dense is { } d ? Back(d) : null, denseResidual is { } dr ? Back(dr) : null,
            Back(lanczos.Top.Value), Back(lanczos.Top.Residual), lanczos.Iterations, lanczos.Converged)
        {
            Plan = plan,
            LanczosRestarts = lanczos.Restarts,
            LanczosBasisBytes = lanczos.BasisBytes,
        };
    }
}
