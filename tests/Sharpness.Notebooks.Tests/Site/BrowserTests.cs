using Sharpness.Notebooks.Tests.Runner;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Site;

/// <summary>
/// The site as a reader sees it, in headless Chromium (Debian's package, offline): no console errors, every chart
/// drawn by plotly.js, math typeset by KaTeX. Without Chromium the test fails under CI=true and is skipped otherwise.
/// </summary>
[Collection(MainRunCollection.Name)]
public sealed class BrowserTests(MainRunFixture fixture)
{
    [SkippableFact]
    public async Task Every_page_renders_without_errors_with_charts_and_math()
    {
        await using var browser = await HeadlessChromium.LaunchOrSkipAsync();

        foreach (var name in new[] { "index", "basics", "failing", "kit" })
        {
            var (page, errors) = await HeadlessChromium.OpenAsync(browser, Path.Combine(fixture.SiteDirectory, name + ".html"));
            await using var _ = page;
            Assert.True(errors.Count == 0, $"{name}.html: {string.Join("; ", errors)}");
            if (name == "index") continue;

            var (charts, drawn) = await HeadlessChromium.CountChartsAsync(page);
            Assert.Equal(fixture.Summary(name).GetProperty("charts").GetInt32(), charts);
            Assert.Equal(charts, drawn);

            var math = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.markdown .katex').length");
            var mathErrors = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.katex-error').length");
            Assert.Equal(0, mathErrors);
            if (name == "kit") Assert.Equal(1, charts);
            if (name == "basics")
            {
                Assert.Equal(2, charts);
                Assert.True(math >= 2, $"expected the inline and display formulas typeset, found {math}");
                var screenshot = Path.Combine(RepoPaths.ArtifactsDirectory, "basics.png");
                await page.ScreenshotAsync(screenshot, new PuppeteerSharp.ScreenshotOptions { FullPage = true });
                Assert.True(new FileInfo(screenshot).Length > 10_000, "screenshot is suspiciously small");
            }
        }
    }
}
