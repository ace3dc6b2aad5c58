using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.Model;

namespace Sharpness.Verification;

/// <summary>
/// What the brute-force check of λmax(H) will cost before it runs: the dense P × P Hessian (built from P
/// Hessian–vector products, then a dense symmetric eigendecomposition) and Lanczos on the Hessian–vector product,
/// restarted (<see cref="LanczosOptions.RestartLength"/>) when a full basis would not fit, with the memory each
/// holds at its peak and a time estimate from one measured Hessian–vector product and one small measured
/// eigendecomposition. <see cref="Require"/> refuses a plan that does not fit.
/// </summary>
public sealed record VerificationPlan
{
    /// <summary>The fewest basis vectors a restarted run may keep (below this the restarts cost more than they save).</summary>
    public const int MinimumRestartLength = 8;

    /// <summary>Lanczos steps of an unrestarted run (the library's default).</summary>
    public static int UnrestartedSteps => LanczosOptions.Default.MaxIterations;

    /// <summary>Total Lanczos steps allowed when the run is restarted (restarts converge in more steps).</summary>
    public const int RestartedSteps = 3000;

    /// <summary>Lanczos steps a typical check takes (the time estimate; the run stops earlier when it converges).</summary>
    public const int TypicalSteps = 150;

    /// <summary>Parameter count P.</summary>
    public required int Parameters { get; init; }

    /// <summary>Whether the dense Hessian is part of the plan.</summary>
    public required bool Dense { get; init; }

    /// <summary>Peak bytes of the dense check: the Hessian, its symmetrized copy and the eigenvectors (≈ 4·8·P²).</summary>
    public required long DenseBytes { get; init; }

    /// <summary>Estimated seconds of the dense check (P products plus the eigendecomposition).</summary>
    public required double DenseSeconds { get; init; }

    /// <summary>Basis vectors the Lanczos run may hold (its restart length; the full step count when unrestarted).</summary>
    public required int LanczosBasisVectors { get; init; }

    /// <summary>True when the Lanczos basis is capped below <see cref="UnrestartedSteps"/> (thick restarts).</summary>
    public bool Restarted => LanczosBasisVectors < UnrestartedSteps;

    /// <summary>Peak bytes of the Lanczos check: the basis, a few work vectors and the product's own working set.</summary>
    public required long LanczosBytes { get; init; }

    /// <summary>Estimated seconds of the Lanczos check (<see cref="TypicalSteps"/> products and reorthogonalization).</summary>
    public required double LanczosSeconds { get; init; }

    /// <summary>The memory the plan was made against (available now, or the caller's limit).</summary>
    public required long AvailableBytes { get; init; }

    /// <summary>Seconds one Hessian–vector product took when measured for this plan.</summary>
    public required double ProductSeconds { get; init; }

    /// <summary>Peak bytes of the whole check (the two parts run one after the other: the larger of them, plus what
    /// the dense part keeps while Lanczos runs, which is nothing).</summary>
    public long RequiredBytes => Math.Max(Dense ? DenseBytes : 0, LanczosBytes);

    /// <summary>Whether the plan fits in <see cref="AvailableBytes"/>.</summary>
    public bool Fits => RequiredBytes <= AvailableBytes;

    /// <summary>The Lanczos options that hold the basis to <see cref="LanczosBasisVectors"/>.</summary>
    public LanczosOptions LanczosOptions => Restarted
        ? LanczosOptions.Default with { RestartLength = LanczosBasisVectors, MaxIterations = RestartedSteps }
        : LanczosOptions.Default;

    /// <summary>Peak bytes of the dense check at P parameters.</summary>
    public static long DenseBytesFor(long parameters) => 4 * sizeof(double) * parameters * parameters;

    /// <summary>Peak bytes of a Lanczos check holding <paramref name="basisVectors"/> vectors at this point: the basis
    /// and six work vectors of length P, and the product's working set (the layer factors A_i, B_i and their forward
    /// derivatives, the residual and two m × n products).</summary>
    public static long LanczosBytesFor(DeepFactorization point, int basisVectors)
    {
        ArgumentNullException.ThrowIfNull(point);
        long p = point.ParameterCount, m = point.OutputDimension, n = point.InputDimension;
        // A_i is m × d_i and B_i is d_(i−1) × n, except the identity ends A_N = I_m and B_1 = I_n (stored diagonally).
        long factors = 0;
        for (int i = 0; i < point.Depth; i++)
            factors += (i == point.Depth - 1 ? m : m * point.Widths[i + 1]) + (i == 0 ? n : (long)point.Widths[i] * n);
        return sizeof(double) * ((basisVectors + 6L) * p + 2 * factors + 3 * m * n);
    }

    /// <summary>
    /// The Lanczos basis the check may hold at this point within <paramref name="availableBytes"/>: the full
    /// <see cref="UnrestartedSteps"/> when its working set fits in half the memory (the rest is the process, the kernels'
    /// scratch and the rounding of estimates), else the most vectors that do, but at least
    /// <see cref="MinimumRestartLength"/>.
    /// </summary>
    public static int BasisVectorsFor(DeepFactorization point, long availableBytes)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (LanczosBytesFor(point, UnrestartedSteps) <= availableBytes / 2) return UnrestartedSteps;
        long perVector = sizeof(double) * (long)point.ParameterCount;
        long room = availableBytes / 2 - LanczosBytesFor(point, 0);
        return (int)Math.Clamp(room / Math.Max(perVector, 1), MinimumRestartLength, UnrestartedSteps - 1);
    }

    /// <summary>
    /// Plans the check for <paramref name="loss"/>: the dense Hessian when P ≤ <paramref name="denseLimit"/>; Lanczos
    /// unrestarted when its full basis fits in half the memory, else restarted with the longest basis that does
    /// (at least <see cref="MinimumRestartLength"/> vectors). Measures one Hessian–vector product (and, with the
    /// dense part, a 96 × 96 eigendecomposition) for the time estimates.
    /// </summary>
    /// <param name="loss">The loss at the point.</param>
    /// <param name="denseLimit">Largest P for the dense Hessian (0: Lanczos only).</param>
    /// <param name="availableBytes">The memory to plan against (null: what this process can allocate now).</param>
    public static VerificationPlan For(FactorizationLoss loss, int denseLimit, long? availableBytes = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return For(loss.Point, loss.HessianTimes, denseLimit, availableBytes);
    }

    /// <summary>
    /// Plans the check of any loss given by its point and exact Hessian–vector product by the same rules as
    /// <see cref="For(FactorizationLoss, int, long?)"/> — e.g. the data loss ½‖W_N⋯W_1X − Y‖²_F (theory §2.10):
    /// <c>VerificationPlan.For(loss.Point, loss.HessianTimes, …)</c> with a <c>Sharpness.Data.DataLoss</c> (the data
    /// area comes later in the namespace chain, so it is not named in this signature).
    /// </summary>
    /// <param name="point">The point the Hessian is taken at.</param>
    /// <param name="hessianTimes">The exact Hessian–vector product at <paramref name="point"/>.</param>
    /// <param name="denseLimit">Largest P for the dense Hessian (0: Lanczos only).</param>
    /// <param name="availableBytes">The memory to plan against (null: what this process can allocate now).</param>
    public static VerificationPlan For(DeepFactorization point, Func<DeepFactorization, DeepFactorization> hessianTimes, int denseLimit, long? availableBytes = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(hessianTimes);
        int p = point.ParameterCount;
        long available = availableBytes ?? AvailableMemory.Now();
        bool dense = p <= Math.Min(denseLimit, DenseHessian.MaxParameters);
        double product = MeasureProduct(point, hessianTimes);

        int vectors = BasisVectorsFor(point, available);
        // Reorthogonalization: ≈ 4P flops per basis vector per step (two passes of dot + axpy) at ≈ 1 GFlop/s managed.
        double orthogonalization = 4.0 * p * Math.Min(vectors, TypicalSteps) / 1e9;
        double lanczosSeconds = TypicalSteps * (product + orthogonalization);
        double denseSeconds = dense ? p * product + EigenSeconds(p) : 0;
        return new VerificationPlan
        {
            Parameters = p,
            Dense = dense,
            DenseBytes = DenseBytesFor(p),
            DenseSeconds = denseSeconds,
            LanczosBasisVectors = vectors,
            LanczosBytes = LanczosBytesFor(point, vectors),
            LanczosSeconds = lanczosSeconds,
            AvailableBytes = available,
            ProductSeconds = product,
        };
    }

    /// <summary>Throws <see cref="TooLargeException"/> with the numbers and the alternatives when the plan does not
    /// fit in <see cref="AvailableBytes"/>.</summary>
    /// <param name="forceHint">How the caller overrides the refusal (e.g. "--force"), named in the message.</param>
    /// <param name="denseOffHint">How the caller drops the dense part (e.g. "--dense-limit 0"), named in the message.</param>
    public void Require(string forceHint, string denseOffHint)
    {
        if (Fits) return;
        bool denseIsTheProblem = Dense && DenseBytes > AvailableBytes && LanczosBytes <= AvailableBytes;
        string alternative = denseIsTheProblem
            ? $"{denseOffHint} checks with Lanczos alone ({Size(LanczosBytes)}, ≈ {Seconds(LanczosSeconds)})"
            : "analyze without the check needs no basis at all";
        throw new TooLargeException(string.Create(CultureInfo.InvariantCulture,
            $"the check would need ≈ {Size(RequiredBytes)} ({Describe()}) but only {Size(AvailableBytes)} is available; " +
            $"{alternative}, or {forceHint} runs it anyway."), RequiredBytes, AvailableBytes);
    }

    /// <summary>One line: what each part needs.</summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        string lanczos = Restarted
            ? string.Create(inv, $"Lanczos restarted at {LanczosBasisVectors} basis vectors of P = {Parameters:N0}: {Size(LanczosBytes)}, ≈ {Seconds(LanczosSeconds)}")
            : string.Create(inv, $"Lanczos, up to {LanczosBasisVectors} basis vectors of P = {Parameters:N0}: {Size(LanczosBytes)}, ≈ {Seconds(LanczosSeconds)}");
        return Dense
            ? string.Create(inv, $"dense {Parameters:N0} × {Parameters:N0} Hessian: {Size(DenseBytes)}, ≈ {Seconds(DenseSeconds)}; {lanczos}")
            : lanczos;
    }

    /// <summary>Bytes in KiB/MiB/GiB/TiB, three significant digits.</summary>
    public static string Size(double bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
        int u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return u == 0 ? FormattableString.Invariant($"{bytes:0} {units[u]}") : FormattableString.Invariant($"{bytes:0.##} {units[u]}");
    }

    /// <summary>Seconds as s, min or h.</summary>
    public static string Seconds(double seconds) => seconds switch
    {
        < 1 => FormattableString.Invariant($"{seconds:0.##} s"),
        < 120 => FormattableString.Invariant($"{seconds:0} s"),
        < 7200 => FormattableString.Invariant($"{seconds / 60:0} min"),
        _ => FormattableString.Invariant($"{seconds / 3600:0.#} h"),
    };

    private static double MeasureProduct(DeepFactorization point, Func<DeepFactorization, DeepFactorization> hessianTimes)
    {
        var widths = point.Widths;
        var rng = new Random(20261201);
        var x = new double[point.ParameterCount];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() - 0.5;
        var direction = DeepFactorization.FromVector(widths, x);
        // Twice: the first call pays the JIT.
        _ = hessianTimes(direction);
        var clock = Stopwatch.StartNew();
        _ = hessianTimes(direction);
        return clock.Elapsed.TotalSeconds;
    }

    // A symmetric eigendecomposition with vectors costs ≈ c·P³: c measured on a 96 × 96 one, scaled by (P/96)³.
    private static double EigenSeconds(int p)
    {
        const int size = 96;
        var rng = new Random(7);
        var a = Matrix<double>.Build.Dense(size, size, (_, _) => rng.NextDouble());
        a += a.Transpose();
        _ = a.Evd(Symmetricity.Symmetric); // the JIT
        var clock = Stopwatch.StartNew();
        _ = a.Evd(Symmetricity.Symmetric);
        double t = clock.Elapsed.TotalSeconds;
        double ratio = (double)p / size;
        return t * ratio * ratio * ratio;
    }
}
