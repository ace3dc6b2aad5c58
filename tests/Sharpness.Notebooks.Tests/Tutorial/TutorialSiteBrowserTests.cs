using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Tutorial;

/// <summary>
/// The tutorial's site as a reader sees it in headless Chromium, offline: every page loads without console errors or
/// failed requests, every chart is drawn by plotly.js, and the math is typeset by KaTeX. A screenshot of one page is
/// kept as a test artifact.
/// </summary>
[Collection(TutorialRunCollection.Name)]
public sealed class TutorialSiteBrowserTests(TutorialRunFixture fixture)
{
    [SkippableFact]
    public async Task Every_tutorial_page_renders_its_charts_and_math()
    {
        await using var browser = await HeadlessChromium.LaunchOrSkipAsync();
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.Output);

        foreach (var name in TutorialRunFixture.Names.Prepend("index"))
        {
            var (page, errors) = await HeadlessChromium.OpenAsync(browser, Path.Combine(fixture.SiteDirectory, name + ".html"), width: 1100);
            await using var _ = page;
            Assert.True(errors.Count == 0, $"{name}.html: {string.Join("; ", errors)}");
            // Navigation (previous · contents · next) and the contents table must lead to pages that exist.
            var links = await page.EvaluateExpressionAsync<string[]>(
                "Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')).filter(h => !h.includes(':') && !h.startsWith('#'))");
            foreach (var href in links)
            {
                var target = Path.Combine(fixture.SiteDirectory, Uri.UnescapeDataString(href.Split('#')[0]));
                Assert.True(File.Exists(target) || href.Contains("notebooks/", StringComparison.Ordinal), $"{name}.html links to {href}, which does not exist");
            }
            if (name == "index") continue;

            var (charts, drawn) = await HeadlessChromium.CountChartsAsync(page);
            Assert.Equal(fixture.Summary(name).GetProperty("charts").GetInt32(), charts);
            Assert.True(charts == drawn, $"{name}.html: {drawn} of {charts} charts drawn");
            Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.katex-error').length"));
            Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.katex').length") > 0, $"{name}.html: no math typeset");

            if (name.StartsWith("07-", StringComparison.Ordinal))
            {
                var screenshot = Path.Combine(RepoPaths.ArtifactsDirectory, name + ".png");
                await page.ScreenshotAsync(screenshot, new PuppeteerSharp.ScreenshotOptions { FullPage = true });
                Assert.True(new FileInfo(screenshot).Length > 10_000, "screenshot is suspiciously small");
            }
        }
    }
}
