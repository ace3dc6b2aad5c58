using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.Model;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>
/// Issue 16 item 10: general (non-diagonal) layers at entries ≈ 1e78 and beyond. The analysis at 2^k·W is compared
/// with the closed scaling law of the ½-loss, H(sW; s^N M) = s^(2N−2) H(W; M): λ, s_min, tr H, ‖H‖_F scale by
/// 2^(2k(N−1)) exactly (powers of two), ρ and the verdict do not change. Where a value leaves the double range the
/// answer is "overflows" or exit 13, never an internal error.
/// </summary>
public class ExtremeScaleSweepTests
{
    private static readonly Matrix<double> A = M(new double[,] { { 0.9, -0.3, 0.4, 0.2 }, { 0.1, 0.8, -0.5, 0.3 }, { -0.2, 0.4, 0.6, -0.7 } });
    private static readonly Matrix<double> B = M(new double[,] { { 0.7, 0.2, -0.4 }, { -0.3, 0.9, 0.5 } });
    private static readonly Matrix<double> C = M(new double[,] { { 1.1, -0.6 }, { 0.4, 0.8 }, { 0.2, -0.5 } });

    [Fact]
    public void The_old_eigensolver_failure_at_1e78_is_real_and_the_verdict_now_gives_the_scaled_closed_form()
    {
        // W1 = 2^259·A, W2 = 2^259·B (2^259 ≈ 9.3e77): M = W2W1 ≈ 1e155, so MᵀM ≈ 1e311 is not a double. The verdict
        // needs ‖M‖₂ and M's top singular pair; taking them from the plain Gram (what the issue saw: "MathNet's Evd
        // throws inside the flatness verdict") fails, because the dense eigensolver meets ∞.
        const int k = 259;
        var point = new DeepFactorization(Math.ScaleB(1.0, k) * A, Math.ScaleB(1.0, k) * B);
        var m = point.Product();
        var gram = m.TransposeThisAndMultiply(m);
        Assert.Contains(gram.Enumerate(), double.IsInfinity);
        double[] values = [];
        var naive = Record.Exception(() => values = gram.Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).ToArray());
        Assert.True(naive is not null || values.Any(v => !double.IsFinite(v)),
            "the plain-Gram route should fail here (throw, or give non-finite eigenvalues); otherwise this case tests nothing");

        using var dir = new TempDir();
        var unit = Cli.Run(["analyze", .. Cli.WriteLayers(dir, new DeepFactorization(A, B)), "--json"]).Json();
        using var big = new TempDir();
        var scaled = Cli.Run(["analyze", .. Cli.WriteLayers(big, point), "--json", "--verify"]).Json();
        double factor = Math.ScaleB(1.0, 2 * k); // s^(2N−2) at N = 2
        foreach (var key in new[] { "sharpness", "minimalSharpness", "trace", "hessianFrobenius" })
            AssertRel(factor * unit.GetProperty(key).GetDouble(), scaled.GetProperty(key).GetDouble(), 1e-13, key);
        AssertRel(unit.GetProperty("rho").GetDouble(), scaled.GetProperty("rho").GetDouble(), 1e-13, "ρ");
        Assert.Equal(unit.GetProperty("flat").GetBoolean(), scaled.GetProperty("flat").GetBoolean());
        AssertRel(scaled.GetProperty("sharpness").GetDouble(), scaled.GetProperty("verification").GetProperty("dense").GetDouble(), 1e-12, "dense λmax(H)");
        Assert.Equal(0, scaled.GetProperty("overflows").GetArrayLength());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_power_of_two_scale_gives_the_scaled_closed_form_or_a_clean_overflow(int depth)
    {
        var layers = depth == 2 ? new[] { A, B } : new[] { A, B, C };
        var unitPoint = new DeepFactorization(layers);
        using var dir = new TempDir();
        var unit = Cli.Run(["analyze", .. Cli.WriteLayers(dir, unitPoint), "--json"]).Json();
        double lambda = unit.GetProperty("sharpness").GetDouble();
        int curvature = 2 * (depth - 1);
        foreach (int k in new[] { -400, -250, -120, 60, 200, 259, 300, 420, 500 })
        {
            using var kdir = new TempDir();
            var point = new DeepFactorization(layers.Select(w => Math.ScaleB(1.0, k) * w));
            var r = Cli.Run(["analyze", .. Cli.WriteLayers(kdir, point), "--json"]);
            Assert.NotEqual(ExitCodes.InternalError, r.ExitCode);
            // log2 of the scaled λ and of the product's entries decide what is representable; the k are far from the edges.
            double log2Lambda = Math.Log2(lambda) + curvature * k;
            double log2Product = depth * k;
            if (log2Product > 1023 || log2Product < -1000)
            {
                Assert.Equal(ExitCodes.NotComputable, r.ExitCode);
                continue;
            }
            if (log2Lambda > 1023)
            {
                Cli.AssertFails(r, ExitCodes.NotComputable, "overflows");
                continue;
            }
            var j = r.Json();
            AssertRel(Math.ScaleB(lambda, curvature * k), j.GetProperty("sharpness").GetDouble(), 1e-12, $"λ at 2^{k}");
            AssertRel(unit.GetProperty("rho").GetDouble(), j.GetProperty("rho").GetDouble(), 1e-12, $"ρ at 2^{k}");
            Assert.Equal(unit.GetProperty("flat").GetBoolean(), j.GetProperty("flat").GetBoolean());
            double trace = unit.GetProperty("trace").GetDouble();
            if (Math.Log2(trace) + curvature * k > 1023)
                Assert.Contains("trace", j.GetProperty("overflows").EnumerateArray().Select(e => e.GetString()));
            else if (Math.Log2(trace) + curvature * k > -1000)
                AssertRel(Math.ScaleB(trace, curvature * k), j.GetProperty("trace").GetDouble(), 1e-12, $"tr H at 2^{k}");
        }
    }
}
