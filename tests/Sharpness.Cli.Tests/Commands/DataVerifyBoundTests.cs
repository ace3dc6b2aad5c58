using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.Data;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary>
/// <c>analyze --verify</c> with data is planned, restarted and refused exactly as with a target
/// (<see cref="VerifyBoundTests"/>): the same <c>--dense-limit</c>, <c>--memory-limit</c> and <c>--force</c>, the same
/// exit 13 with both sizes, and the plan and restarts in <c>--json</c>. The memory is faked with --memory-limit.
/// </summary>
public class DataVerifyBoundTests
{
    // Depth 3, 10 → 15 → 10 → 5: P = 150 + 150 + 50 = 350 (dense: 4·8·P² ≈ 3.7 MiB); 40 samples, off the optimum.
    private static (DeepFactorization Point, Matrix<double> X, Matrix<double> Y) Problem()
    {
        var rng = new Random(11);
        Matrix<double> G(int r, int c) => Matrix<double>.Build.Dense(r, c, (_, _) => RandomMatrices.NextGaussian(rng) / 3);
        var point = new DeepFactorization(G(15, 10), G(10, 15), G(5, 10));
        return (point, G(10, 40) * 3, G(5, 40) * 3);
    }

    private static string[] Args(TempDir dir)
    {
        var (point, x, y) = Problem();
        return [.. Cli.WriteLayers(dir, point), "--inputs", Cli.WriteMatrix(dir, "X.npy", x.Transpose()), "--outputs", Cli.WriteMatrix(dir, "Y.npy", y.Transpose())];
    }

    private static double Dense()
    {
        var (point, x, y) = Problem();
        return DataDenseHessian.Largest(new DataLoss(point, RegressionData.FromSamples(x, y)));
    }

    [Fact]
    public void A_data_check_that_does_not_fit_is_refused_with_the_numbers_and_the_alternatives()
    {
        using var dir = new TempDir();
        var args = Args(dir);
        Cli.AssertFails(Cli.Run(["analyze", .. args, "--verify", "--memory-limit", "1M"]), ExitCodes.NotComputable,
            "would need ≈", "MiB", "only 1 MiB is available", "dense 350 × 350 Hessian", "--dense-limit 0", "--force");
        // From the moments too.
        var (_, x, y) = Problem();
        var moments = new[] { "--covariance", Cli.WriteMatrix(dir, "S.npy", x * x.Transpose()), "--cross-covariance", Cli.WriteMatrix(dir, "C.npy", y * x.Transpose()) };
        Cli.AssertFails(Cli.Run(["analyze", .. Cli.WriteLayers(dir, Problem().Point), .. moments, "--verify", "--memory-limit", "1M"]), ExitCodes.NotComputable,
            "only 1 MiB is available", "--dense-limit 0", "--force");
        // Forced, it runs (the dense part agrees with the library's dense Hessian).
        var j = Cli.Run(["analyze", .. args, "--json", "--verify", "--memory-limit", "1M", "--force"]).Json();
        AssertRel(Dense(), j.GetProperty("verification").GetProperty("dense").GetDouble(), 1e-10, "forced dense");
    }

    [Fact]
    public void The_data_check_runs_restarted_within_the_budget_and_agrees_with_the_exact_value()
    {
        using var dir = new TempDir();
        var j = Cli.Run(["analyze", .. Args(dir), "--json", "--verify", "--memory-limit", "200KiB", "--dense-limit", "0"]).Json();
        var v = j.GetProperty("verification");
        var plan = v.GetProperty("plan");
        Assert.False(plan.GetProperty("dense").GetBoolean());
        Assert.True(plan.GetProperty("restarted").GetBoolean());
        Assert.True(plan.GetProperty("lanczosBasisVectors").GetInt32() < 300);
        Assert.True(plan.GetProperty("lanczosBytes").GetInt64() <= 200L << 10);
        Assert.Equal(200L << 10, plan.GetProperty("availableBytes").GetInt64());
        Assert.True(v.GetProperty("lanczosRestarts").GetInt32() > 0, "the basis was kept small by restarting");
        Assert.True(v.GetProperty("lanczosConverged").GetBoolean());
        Assert.Equal(JsonValueKind.Null, v.GetProperty("dense").ValueKind);
        double exact = Dense();
        AssertRel(exact, v.GetProperty("lanczos").GetDouble(), 1e-10, "restarted HVP-Lanczos vs the dense Hessian");
        AssertRel(exact, j.GetProperty("sharpness").GetDouble(), 1e-9, "reported sharpness vs the dense Hessian");
    }

    [Fact]
    public void The_data_report_states_the_plan_in_json_and_text()
    {
        using var dir = new TempDir();
        var args = Args(dir);
        var j = Cli.Run(["analyze", .. args, "--json", "--verify"]).Json();
        var plan = j.GetProperty("verification").GetProperty("plan");
        Assert.True(plan.GetProperty("dense").GetBoolean());
        Assert.Equal(300, plan.GetProperty("lanczosBasisVectors").GetInt32());
        Assert.Equal(0, j.GetProperty("verification").GetProperty("lanczosRestarts").GetInt32());
        var text = Cli.Run(["analyze", .. args, "--verify", "--dense-limit", "0"]);
        Assert.Equal(0, text.ExitCode);
        Assert.Matches(@"verify: plan\s+Lanczos, up to 300 basis vectors of P = 350: [\d.]+ [KM]iB, ≈ [\d.]+ s\s+\([\d.]+ [KMGT]iB available\)", text.Stdout);
        Assert.Contains("skipped (P = 350 is above --dense-limit", text.Stdout);
    }
}
