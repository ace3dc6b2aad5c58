using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;

namespace Sharpness.Data;

/// <summary>How a samples matrix is laid out.</summary>
public enum SampleLayout
{
    /// <summary>One sample per column: X is n × s, Y is m × s (the theory's layout, theory §2.10).</summary>
    Columns,
    /// <summary>One sample per row: X is s × n, Y is s × m (PyTorch's nn.Linear batches, NumPy's usual layout).</summary>
    Rows,
}

/// <summary>
/// The data of a deep linear regression 𝓛_X(W) = ½‖W_N⋯W_1X − Y‖²_F, reduced to what the sharpness needs: the input
/// covariance S = XXᵀ (n × n), the cross-covariance C = YXᵀ (m × n), and — when the samples were given — X, Y and
/// ‖Y‖²_F for the loss value. Once S is formed, nothing costs more with more samples (theory §2.10).
/// </summary>
/// <remarks>
/// <para><b>The span of the inputs.</b> S = UΛUᵀ (symmetric eigendecomposition); its rank r counts the eigenvalues
/// above <see cref="RankTolerance"/>·λ₁(S). The loss sees an input direction only through S, so directions outside
/// the span of the samples (the null space of S: fewer samples than features, s &lt; n, or collinear features) are
/// invisible to it. The kit works in that span: the right root F = U_rΛ_r^{1/2} (n × r, FFᵀ = S, FᵀF = Λ_r) replaces
/// S^{1/2}, and K_X acts on m × r matrices (same nonzero spectrum as the m × n operator with S^{1/2}; the proof of
/// theory §2.10 with the pseudo-root). <see cref="RowSpaceNote"/> states this when r &lt; n.</para>
/// <para><b>Consistency.</b> Given S and C directly, C must lie in the span of S (C = YXᵀ always does); otherwise the
/// loss is unbounded below and no samples produce that pair, which is reported instead of computed.</para>
/// </remarks>
public sealed class RegressionData
{
    /// <summary>The default relative rank threshold for S: eigenvalues at or below 1e-12·λ₁(S) count as zero (a relative
    /// threshold, as theory check 26 requires; S's rounding is of order nε·λ₁).</summary>
    public const double DefaultRankTolerance = 1e-12;

    private RegressionData(Matrix<double> covariance, Matrix<double> crossCovariance, Matrix<double>? inputs, Matrix<double>? outputs,
        double rankTolerance, string source)
    {
        Covariance = covariance;
        CrossCovariance = crossCovariance;
        Inputs = inputs;
        Outputs = outputs;
        RankTolerance = rankTolerance;
        Source = source;
        // Σy² directly: the square of the rounded norm is off by an ulp even for integer Y (√6² = 5.999999999999999).
        if (outputs is not null) OutputNormSquared = Guard.SquaredFrobeniusNorm(outputs);

        var evd = covariance.Evd(Symmetricity.Symmetric); // ascending
        int n = covariance.RowCount;
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        double top = Math.Max(values[n - 1], 0);
        double floor = rankTolerance * top;
        var kept = Enumerable.Range(0, n).Where(j => values[j] > floor && values[j] > 0).Reverse().ToArray(); // largest first
        Eigenvalues = Enumerable.Reverse(values).ToArray();
        Rank = kept.Length;
        var u = Matrix<double>.Build.Dense(n, Rank, (row, k) => evd.EigenVectors[row, kept[k]]);
        InputBasis = u;
        InputRoot = Matrix<double>.Build.Dense(n, Rank, (row, k) => u[row, k] * Math.Sqrt(values[kept[k]]));
        // M̃ = C U_r Λ_r^{-1/2}: the target of the equivalent whitened problem ½‖P F − M̃‖²_F + const.
        var cu = crossCovariance * u;
        WhitenedTarget = Matrix<double>.Build.Dense(crossCovariance.RowCount, Rank, (row, k) => cu[row, k] / Math.Sqrt(values[kept[k]]));

        if (Rank > 0 && Rank < n)
        {
            // C must not reach the null space of S: ‖C − C U_rU_rᵀ‖_F ≤ tol·‖C‖_F.
            double c = Guard.FrobeniusNorm(crossCovariance);
            double outside = Guard.FrobeniusNorm(crossCovariance - cu * u.Transpose());
            if (c > 0 && outside > 1e-8 * c)
                throw new OutsideDomainException(
                    string.Create(CultureInfo.InvariantCulture, $"The cross-covariance C = YXᵀ has a part outside the span of the inputs (‖C(I − UUᵀ)‖_F/‖C‖_F = {outside / c:G3} with S of rank {Rank} < n = {n}); ") +
                    "no samples give this S and C, and the loss would be unbounded below.");
        }
        if (Rank == 0)
            throw new OutsideDomainException(inputs is not null
                ? "The inputs X are all zero (S = XXᵀ = 0): the loss does not depend on the network, and there is no sharpness to compute."
                : "The covariance S is zero: the loss does not depend on the network, and there is no sharpness to compute.");
    }

    /// <summary>Data from samples: X (n × s) and Y (m × s) in <see cref="SampleLayout.Columns"/>, or X (s × n) and
    /// Y (s × m) in <see cref="SampleLayout.Rows"/>.</summary>
    /// <exception cref="ShapeMismatchException">X and Y do not have the same number of samples, or one is empty.</exception>
    /// <exception cref="NonFiniteEntryException">An entry of X or Y is NaN or ±∞.</exception>
    /// <exception cref="OutsideDomainException">X is all zero.</exception>
    public static RegressionData FromSamples(Matrix<double> inputs, Matrix<double> outputs, SampleLayout layout = SampleLayout.Columns,
        double rankTolerance = DefaultRankTolerance)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        CheckTolerance(rankTolerance);
        string along = layout == SampleLayout.Columns ? "columns" : "rows";
        if (inputs.RowCount == 0 || inputs.ColumnCount == 0) throw new ShapeMismatchException($"The inputs X are empty ({inputs.RowCount}×{inputs.ColumnCount}).");
        if (outputs.RowCount == 0 || outputs.ColumnCount == 0) throw new ShapeMismatchException($"The outputs Y are empty ({outputs.RowCount}×{outputs.ColumnCount}).");
        Guard.Finite(inputs, "the inputs X");
        Guard.Finite(outputs, "the outputs Y");
        var x = layout == SampleLayout.Columns ? inputs.Clone() : inputs.Transpose();
        var y = layout == SampleLayout.Columns ? outputs.Clone() : outputs.Transpose();
        if (x.ColumnCount != y.ColumnCount)
            throw new ShapeMismatchException(
                $"X and Y need the same number of samples (samples as {along}): X is {inputs.RowCount}×{inputs.ColumnCount} ({x.ColumnCount} samples) " +
                $"but Y is {outputs.RowCount}×{outputs.ColumnCount} ({y.ColumnCount} samples).");
        var s = x.TransposeAndMultiply(x);
        s = 0.5 * (s + s.Transpose()); // exactly symmetric
        return new RegressionData(s, y.TransposeAndMultiply(x), x, y, rankTolerance, $"{x.ColumnCount} samples");
    }

    /// <summary>Data from the moments: S = XXᵀ (n × n, symmetric positive semidefinite) and C = YXᵀ (m × n). The loss
    /// value is then not available (forming it from S, C and ‖Y‖² cancels badly, theory §2.10).</summary>
    /// <exception cref="ShapeMismatchException">S is not square, or C does not have n columns.</exception>
    /// <exception cref="NonFiniteEntryException">An entry is NaN or ±∞.</exception>
    /// <exception cref="OutsideDomainException">S is not symmetric or not positive semidefinite, S = 0, or C leaves the
    /// span of S.</exception>
    public static RegressionData FromCovariance(Matrix<double> covariance, Matrix<double> crossCovariance, double rankTolerance = DefaultRankTolerance)
    {
        ArgumentNullException.ThrowIfNull(covariance);
        ArgumentNullException.ThrowIfNull(crossCovariance);
        CheckTolerance(rankTolerance);
        if (covariance.RowCount == 0 || covariance.RowCount != covariance.ColumnCount)
            throw new ShapeMismatchException($"The covariance S = XXᵀ must be square and non-empty; it is {covariance.RowCount}×{covariance.ColumnCount}.");
        int n = covariance.RowCount;
        if (crossCovariance.ColumnCount != n || crossCovariance.RowCount == 0)
            throw new ShapeMismatchException(
                $"The cross-covariance C = YXᵀ must be m × n with n = {n} (the covariance S is {n}×{n}); it is {crossCovariance.RowCount}×{crossCovariance.ColumnCount}.");
        Guard.Finite(covariance, "the covariance S");
        Guard.Finite(crossCovariance, "the cross-covariance C");
        double scale = Guard.MaxAbs([covariance]);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                if (Math.Abs(covariance[i, j] - covariance[j, i]) > 1e-12 * scale)
                    throw new OutsideDomainException(
                        string.Create(CultureInfo.InvariantCulture, $"The covariance S is not symmetric: S[{i}, {j}] = {covariance[i, j]:G17} but S[{j}, {i}] = {covariance[j, i]:G17} (0-based); S = XXᵀ always is."));
        var s = 0.5 * (covariance + covariance.Transpose());
        var values = s.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).ToArray();
        double top = values.Max(), bottom = values.Min();
        if (bottom < -1e-10 * Math.Max(top, 0) || (top <= 0 && bottom < 0))
            throw new OutsideDomainException(
                string.Create(CultureInfo.InvariantCulture, $"The covariance S is not positive semidefinite: its smallest eigenvalue is {bottom:G4} (largest {top:G4}); S = XXᵀ never has a negative eigenvalue."));
        return new RegressionData(s, crossCovariance.Clone(), null, null, rankTolerance, "covariance");
    }

    /// <summary>The whitened data of the paper's setting (S = I_n, C = M): 𝓛_X = ½‖P − M‖²_F + const, the matrix
    /// factorization loss (theory §2.10).</summary>
    public static RegressionData Whitened(Matrix<double> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return FromCovariance(Matrix<double>.Build.DenseIdentity(target.ColumnCount), target);
    }

    private static void CheckTolerance(double rankTolerance)
    {
        if (!(rankTolerance >= 0 && rankTolerance < 1))
            throw new ArgumentOutOfRangeException(nameof(rankTolerance), rankTolerance, "The rank tolerance must be in [0, 1).");
    }

    /// <summary>S = XXᵀ (n × n).</summary>
    public Matrix<double> Covariance { get; }

    /// <summary>C = YXᵀ (m × n).</summary>
    public Matrix<double> CrossCovariance { get; }

    /// <summary>X (n × s, samples as columns), when the samples were given.</summary>
    public Matrix<double>? Inputs { get; }

    /// <summary>Y (m × s, samples as columns), when the samples were given.</summary>
    public Matrix<double>? Outputs { get; }

    /// <summary>‖Y‖²_F, when the samples were given.</summary>
    public double? OutputNormSquared { get; }

    /// <summary>True when X and Y are at hand, so the loss value can be formed.</summary>
    public bool HasSamples => Inputs is not null;

    /// <summary>"s samples" or "covariance": where the data came from.</summary>
    public string Source { get; }

    /// <summary>The number of samples s, when known.</summary>
    public int? SampleCount => Inputs?.ColumnCount;

    /// <summary>n, the number of input features.</summary>
    public int InputDimension => Covariance.RowCount;

    /// <summary>m, the number of outputs.</summary>
    public int OutputDimension => CrossCovariance.RowCount;

    /// <summary>The relative rank threshold used for S.</summary>
    public double RankTolerance { get; }

    /// <summary>The eigenvalues of S, largest first.</summary>
    public IReadOnlyList<double> Eigenvalues { get; }

    /// <summary>r = rank S = dimension of the span of the inputs.</summary>
    public int Rank { get; }

    /// <summary>U_r (n × r): an orthonormal basis of the span of the inputs, by decreasing eigenvalue of S.</summary>
    public Matrix<double> InputBasis { get; }

    /// <summary>F = U_rΛ_r^{1/2} (n × r): FFᵀ = S, the right root K_X uses (theory §2.10).</summary>
    public Matrix<double> InputRoot { get; }

    /// <summary>M̃ = C U_rΛ_r^{-1/2} (m × r): 𝓛_X(W) = ½‖W_N⋯W_1F − M̃‖²_F + ½(‖Y‖²_F − ‖M̃‖²_F).</summary>
    public Matrix<double> WhitenedTarget { get; }

    /// <summary>λ₁(S)/λ_r(S), the anisotropy of the inputs in their span (1 for whitened data).</summary>
    public double Anisotropy => Eigenvalues[0] / Eigenvalues[Rank - 1];

    /// <summary>Why K_X works in an r-dimensional span when r &lt; n (null when S has full rank).</summary>
    public string? RowSpaceNote => Rank == InputDimension ? null :
        $"S = XXᵀ has rank {Rank} < n = {InputDimension} " +
        (SampleCount is { } s && s < InputDimension ? $"(s = {s} samples < n = {InputDimension} features)" : "(collinear features)") +
        $": the loss never sees inputs outside the span of the samples, so K_X acts on m × {Rank} matrices in that span " +
        "(the Hessian's nonzero spectrum lives there; theory §2.10 with the pseudo-root).";

    /// <summary>Throws unless <paramref name="point"/> maps these inputs to these outputs: d_0 = n and d_N = m.</summary>
    /// <exception cref="ShapeMismatchException">The first layer does not take n inputs, or the last does not give m outputs.</exception>
    public void RequireChains(Model.DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.InputDimension != InputDimension)
            throw new ShapeMismatchException(
                $"The inputs have n = {InputDimension} features but the first layer W1 is {point.Layers[0].RowCount}×{point.Layers[0].ColumnCount}, so it takes {point.InputDimension}.");
        if (point.OutputDimension != OutputDimension)
            throw new ShapeMismatchException(
                $"The outputs Y have m = {OutputDimension} rows per sample but the last layer W{point.Depth} is {point.Layers[^1].RowCount}×{point.Layers[^1].ColumnCount}, so it gives {point.OutputDimension}.");
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"regression data (n = {InputDimension}, m = {OutputDimension}, {Source}, rank S = {Rank}, anisotropy λ₁/λ_r = {Anisotropy:G4})");
}
