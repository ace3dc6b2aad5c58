using MathNet.Numerics.LinearAlgebra;
using Sharpness.LinearAlgebra;
using Sharpness.LinearAlgebra.Kernels;
using Sharpness.Tests.Verification;

namespace Sharpness.Tests.LinearAlgebra;

/// <summary>
/// The training tracker's Lanczos options (internal): a reusable <see cref="LanczosWorkspace"/> (no arithmetic change:
/// bit-identical results), the Ritz vector by tridiagonal inverse iteration instead of MathNet's dense eigensolve
/// (the same pair to working accuracy), and partial reorthogonalization by Simon's ω-recurrence (a semi-orthogonal
/// basis without measuring the overlaps every step). Checked against MathNet's dense eigenvectors and eigenvalues and
/// against the plain options; each check is shown to be able to fail (a wrong θ is refused, plain Lanczos without
/// reorthogonalization loses orthogonality on the same operator).
/// </summary>
public class LanczosTrackerOptionsTests
{
    private static (List<double> Alpha, List<double> Beta) RandomTridiagonal(Random rng, int k, bool graded)
    {
        var alpha = Enumerable.Range(0, k).Select(i => graded ? Math.Pow(10, -6 * i / (double)k) * (1 + rng.NextDouble()) : 10 * rng.NextDouble() - 3).ToList();
        var beta = Enumerable.Range(0, k).Select(i => graded ? Math.Pow(10, -6 * i / (double)k) * rng.NextDouble() : 0.01 + 2 * rng.NextDouble()).ToList();
        return (alpha, beta);
    }

    private static Matrix<double> Dense(List<double> alpha, List<double> beta)
    {
        int k = alpha.Count;
        var t = Matrix<double>.Build.Dense(k, k);
        for (int i = 0; i < k; i++)
        {
            t[i, i] = alpha[i];
            if (i + 1 < k) t[i, i + 1] = t[i + 1, i] = beta[i];
        }
        return t;
    }

    [Fact]
    public void Inverse_iteration_gives_the_dense_eigenvector_of_a_tridiagonal_and_refuses_a_wrong_eigenvalue()
    {
        var rng = new Random(1405);
        var scratch = new TridiagonalScratch();
        int checkedPairs = 0;
        for (int trial = 0; trial < 60; trial++)
        {
            int k = 2 + rng.Next(40);
            var (alpha, beta) = RandomTridiagonal(rng, k, graded: trial % 3 == 2);
            var evd = Dense(alpha, beta).Evd(Symmetricity.Symmetric);
            var values = evd.EigenValues.Select(z => z.Real).ToArray();
            Assert.True(TridiagonalQl.TryValuesAndLastRow(alpha, beta, out var ql, out _));
            foreach (int j in new[] { k - 1, 0, k / 2 })
            {
                // Only well separated pairs have a well-defined vector to compare (the angle is ≈ ε‖T‖/gap).
                double gap = Enumerable.Range(0, k).Where(i => i != j).Min(i => Math.Abs(values[i] - values[j]));
                var x = new double[k];
                Assert.True(TridiagonalQl.TryEigenvector(alpha, beta, ql[j], x, scratch), $"trial {trial}, k = {k}, pair {j}");
                Assert.Equal(1, Math.Sqrt(x.Sum(v => v * v)), 1e-14);
                if (gap < 1e-6 * Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]))) continue;
                double cosine = Math.Abs(evd.EigenVectors.Column(j).DotProduct(Vector<double>.Build.DenseOfArray(x)));
                Assert.True(1 - cosine <= 1e-10, $"trial {trial}, k = {k}, pair {j}: 1 − |cos| = {1 - cosine:G3}");
                checkedPairs++;
            }
            // A value that is not an eigenvalue (half-way between the top two) is refused, not turned into a vector.
            if (k >= 2 && values[^1] - values[^2] > 1e-3)
                Assert.False(TridiagonalQl.TryEigenvector(alpha, beta, 0.5 * (values[^1] + values[^2]), new double[k], scratch));
        }
        Assert.True(checkedPairs > 100, $"{checkedPairs} pairs compared");
    }

    private static LanczosOptions Tracker(double[]? start, LanczosWorkspace? workspace, bool inverse, bool partial) => new()
    {
        Tolerance = 1e-9,
        EigenvalueTolerance = 1e-10,
        SemiOrthogonal = true,
        StartVector = start,
        Workspace = workspace,
        RitzVectorByInverseIteration = inverse,
        PartialReorthogonalization = partial,
    };

    [Fact]
    public void A_reused_workspace_changes_no_bits()
    {
        // Runs of different dimensions and lengths through one workspace (longer, shorter, longer again: stale blocks
        // and buffers must never be read), each against the same run without a workspace, for the default options and
        // for the tracker's.
        var workspace = new LanczosWorkspace();
        foreach (int i in new[] { 3, 0, 5, 5, 8, 1, 12 })
        {
            var (a, _, start) = LanczosEigenvalueRuleTests.Instance(i);
            var op = LanczosEigenvalueRuleTests.Wrap(a);
            foreach (var (with, without) in new[]
            {
                (new LanczosOptions { StartVector = start, Workspace = workspace }, new LanczosOptions { StartVector = start }),
                (Tracker(start, workspace, true, true), Tracker(start, null, true, true)),
            })
            {
                var x = Lanczos.Largest(op, 1, with);
                var y = Lanczos.Largest(op, 1, without);
                Assert.Equal(y.Iterations, x.Iterations);
                Assert.Equal(y.Top.Value, x.Top.Value);
                Assert.Equal(y.Top.Residual, x.Top.Residual);
                Assert.Equal(y.Top.Vector, x.Top.Vector);
                Assert.Equal(y.Reorthogonalizations, x.Reorthogonalizations);
            }
        }
    }

    [Fact]
    public void The_tracker_options_keep_the_accuracy_contract_on_close_and_separated_spectra()
    {
        // The 40 seeded spectra of the eigenvalue-rule tests (top gaps 1e-5..0.3, random and warm starts): with the
        // inverse-iteration Ritz vector and partial reorthogonalization the tracked value is within 1e-9 of the dense
        // top eigenvalue (the tracker's contract) and within 1e-13 of the same run with the dense Ritz eigensolve and
        // measured semi-orthogonality; the true residual meets the tolerance as before.
        var workspace = new LanczosWorkspace();
        for (int i = 0; i < LanczosEigenvalueRuleTests.Instances; i++)
        {
            var (a, spectrum, start) = LanczosEigenvalueRuleTests.Instance(i);
            var op = LanczosEigenvalueRuleTests.Wrap(a);
            var fast = Lanczos.Largest(op, 1, Tracker(start, workspace, true, true));
            var plain = Lanczos.Largest(op, 1, Tracker(start, null, false, false));
            Assert.True(fast.Converged, $"instance {i}");
            Assert.True(Math.Abs(fast.Top.Value - spectrum[0]) <= 1e-9 * spectrum[0], $"instance {i}: {fast.Top.Value:G17} vs {spectrum[0]:G17}");
            Assert.True(Math.Abs(fast.Top.Value - plain.Top.Value) <= 1e-13 * spectrum[0], $"instance {i}: {fast.Top.Value:G17} vs {plain.Top.Value:G17}");
            Assert.True(fast.Top.Residual <= 2e-9 * spectrum[0], $"instance {i}: residual {fast.Top.Residual:G3}");
            Assert.True(Math.Abs(fast.Iterations - plain.Iterations) <= 2, $"instance {i}: {fast.Iterations} vs {plain.Iterations} steps");
        }
    }

    [Fact]
    public void Partial_reorthogonalization_keeps_the_basis_semi_orthogonal_where_plain_lanczos_does_not()
    {
        // A spectrum with a well separated top (Lanczos converges fast there, which is when orthogonality is lost):
        // 300 × 300, eigenvalues 1, 2, …, then 400 and 1000, run to 100 steps (tolerance 1e-300).
        var rng = new Random(1406);
        int n = 300;
        var spectrum = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        spectrum[^1] = 1000;
        spectrum[^2] = 400;
        var a = Reference.SymmetricWithSpectrum(rng, spectrum);
        var op = LanczosEigenvalueRuleTests.Wrap(a);
        var workspace = new LanczosWorkspace();
        var result = Lanczos.Largest(op, 3, new LanczosOptions { Tolerance = 1e-300, MaxIterations = 100, Workspace = workspace, PartialReorthogonalization = true });
        var basis = workspace.LastBasis!;
        Assert.Equal(100, basis.Count);
        Assert.True(MaxOverlap(basis) <= 1e-7, $"max |q_iᵀq_j| = {MaxOverlap(basis):G3}");
        Assert.InRange(result.Reorthogonalizations, 1, 99); // partial: some steps, not all
        var top = spectrum.OrderDescending().Take(3).ToArray();
        for (int j = 0; j < 3; j++) Assert.Equal(top[j], result.Pairs[j].Value, 1e-10 * top[0]); // no ghost copy of 1000

        // The control: the three-term recurrence alone on the same operator and start loses orthogonality (and makes a
        // ghost copy of the top eigenvalue), so the bound above is a real check.
        var q = new List<double[]>();
        var v = Lanczos.StartVector(n, new LanczosOptions(), new Random(new LanczosOptions().Seed));
        var w = new double[n];
        double previousBeta = 0;
        for (int step = 0; step < 100; step++)
        {
            q.Add((double[])v.Clone());
            op.Apply(v, w);
            double alpha = Lanczos.Dot(v, w);
            Lanczos.Axpy(-alpha, v, w);
            if (step > 0) Lanczos.Axpy(-previousBeta, q[^2], w);
            previousBeta = Lanczos.Norm(w);
            for (int i = 0; i < n; i++) v[i] = w[i] / previousBeta;
        }
        double plainOverlap = 0;
        for (int i = 0; i < q.Count; i++)
            for (int j = 0; j < i; j++) plainOverlap = Math.Max(plainOverlap, Math.Abs(Lanczos.Dot(q[i], q[j])));
        Assert.True(plainOverlap > 1e-3, $"plain Lanczos kept |q_iᵀq_j| ≤ {plainOverlap:G3}: the operator does not test anything");
    }

    private static double MaxOverlap(KrylovBasis basis)
    {
        double max = 0;
        for (int i = 0; i < basis.Count; i++)
            for (int j = 0; j < i; j++) max = Math.Max(max, Math.Abs(Lanczos.Dot(basis[i], basis[j])));
        return max;
    }
}
