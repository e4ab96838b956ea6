using Microsoft.Playwright;
using RlCommons.Monitoring.Reports;

namespace RlCommons.Monitoring.Tests.Reports;

/// <summary>
/// Renders the report in a real headless Chromium: Debian's <c>/usr/bin/chromium</c>, driven by Playwright (its own
/// browser download is not used). The HTML and a screenshot land in <c>artifacts/test-results/</c>.
/// </summary>
public sealed class HtmlReportBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task Render_InHeadlessChromium_LoadsWithoutErrorsAndShowsCharts()
    {
        Assert.True(File.Exists(ChromiumPath),
            $"Chromium is required at {ChromiumPath} for the report test; install Debian's package (apt-get install chromium). CI's .ci/run installs it.");
        string folder = Path.Combine(RepositoryFiles.Root, "artifacts", "test-results");
        Directory.CreateDirectory(folder);
        string htmlPath = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(htmlPath, HtmlReport.Render(SampleReport.Build()));

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Request += (_, request) => requests.Add(request.Url);

        string url = new Uri(htmlPath).AbsoluteUri;
        IResponse? response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "report.png"), FullPage = true });

        Assert.NotNull(response);
        Assert.True(response.Ok, $"Loading {url} returned {response.Status}.");
        Assert.Empty(errors);
        Assert.Equal([url], requests);
        Assert.Equal(4, await page.Locator("svg.chart").CountAsync());
        Assert.Equal(2, await page.Locator("svg.chart polyline").CountAsync());
        Assert.Equal("Pricing agent <weekly> & \"friends\"", await page.Locator("h1").InnerTextAsync());
        foreach (ILocator chart in await page.Locator("svg.chart").AllAsync())
        {
            // Each chart is laid out with a real size, not collapsed.
            LocatorBoundingBoxResult? box = await chart.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 300 && box.Height > 50, $"A chart rendered at {box.Width}×{box.Height}.");
        }

        Assert.True(new FileInfo(Path.Combine(folder, "report.png")).Length > 10_000);
    }
}
