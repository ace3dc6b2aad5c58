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
        var (code, line) = ErrorReport.For(new InvalidOperationException("W_1 and W_2 are both zero."));
        Assert.Equal(ExitCodes.NotComputable, code);
        Assert.Equal("sharpness: error: cannot compute this for the given point: W_1 and W_2 are both zero.", line);
        Assert.Equal(ExitCodes.NotComputable, ErrorReport.For(new ArgumentException("x")).ExitCode);
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
