using Sharpness.Notebooks.Tests.Runner;
using Sharpness.Notebooks.Tests.Support;
using PuppeteerSharp;

namespace Sharpness.Notebooks.Tests.Site;

/// <summary>
/// The site as a reader sees it, in headless Chromium (Debian's package, offline): no console errors, every chart
/// drawn by plotly.js, math typeset by KaTeX. Without Chromium the test fails under CI=true and is skipped otherwise.
/// </summary>
[Collection(MainRunCollection.Name)]
public sealed class BrowserTests(MainRunFixture fixture)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [SkippableFact]
    public async Task Every_page_renders_without_errors_with_charts_and_math()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true",
                $"{ChromiumPath} is missing: .ci/run installs Debian's chromium package.");
            Skip.If(true, $"{ChromiumPath} not found: install Debian's chromium package to run the browser test.");
        }

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            UserDataDir = RepoPaths.NewTempDirectory("chromium-profile"),
            Args = new[]
            {
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            },
        });

        foreach (var name in new[] { "index", "basics", "failing", "kit" })
        {
            await using var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) errors.Add($"console: {e.Message.Text}"); };
            page.PageError += (_, e) => errors.Add($"page error: {e.Message}");
            page.RequestFailed += (_, e) => errors.Add($"request failed: {e.Request.Url}");
            await page.SetViewportAsync(new ViewPortOptions { Width = 1000, Height = 900 });
            var response = await page.GoToAsync(new Uri(Path.Combine(fixture.SiteDirectory, name + ".html")).AbsoluteUri,
                new NavigationOptions { WaitUntil = new[] { WaitUntilNavigation.Load } });
            Assert.True(response is null || response.Ok, $"{name}.html did not load");

            Assert.True(errors.Count == 0, $"{name}.html: {string.Join("; ", errors)}");
            if (name == "index") continue;

            var charts = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.sharpness-chart').length");
            var drawn = await page.EvaluateExpressionAsync<int>(
                "Array.from(document.querySelectorAll('.sharpness-chart')).filter(c => c.querySelector('svg.main-svg .scatterlayer .trace') !== null).length");
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
                await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true });
                Assert.True(new FileInfo(screenshot).Length > 10_000, "screenshot is suspiciously small");
            }
        }
    }
}
