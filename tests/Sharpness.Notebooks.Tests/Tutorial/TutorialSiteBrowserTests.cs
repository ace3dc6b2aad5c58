using PuppeteerSharp;
using Sharpness.Notebooks.Tests.Support;

namespace Sharpness.Notebooks.Tests.Tutorial;

/// <summary>
/// The tutorial's site as a reader sees it in headless Chromium, offline: every page loads without console errors or
/// failed requests, every chart is drawn by plotly.js, and the math is typeset by KaTeX. A screenshot of one page is
/// kept as a test artifact. Without Chromium the test fails under CI=true and is skipped otherwise.
/// </summary>
[Collection(TutorialRunCollection.Name)]
public sealed class TutorialSiteBrowserTests(TutorialRunFixture fixture)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [SkippableFact]
    public async Task Every_tutorial_page_renders_its_charts_and_math()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true",
                $"{ChromiumPath} is missing: .ci/run installs Debian's chromium package.");
            Skip.If(true, $"{ChromiumPath} not found: install Debian's chromium package to run the browser test.");
        }
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.Output);

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

        foreach (var name in TutorialRunFixture.Names.Prepend("index"))
        {
            await using var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) errors.Add($"console: {e.Message.Text}"); };
            page.PageError += (_, e) => errors.Add($"page error: {e.Message}");
            page.RequestFailed += (_, e) => errors.Add($"request failed: {e.Request.Url}");
            await page.SetViewportAsync(new ViewPortOptions { Width = 1100, Height = 900 });
            var response = await page.GoToAsync(new Uri(Path.Combine(fixture.SiteDirectory, name + ".html")).AbsoluteUri,
                new NavigationOptions { WaitUntil = new[] { WaitUntilNavigation.Load } });
            Assert.True(response is null || response.Ok, $"{name}.html did not load");
            Assert.True(errors.Count == 0, $"{name}.html: {string.Join("; ", errors)}");
            if (name == "index") continue;

            var charts = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.sharpness-chart').length");
            var drawn = await page.EvaluateExpressionAsync<int>(
                "Array.from(document.querySelectorAll('.sharpness-chart')).filter(c => c.querySelector('svg.main-svg .trace') !== null).length");
            Assert.Equal(fixture.Summary(name).GetProperty("charts").GetInt32(), charts);
            Assert.True(charts == drawn, $"{name}.html: {drawn} of {charts} charts drawn");
            Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.katex-error').length"));
            Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.katex').length") > 0, $"{name}.html: no math typeset");

            if (name.StartsWith("07-", StringComparison.Ordinal))
            {
                var screenshot = Path.Combine(RepoPaths.ArtifactsDirectory, name + ".png");
                await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true });
                Assert.True(new FileInfo(screenshot).Length > 10_000, "screenshot is suspiciously small");
            }
        }
    }
}
