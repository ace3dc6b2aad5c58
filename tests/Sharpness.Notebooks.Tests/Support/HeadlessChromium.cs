using PuppeteerSharp;

namespace Sharpness.Notebooks.Tests.Support;

/// <summary>
/// Debian's Chromium, headless and offline, for looking at the site as a reader would. Without Chromium a test fails
/// under CI=true (.ci/run installs it) and is skipped with the reason otherwise.
/// </summary>
public static class HeadlessChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Limit for Chromium's start, a page load and every wait (Puppeteer's default is 30 s): a tutorial page
    /// inlines 3.6 MB of plotly.js and draws its charts while it loads, and 30 s is only some 15–30 times a quiet load
    /// here — a factor a 2-core CI machine running every test project at once can reach. Only a hang waits this long.</summary>
    public const int TimeoutMilliseconds = 180_000;

    /// <summary>Starts a browser with the flags this machine needs (root, no network, fresh profile), or skips.</summary>
    public static async Task<IBrowser> LaunchOrSkipAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true",
                $"{ExecutablePath} is missing: .ci/run installs Debian's chromium package.");
            Skip.If(true, $"{ExecutablePath} not found: install Debian's chromium package to run the browser test.");
        }
        return await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = TimeoutMilliseconds,
            UserDataDir = RepoPaths.NewTempDirectory("chromium-profile"),
            Args = new[]
            {
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                // Shared memory in /tmp, not /dev/shm: a container's /dev/shm is 64 MB by default (the .NET SDK image
                // of the CI workflow), and a renderer that runs out of it crashes the page ("Aw, Snap!") once a large page outgrows it.
                "--disable-dev-shm-usage",
            },
        });
    }

    /// <summary>Opens a local page and returns it with every console error, page error and failed request seen while
    /// it loaded.</summary>
    public static async Task<(IPage Page, IReadOnlyList<string> Errors)> OpenAsync(IBrowser browser, string path, int width = 1000)
    {
        var page = await browser.NewPageAsync();
        page.DefaultTimeout = TimeoutMilliseconds;
        page.DefaultNavigationTimeout = TimeoutMilliseconds;
        var errors = new List<string>();
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) errors.Add($"console: {e.Message.Text}"); };
        page.PageError += (_, e) => errors.Add($"page error: {e.Message}");
        page.RequestFailed += (_, e) => errors.Add($"request failed: {e.Request.Url}");
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = 900 });
        var response = await page.GoToAsync(new Uri(path).AbsoluteUri, new NavigationOptions { WaitUntil = new[] { WaitUntilNavigation.Load } });
        Assert.True(response is null || response.Ok, $"{Path.GetFileName(path)} did not load");
        return (page, errors);
    }

    /// <summary>Waits until <paramref name="expression"/> (JavaScript) is truthy, polling every 100 ms, for at most
    /// <see cref="TimeoutMilliseconds"/>; false when it never became true (the caller's assertion then fails).</summary>
    public static async Task<bool> WaitUntilAsync(IPage page, string expression)
    {
        try
        {
            await page.WaitForExpressionAsync(expression, new WaitForFunctionOptions { PollingInterval = 100, Timeout = TimeoutMilliseconds });
            return true;
        }
        catch (WaitTaskTimeoutException)
        {
            return false;
        }
    }

    /// <summary>How many <c>.sharpness-chart</c> elements the page has, and how many of them plotly.js drew.</summary>
    public static async Task<(int Charts, int Drawn)> CountChartsAsync(IPage page) =>
        (await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.sharpness-chart').length"),
         await page.EvaluateExpressionAsync<int>(
             "Array.from(document.querySelectorAll('.sharpness-chart')).filter(c => c.querySelector('svg.main-svg .trace') !== null).length"));
}
