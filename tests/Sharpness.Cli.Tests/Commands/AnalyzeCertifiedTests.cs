using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Tests.IO;
using Sharpness.Model;
using Sharpness.Verification;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>analyze off zero loss: the certified interval (issue 14, item 3).</summary>
public class AnalyzeCertifiedTests
{
    [Fact]
    public void Off_zero_loss_analyze_reports_a_certified_interval_containing_the_dense_value()
    {
        var rng = new Random(21);
        var point = new DeepFactorization(Enumerable.Range(0, 3).Select(i =>
            Matrix<double>.Build.Dense(i == 2 ? 2 : 3, 3, (_, _) => Sharpness.LinearAlgebra.RandomMatrices.NextGaussian(rng) / 2)));
        var target = point.Product() + 0.01 * Matrix<double>.Build.Dense(2, 3, (_, _) => Sharpness.LinearAlgebra.RandomMatrices.NextGaussian(rng));
        using var dir = new TempDir();
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--target", Cli.WriteMatrix(dir, "M.npy", target), "--json", "--verify"]).Json();
        Assert.False(j.GetProperty("zeroLoss").GetBoolean());
        var c = j.GetProperty("certified");
        double lower = c.GetProperty("lower").GetDouble(), upper = c.GetProperty("upper").GetDouble();
        double dense = HessianSpectrum.Of(new FactorizationLoss(point, target)).Largest;
        Assert.InRange(dense, lower, upper);
        Assert.Equal(dense, j.GetProperty("verification").GetProperty("dense").GetDouble(), 10);
        AssertRel(dense, c.GetProperty("hessianLanczos").GetDouble(), 1e-9, "HVP-Lanczos");
        Assert.True(upper - lower < 0.2 * dense, "a residual of 1% gives a narrow interval");
        Assert.Equal(2, c.GetProperty("rho").GetArrayLength());
        AssertRel(DenseHessian.Of(new FactorizationLoss(point, target)).Trace(), c.GetProperty("trace").GetDouble(), 1e-12, "trace");
        AssertRel(2 / upper, c.GetProperty("safeStepSize").GetDouble(), 1e-15, "safe η");

        var text = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--target", Cli.WriteMatrix(dir, "M.npy", target)]);
        Assert.Contains("certified λmax(H)", text.Stdout);
        Assert.Contains("safe step size", text.Stdout);
    }

    [Fact]
    public void At_zero_loss_there_is_no_interval_to_report()
    {
        using var dir = new TempDir();
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, F7), "--json"]).Json();
        Assert.Equal(JsonValueKind.Null, j.GetProperty("certified").ValueKind);
    }
}
