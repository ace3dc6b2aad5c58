using Microsoft.DotNet.Interactive.Formatting;
using Sharpness.Interactive.Formatting;
using Sharpness.Views.Formatting;

namespace Sharpness.Interactive.Tests.Formatting;

/// <summary>A failing formatter shows the failure instead of throwing into the notebook; numbers read well.</summary>
public sealed class KitFormatterTests
{
    [Fact]
    public void AFormatterThatThrowsRendersTheErrorInstead()
    {
        var formatter = new KitFormatter<string>(HtmlFormatter.MimeType, s => throw new InvalidOperationException($"bad <{s}>"));
        var writer = new StringWriter();
        Assert.True(formatter.Format("x", new FormatContext(writer)));
        Assert.Contains("String could not be formatted: InvalidOperationException: bad &lt;x&gt;", writer.ToString());
        Assert.False(formatter.Format(42, new FormatContext(new StringWriter())));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(8.0, "8")]
    [InlineData(0.25, "0.25")]
    [InlineData(1234.56789, "1234.57")]
    [InlineData(-0.00123456789, "-0.00123457")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(-2.5e12, "-2.5e12")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "∞")]
    public void NumbersUseSignificantDigitsAndScientificOnlyWhereNeeded(double x, string expected) =>
        Assert.Equal(expected, Numbers.Format(x));

    [Fact]
    public void HtmlNumbersUseSuperscriptPowers()
    {
        Assert.Equal("1.5 × 10<sup>−7</sup>", Numbers.Html(1.5e-7));
        Assert.Equal("10<sup>12</sup>", Numbers.Html(1e12));
        Assert.Equal("−0.5", Numbers.Html(-0.5));
        Assert.Equal("3.14159", Numbers.Html(Math.PI));
        Assert.Equal("3.141592654", Numbers.Html(Math.PI, 10));
    }
}
