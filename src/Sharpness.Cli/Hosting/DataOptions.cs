using System.CommandLine;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Data;
using Sharpness.IO;
using Sharpness.Model;

namespace Sharpness.Cli.Hosting;

/// <summary>
/// The data options <c>analyze</c> and <c>train</c> share (theory §2.10): samples <c>--inputs X --outputs Y
/// [--samples-as rows|columns]</c>, or moments <c>--covariance S --cross-covariance C</c> (C = YXᵀ). With either,
/// the loss is ½‖W_N⋯W_1X − Y‖²_F instead of ½‖W_N⋯W_1 − M‖²_F.
/// </summary>
public sealed class DataOptions
{
    /// <summary>--inputs X.</summary>
    public Option<string?> Inputs { get; } = new("--inputs")
    {
        Description = "Inputs X of a deep linear regression, .npy or .csv: one sample per row (s × n, the default, as a PyTorch batch " +
                      "for nn.Linear) or per column with --samples-as columns. The loss becomes ½‖W_N⋯W_1X − Y‖²_F.",
        HelpName = "X.npy|X.csv",
    };

    /// <summary>--outputs Y.</summary>
    public Option<string?> Outputs { get; } = new("--outputs")
    {
        Description = "Outputs Y of the data (s × m with samples as rows, m × s as columns; 2-D, so reshape a 1-D y to (s, 1)); " +
                      "the data's targets, not the matrix target --target M.",
        HelpName = "Y.npy|Y.csv",
    };

    /// <summary>--samples-as rows|columns.</summary>
    public Option<string> SamplesAs { get; } = new("--samples-as")
    {
        Description = "Layout of --inputs and --outputs: rows (one sample per row, s × n; default) or columns (n × s, the theory's layout).",
        DefaultValueFactory = _ => "rows",
        HelpName = "rows|columns",
    };

    /// <summary>--covariance S.</summary>
    public Option<string?> Covariance { get; } = new("--covariance")
    {
        Description = "Instead of the samples: S = XXᵀ (n × n, symmetric positive semidefinite). Needs --cross-covariance; " +
                      "the loss value is then not reported (it cannot be formed accurately from S, C and ‖Y‖²).",
        HelpName = "S.npy|S.csv",
    };

    /// <summary>--cross-covariance C.</summary>
    public Option<string?> CrossCovariance { get; } = new("--cross-covariance")
    {
        Description = "With --covariance: C = YXᵀ (m × n).",
        HelpName = "C.npy|C.csv",
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Inputs, Outputs, SamplesAs, Covariance, CrossCovariance }) command.Options.Add(o);
        SamplesAs.AcceptOnlyFromAmong("rows", "columns");
    }

    /// <summary>True when any data option is given.</summary>
    public bool IsGiven(ParseResult parsed) =>
        parsed.GetValue(Inputs) is not null || parsed.GetValue(Outputs) is not null ||
        parsed.GetValue(Covariance) is not null || parsed.GetValue(CrossCovariance) is not null;

    /// <summary>Every data file named on the command line.</summary>
    public IReadOnlyList<string> Paths(ParseResult parsed) =>
        new[] { parsed.GetValue(Inputs), parsed.GetValue(Outputs), parsed.GetValue(Covariance), parsed.GetValue(CrossCovariance) }
            .Where(p => p is not null).Select(p => p!).ToArray();

    /// <summary>Checks that the data options form one of the two accepted sets, and that --target is not mixed in.</summary>
    /// <exception cref="CliException">A usage error.</exception>
    public void Validate(ParseResult parsed, string? targetPath)
    {
        string? x = parsed.GetValue(Inputs), y = parsed.GetValue(Outputs), s = parsed.GetValue(Covariance), c = parsed.GetValue(CrossCovariance);
        bool samples = x is not null || y is not null, moments = s is not null || c is not null;
        if (samples && moments)
            throw CliException.Usage("give the data either as samples (--inputs X --outputs Y) or as moments (--covariance S --cross-covariance C), not both");
        if (samples && (x is null || y is null))
            throw CliException.Usage(x is null ? "--outputs Y needs --inputs X (the samples' inputs)" : "--inputs X needs --outputs Y (the samples' targets)");
        if (moments && (s is null || c is null))
            throw CliException.Usage(s is null ? "--cross-covariance C needs --covariance S" : "--covariance S needs --cross-covariance C = YXᵀ");
        if ((samples || moments) && targetPath is not null)
            throw CliException.Usage("--target M is the matrix-factorization target; with data the loss is ½‖W_N⋯W_1X − Y‖²_F, so give --inputs/--outputs (or the moments) without --target");
        if (!samples && parsed.GetResult(SamplesAs) is { Implicit: false })
            throw CliException.Usage("--samples-as applies to --inputs and --outputs, which are not given");
    }

    /// <summary>Reads the data and checks it against the layers, naming the file and the shapes on a mismatch (and the
    /// layout, when the other one would fit).</summary>
    /// <exception cref="WeightFileException">A file problem, or kind ShapeMismatch.</exception>
    public RegressionData Load(ParseResult parsed, DeepFactorization point)
    {
        ArgumentNullException.ThrowIfNull(point);
        int n = point.InputDimension, m = point.OutputDimension;
        if (parsed.GetValue(Covariance) is { } sPath)
        {
            string cPath = parsed.GetValue(CrossCovariance)!;
            var s = MatrixFile.Read(sPath, CovarianceRole);
            if (s.RowCount != n || s.ColumnCount != n)
                throw Mismatch(sPath, CovarianceRole, $"the covariance S is {Shape(s)} but the first layer W1 takes n = {n} inputs, so S must be {n}×{n}");
            var c = MatrixFile.Read(cPath, CrossCovarianceRole);
            if (c.RowCount != m || c.ColumnCount != n)
                throw Mismatch(cPath, CrossCovarianceRole, $"the cross-covariance C = YXᵀ is {Shape(c)} but must be m × n = {m}×{n} (W{point.Depth} gives m = {m} outputs, W1 takes n = {n} inputs)");
            return RegressionData.FromCovariance(s, c);
        }

        string xPath = parsed.GetValue(Inputs)!, yPath = parsed.GetValue(Outputs)!;
        bool rows = parsed.GetValue(SamplesAs) != "columns";
        string layout = rows ? "--samples-as rows (one sample per row)" : "--samples-as columns (one sample per column)";
        string other = rows ? "--samples-as columns" : "--samples-as rows";
        var x = MatrixFile.Read(xPath, InputsRole);
        int features = rows ? x.ColumnCount : x.RowCount, samples = rows ? x.RowCount : x.ColumnCount;
        if (features != n)
        {
            int flipped = rows ? x.RowCount : x.ColumnCount;
            string hint = flipped == n ? $"; the samples look laid out the other way: add {other}" : "";
            throw Mismatch(xPath, InputsRole, $"the inputs X are {Shape(x)}: with {layout} that is {features} features per sample, but the first layer W1 takes n = {n}{hint}");
        }
        var y = MatrixFile.Read(yPath, OutputsRole);
        int ySamples = rows ? y.RowCount : y.ColumnCount, yOutputs = rows ? y.ColumnCount : y.RowCount;
        if (ySamples != samples)
            throw Mismatch(yPath, OutputsRole, $"the outputs Y are {Shape(y)}: with {layout} that is {ySamples} samples, but the inputs X ({Path.GetFileName(xPath)}, {Shape(x)}) have {samples}");
        if (yOutputs != m)
            throw Mismatch(yPath, OutputsRole, $"the outputs Y are {Shape(y)}: with {layout} that is {yOutputs} outputs per sample, but the last layer W{point.Depth} gives m = {m}");
        return RegressionData.FromSamples(x, y, rows ? SampleLayout.Rows : SampleLayout.Columns);
    }

    /// <summary>The roles of the data files in error messages ("X.npy (inputs X, --inputs): …").</summary>
    public const string InputsRole = "inputs X, --inputs", OutputsRole = "outputs Y, --outputs",
        CovarianceRole = "covariance S, --covariance", CrossCovarianceRole = "cross-covariance C, --cross-covariance";

    private static WeightFileException Mismatch(string path, string role, string message) => new(WeightFileErrorKind.ShapeMismatch, path, role, message);

    private static string Shape(Matrix<double> a) => $"{a.RowCount}×{a.ColumnCount}";
}
