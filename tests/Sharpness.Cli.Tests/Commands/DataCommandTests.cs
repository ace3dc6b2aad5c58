using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Cli.Hosting;
using Sharpness.Cli.Tests.IO;
using Sharpness.Data;
using Sharpness.LinearAlgebra;
using Sharpness.Model;
using static Sharpness.Cli.Tests.Commands.Fixtures;

namespace Sharpness.Cli.Tests.Commands;

/// <summary><c>analyze</c> and <c>train</c> with data (issue 17): --inputs/--outputs, --samples-as, --covariance.</summary>
public class DataCommandTests
{
    private static Matrix<double> Gaussian(Random rng, int rows, int cols) => Matrix<double>.Build.Dense(rows, cols, (_, _) => RandomMatrices.NextGaussian(rng));

    /// <summary>A depth-3 network (3 → 4 → 3 → 2) at a least-squares optimum of 12 anisotropic samples with a nonzero
    /// loss: Y = PX + N with N's rows orthogonal to X's. X is n × s (samples as columns).</summary>
    private static (DeepFactorization Point, Matrix<double> X, Matrix<double> Y) Problem(int seed = 17, double offset = 0)
    {
        var rng = new Random(seed);
        var point = new DeepFactorization(Gaussian(rng, 4, 3) / 2, Gaussian(rng, 3, 4) / 2, Gaussian(rng, 2, 3) / 2);
        var x = Matrix<double>.Build.DenseOfDiagonalArray([3, 1, 0.2]) * Gaussian(rng, 3, 12);
        var z = Gaussian(rng, 2, 12);
        var v = x.Svd(true).VT.SubMatrix(0, 3, 0, 12);
        var y = point.Product() * x + (z - z * v.Transpose() * v) + offset * Gaussian(rng, 2, 12);
        return (point, x, y);
    }

    private static double Dense(DeepFactorization point, Matrix<double> x, Matrix<double> y) =>
        DataDenseHessian.Largest(new DataLoss(point, RegressionData.FromSamples(x, y)));

    [Fact]
    public void Analyze_with_samples_as_rows_reports_the_exact_sharpness_of_a_least_squares_fit()
    {
        var (point, x, y) = Problem();
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, point);
        var j = Cli.Run(["analyze", .. layers, "--inputs", Cli.WriteMatrix(dir, "X.npy", x.Transpose()), "--outputs", Cli.WriteMatrix(dir, "Y.npy", y.Transpose()), "--json", "--verify"]).Json();
        double dense = Dense(point, x, y);
        Assert.True(j.GetProperty("stationary").GetBoolean());
        Assert.Equal("DenseKX", j.GetProperty("route").GetString());
        AssertRel(dense, j.GetProperty("sharpness").GetDouble(), 1e-10, "K_X vs the dense Hessian");
        AssertRel(dense, j.GetProperty("verification").GetProperty("dense").GetDouble(), 1e-10, "--verify dense");
        AssertRel(dense, j.GetProperty("verification").GetProperty("lanczos").GetDouble(), 1e-9, "--verify HVP-Lanczos");
        Assert.True(j.GetProperty("loss").GetDouble() > 0.1, "a least-squares optimum with a nonzero loss");
        Assert.True(j.GetProperty("relativeStationarity").GetDouble() < 1e-12);
        Assert.Equal(12, j.GetProperty("data").GetProperty("samples").GetInt32());
        Assert.Equal(3, j.GetProperty("data").GetProperty("rank").GetInt32());
        Assert.Contains(j.GetProperty("notApplicable").EnumerateArray(), t => t.GetString()!.Contains("minimal sharpness", StringComparison.Ordinal));

        // The same data as columns, and as moments, give the same number; the moments do not give the loss.
        var columns = Cli.Run(["analyze", .. layers, "--inputs", Cli.WriteMatrix(dir, "Xc.npy", x), "--outputs", Cli.WriteMatrix(dir, "Yc.csv", y), "--samples-as", "columns", "--json"]).Json();
        Assert.Equal(j.GetProperty("sharpness").GetDouble(), columns.GetProperty("sharpness").GetDouble());
        var moments = Cli.Run(["analyze", .. layers, "--covariance", Cli.WriteMatrix(dir, "S.npy", x * x.Transpose()), "--cross-covariance", Cli.WriteMatrix(dir, "C.npy", y * x.Transpose()), "--json"]).Json();
        AssertRel(dense, moments.GetProperty("sharpness").GetDouble(), 1e-10, "from S and C");
        Assert.Equal(JsonValueKind.Null, moments.GetProperty("loss").ValueKind);
        Assert.Contains(moments.GetProperty("notApplicable").EnumerateArray(), t => t.GetString()!.StartsWith("Loss value", StringComparison.Ordinal));

        var text = Cli.Run(["analyze", .. layers, "--inputs", dir.File("X.npy"), "--outputs", dir.File("Y.npy")]);
        Assert.Equal(0, text.ExitCode);
        Assert.Matches(@"least-squares optimum\s+yes", text.Stdout);
        Assert.Contains("Does not apply here:", text.Stdout);
        Assert.Contains("Not claimed with data", text.Stdout);
    }

    [Fact]
    public void Analyze_off_the_optimum_reports_a_certified_interval_containing_the_dense_value()
    {
        var (point, x, y) = Problem(offset: 0.05);
        using var dir = new TempDir();
        var j = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--inputs", Cli.WriteMatrix(dir, "X.npy", x.Transpose()), "--outputs", Cli.WriteMatrix(dir, "Y.npy", y.Transpose()), "--json"]).Json();
        Assert.False(j.GetProperty("stationary").GetBoolean());
        Assert.Equal("CertifiedHessianLanczos", j.GetProperty("route").GetString());
        Assert.InRange(Dense(point, x, y), j.GetProperty("lower").GetDouble(), j.GetProperty("upper").GetDouble());
        Assert.Contains(j.GetProperty("notApplicable").EnumerateArray(), t => t.GetString()!.StartsWith("Exact λmax(K_X)", StringComparison.Ordinal));
    }

    [Fact]
    public void Rank_deficient_inputs_say_why_K_X_works_in_their_span()
    {
        var (point, x, _) = Problem();
        var few = x.SubMatrix(0, 3, 0, 2); // 2 samples of 3 features
        using var dir = new TempDir();
        var r = Cli.Run(["analyze", .. Cli.WriteLayers(dir, point), "--inputs", Cli.WriteMatrix(dir, "X.npy", few.Transpose()), "--outputs", Cli.WriteMatrix(dir, "Y.npy", (point.Product() * few).Transpose())]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("rank 2 < n = 3", r.Stdout);
        Assert.Contains("s = 2 samples < n = 3 features", r.Stdout);
    }

    [Fact]
    public void Bad_data_gives_one_line_errors_with_the_exit_codes_of_the_table()
    {
        var (point, x, y) = Problem();
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, point);
        string xr = Cli.WriteMatrix(dir, "X.npy", x.Transpose()), yr = Cli.WriteMatrix(dir, "Y.npy", y.Transpose());

        // X that does not chain with W1 (4 features for a layer that takes 3).
        string x4 = Cli.WriteMatrix(dir, "X4.npy", Gaussian(new Random(1), 12, 4));
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--inputs", x4, "--outputs", yr]), ExitCodes.ShapeMismatch, "X4.npy", "4 features", "W1 takes n = 3");
        // The samples laid out the other way round: the error says which option fits.
        string xc = Cli.WriteMatrix(dir, "Xc.npy", x);
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--inputs", xc, "--outputs", yr]), ExitCodes.ShapeMismatch, "Xc.npy", "add --samples-as columns");
        // Y with the wrong number of samples, or of outputs.
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--inputs", xr, "--outputs", Cli.WriteMatrix(dir, "Y11.npy", y.Transpose().SubMatrix(0, 11, 0, 2))]),
            ExitCodes.ShapeMismatch, "Y11.npy", "11 samples", "have 12");
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--inputs", xr, "--outputs", Cli.WriteMatrix(dir, "Y3.npy", Gaussian(new Random(2), 12, 3))]),
            ExitCodes.ShapeMismatch, "Y3.npy", "3 outputs per sample", "m = 2");
        // NaN in X.
        var bad = x.Transpose();
        bad[4, 1] = double.NaN;
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--inputs", Cli.WriteMatrix(dir, "Xnan.npy", bad), "--outputs", yr]), ExitCodes.NonFinite, "Xnan.npy", "[4, 1]", "NaN");
        // Moments that no samples give.
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--covariance", Cli.WriteMatrix(dir, "S.npy", Matrix<double>.Build.DenseOfDiagonalArray([1, -1, 1])),
            "--cross-covariance", Cli.WriteMatrix(dir, "C.npy", y * x.Transpose())]), ExitCodes.NotComputable, "not positive semidefinite");
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--covariance", Cli.WriteMatrix(dir, "S2.npy", Matrix<double>.Build.DenseIdentity(2)),
            "--cross-covariance", dir.File("C.npy")]), ExitCodes.ShapeMismatch, "S2.npy", "3×3");
        // Missing file.
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--inputs", dir.File("nope.npy"), "--outputs", yr]), ExitCodes.FileNotFound, "nope.npy");
        // Usage: options that do not go together.
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--inputs", xr]), ExitCodes.Usage, "--outputs");
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--inputs", xr, "--outputs", yr, "--target", xr]), ExitCodes.Usage, "--target");
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--inputs", xr, "--outputs", yr, "--covariance", xr]), ExitCodes.Usage, "not both");
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--covariance", xr]), ExitCodes.Usage, "--cross-covariance");
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--samples-as", "columns"]), ExitCodes.Usage, "--samples-as");
        Cli.AssertFails(Cli.Run(["analyze", .. layers, "--inputs", xr, "--outputs", yr, "--samples-as", "diagonal"]), ExitCodes.Usage, "diagonal");
    }

    [Fact]
    public void Train_on_data_converges_to_a_least_squares_optimum_and_reports_its_exact_sharpness()
    {
        var (target, x, y) = Problem();
        var rng = new Random(3);
        var initial = new DeepFactorization(Gaussian(rng, 4, 3) / 3, Gaussian(rng, 3, 4) / 3, Gaussian(rng, 2, 3) / 3);
        using var dir = new TempDir();
        var layers = Cli.WriteLayers(dir, initial);
        string xr = Cli.WriteMatrix(dir, "X.npy", x.Transpose()), yr = Cli.WriteMatrix(dir, "Y.npy", y.Transpose());
        var j = Cli.Run(["train", .. layers, "--inputs", xr, "--outputs", yr, "--eta", "0.005", "--steps", "40000", "--sharpness-every", "500", "--json"]).Json();
        Assert.Equal("converged", j.GetProperty("outcome").GetString());
        Assert.True(j.GetProperty("exact").GetBoolean());
        Assert.False(j.GetProperty("lossIsExcess").GetBoolean());
        // The library on the same data gives the same run, bit for bit.
        var run = DataTrainer.Run(initial, RegressionData.FromSamples(x.Transpose(), y.Transpose(), SampleLayout.Rows),
            new Sharpness.Training.TrainingOptions { Eta = 0.005, Steps = 40000, SharpnessEvery = 500 });
        Assert.Equal(run.EndSharpness!.Value, j.GetProperty("finalSharpness").GetDouble());
        AssertRel(DataDenseHessian.Largest(run.EndSharpness.Problem), j.GetProperty("finalSharpness").GetDouble(), 1e-9, "dense Hessian at the end point");
        // The least-squares floor is reached, not zero loss (12 samples > 3 features).
        Assert.True(j.GetProperty("finalLoss").GetDouble() > 0.1);

        Cli.AssertFails(Cli.Run(["train", .. layers, "--inputs", xr, "--outputs", yr, "--eta", "0.02", "--flow"]), ExitCodes.Usage, "--flow");
        Cli.AssertFails(Cli.Run(["train", .. layers, "--inputs", xr, "--outputs", yr, "--eta", "0.02", "--target", xr]), ExitCodes.Usage, "--target");
        var text = Cli.Run(["train", .. layers, "--covariance", Cli.WriteMatrix(dir, "S.npy", x * x.Transpose()), "--cross-covariance", Cli.WriteMatrix(dir, "C.npy", y * x.Transpose()), "--eta", "0.005", "--steps", "40000"]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("final excess loss", text.Stdout);
    }
}
