using System.Runtime.CompilerServices;
using Sharpness.Runner;
using Sharpness.Runner.CommandLine;

namespace Sharpness.Notebooks.Tests.Runner;

/// <summary>
/// The runner's errors go through one contract (issue 11): user errors derive from <see cref="RunnerUserException"/>
/// and are mapped by type in <see cref="RunExitCodes.For"/>; an interruption is 130; anything else is an internal
/// error naming its type, in one line.
/// </summary>
public class RunErrorContractTests
{
    [Fact]
    public void Every_kind_of_user_error_maps_to_a_user_error_code()
    {
        var kinds = typeof(RunnerUserException).Assembly.GetTypes()
            .Where(t => typeof(RunnerUserException).IsAssignableFrom(t) && !t.IsAbstract).ToArray();
        Assert.Contains(typeof(OutputFolderRefusedException), kinds);
        foreach (var kind in kinds)
        {
            var error = (RunnerUserException)RuntimeHelpers.GetUninitializedObject(kind);
            Assert.DoesNotContain(RunExitCodes.For(error), new[] { RunExitCodes.Success, RunExitCodes.InternalError, RunExitCodes.NotebookFailed });
            Assert.Equal(RunExitCodes.For(error), error.ExitCode);
        }
        Assert.Equal(RunExitCodes.OutputRefused, RunExitCodes.For(new OutputFolderRefusedException("x")));
        Assert.Equal(RunExitCodes.UsageError, RunExitCodes.For(new RunnerUserException("x")));
    }

    [Fact]
    public void The_report_is_one_line_per_kind()
    {
        var (usage, usageLine) = RunErrorReport.For(new RunnerUserException("No such notebook or folder: [x]"), interrupted: false);
        Assert.Equal(RunExitCodes.UsageError, usage);
        // issue 16: one line on stderr — plain text with the other verbs' "sharpness: " prefix, no markup.
        Assert.Equal("sharpness: error: No such notebook or folder: [x]", usageLine);

        var (stopped, stoppedLine) = RunErrorReport.For(new OperationCanceledException(), interrupted: true);
        Assert.Equal(RunExitCodes.Interrupted, stopped);
        Assert.Equal("sharpness: interrupted: notebook processes stopped, nothing published.", stoppedLine);

        // A cancellation nobody asked for is a bug, like any other exception outside the contract.
        var (bug, bugLine) = RunErrorReport.For(new OperationCanceledException("late"), interrupted: false);
        Assert.Equal(RunExitCodes.InternalError, bug);
        Assert.Equal("sharpness: internal error: OperationCanceledException: late", bugLine);

        var (npe, npeLine) = RunErrorReport.For(new NullReferenceException("first\n   at Frame()"), interrupted: false);
        Assert.Equal(RunExitCodes.InternalError, npe);
        Assert.Equal("sharpness: error: multi-line message", RunErrorReport.For(new RunnerUserException("multi-line\n  message"), interrupted: false).Line);
        Assert.Equal("sharpness: internal error: NullReferenceException: first", npeLine);
    }
}
