using System.Globalization;
using Sharpness.Dynamics;
using Sharpness.Interactive;
using Sharpness.Training;

namespace Sharpness.Interactive.Tests.Formatting;

/// <summary>Progress lines in the stock host, which runs under the user's culture: "loss 0.05", never "0,05".</summary>
public sealed class ProgressCultureTests
{
    [Fact]
    public void Progress_lines_use_the_invariant_culture_under_a_comma_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo.CurrentCulture = comma;
        try
        {
            Assert.Equal("0,05", 0.05.ToString());
            Assert.Equal("GD step 40/100, loss 0.05, λmax(H) 12.345",
                CellProgress.DescribeTraining(new TrainingProgress("GD", 40, 100, 0.05, 12.345)).Text);
            Assert.Equal("flow stopped at step 100 (of 100), loss 0.0012",
                CellProgress.DescribeTraining(new TrainingProgress("flow", 100, 100, 0.0012, null, Finished: true)).Text);
            Assert.Equal("iteration 10/400, loss 0.25, escaped at 7",
                CellProgress.DescribeEscape(new EscapeProgress(10, 400, 0.25, 7, false)).Text);
            Assert.Equal("stopped at iteration 12 (of at most 400), loss 1.5",
                CellProgress.DescribeEscape(new EscapeProgress(12, 400, 1.5, null, true)).Text);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
