using Sharpness;
using Sharpness.Cli.Hosting;
using Sharpness.IO;

namespace Sharpness.Cli.Tests.Commands;

public class ErrorReportTests
{
    [Fact]
    public void Unexpected_exceptions_become_one_line_internal_errors()
    {
        var (code, line) = ErrorReport.For(new NullReferenceException("first line\n   at Some.Frame()\nlast"));
        Assert.Equal(ExitCodes.InternalError, code);
        Assert.Equal("sharpness: internal error (NullReferenceException): first line at Some.Frame() last", line);
    }

    [Fact]
    public void Domain_exceptions_from_the_library_are_input_errors()
    {
        // changed by issue 11: the library's error contract (OutsideDomainException) instead of InvalidOperationException
        var (code, line) = ErrorReport.For(new OutsideDomainException("W_1 and W_2 are both zero."));
        Assert.Equal(ExitCodes.NotComputable, code);
        Assert.Equal("sharpness: error: cannot compute this for the given point: W_1 and W_2 are both zero.", line);
        // changed by issue 11: a bare ArgumentException is a bug (internal error with its type), not an input error
        Assert.Equal(ExitCodes.InternalError, ErrorReport.For(new ArgumentException("x")).ExitCode);
        Assert.Equal(ExitCodes.InternalError, ErrorReport.For(new InvalidOperationException("x")).ExitCode);
        Assert.Contains("internal error (InvalidOperationException)", ErrorReport.For(new InvalidOperationException("x")).Line);
    }

    [Fact]
    public void Every_kind_of_library_error_has_its_own_exit_code()
    {
        Assert.Equal(ExitCodes.NotZeroLoss, ErrorReport.For(new NotZeroLossException("The trace formula", 0.5, 1e-9)).ExitCode);
        Assert.Equal(ExitCodes.NotComputable, ErrorReport.For(new NotRepresentableException("λmax overflows")).ExitCode);
        Assert.Equal(ExitCodes.ShapeMismatch, ErrorReport.For(new ShapeMismatchException("3×2 vs 2×2")).ExitCode);
        Assert.Equal(ExitCodes.NonFinite, ErrorReport.For(new NonFiniteEntryException("layer W1", 0, 1, double.NaN)).ExitCode);
        Assert.Equal(ExitCodes.NotZeroLoss, ErrorReport.For(new NotStationaryException("The exact data-aware sharpness", 0.5, 1e-9)).ExitCode);
        var (code, line) = ErrorReport.For(new NotZeroLossException("The trace formula", 0.5, 1e-9));
        Assert.Equal("sharpness: error: The trace formula holds only at zero-loss points (P(W) = M, where H = JᵀJ), but here the relative residual ‖P(W) − M‖_F/‖M‖_F is 0.5 > 1E-09 (theory §2.2, §2.9).", line);
        // Every concrete subtype of the root maps to an exit code other than "internal error".
        var subtypes = typeof(SharpnessException).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(SharpnessException)) && !t.IsAbstract).ToArray();
        Assert.Equal(8, subtypes.Length); // issue 13 added TooLargeException, issue 17 NotStationaryException
        foreach (var t in subtypes)
        {
            var sample = t == typeof(WeightFileException) ? new WeightFileException(WeightFileErrorKind.NonFinite, "w.npy", "NaN")
                : t == typeof(NotZeroLossException) ? new NotZeroLossException("f", 1, 0)
                : t == typeof(NotStationaryException) ? new NotStationaryException("f", 1, 0)
                : t == typeof(NonFiniteEntryException) ? new NonFiniteEntryException("m", 0, 0, double.NaN)
                : t == typeof(TooLargeException) ? new TooLargeException("needs 12 GiB", 12L << 30, 1L << 30)
                : (SharpnessException)Activator.CreateInstance(t, "message")!;
            Assert.NotEqual(ExitCodes.InternalError, ErrorReport.For(sample).ExitCode);
        }
    }

    [Fact]
    public void Weight_file_errors_keep_their_kind_and_file()
    {
        var (code, line) = ErrorReport.For(new WeightFileException(WeightFileErrorKind.MalformedCsv, "w.csv", "ragged rows"));
        Assert.Equal(ExitCodes.MalformedCsv, code);
        Assert.Equal("sharpness: error: w.csv: ragged rows", line);
    }

    [Fact]
    public void Cli_exceptions_keep_their_exit_code()
    {
        var (code, line) = ErrorReport.For(new CliException(ExitCodes.NotZeroLoss, "not a minimizer"));
        Assert.Equal(ExitCodes.NotZeroLoss, code);
        Assert.Equal("sharpness: error: not a minimizer", line);
    }
}
