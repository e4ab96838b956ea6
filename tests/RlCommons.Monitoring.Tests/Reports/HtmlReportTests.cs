using System.Text.RegularExpressions;
using RlCommons.Monitoring.Reports;

namespace RlCommons.Monitoring.Tests.Reports;

public sealed partial class HtmlReportTests
{
    [Fact]
    public void Render_TextWithMarkup_IsEncodedEverywhere()
    {
        string html = HtmlReport.Render(SampleReport.Build());

        Assert.Contains("Pricing agent &lt;weekly&gt; &amp; &quot;friends&quot;", html, StringComparison.Ordinal);
        Assert.Contains("dynamic &lt;b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FullReport_IsSelfContained()
    {
        string html = HtmlReport.Render(SampleReport.Build());

        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(SourceAttribute(), html);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FullReport_HasOneChartPerSectionItem()
    {
        string html = HtmlReport.Render(SampleReport.Build());

        // Training curve, experiment intervals, safety bars, OKR bars.
        Assert.Equal(4, Regex.Count(html, "<svg "));
        Assert.Equal(2, Regex.Count(html, "<polyline "));
        Assert.Contains("id=\"okrs\"", html, StringComparison.Ordinal);
        Assert.Contains("64%", html, StringComparison.Ordinal);
        Assert.Contains("Generated 2026-11-22 06:00:30", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoOkrs_OmitsTheSection()
    {
        MonitoringReport full = SampleReport.Build();
        var report = new MonitoringReport { Title = "t", Training = full.Training };

        string html = HtmlReport.Render(report);

        Assert.DoesNotContain("id=\"okrs\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"experiments\"", html, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(html, "<svg "));
    }

    [Fact]
    public void Render_ProgressAboveOne_ThrowsNamingTheRow()
    {
        var e = Assert.Throws<ArgumentException>(() => HtmlReport.Render(new MonitoringReport { Okrs = [new("Launch", 1.2)] }));

        Assert.Contains("Launch", e.Message, StringComparison.Ordinal);
        Assert.Equal("report", e.ParamName);
    }

    [Theory]
    [InlineData(0, 10, new[] { 0.0, 2, 4, 6, 8, 10 })]
    [InlineData(0.13, 0.91, new[] { 0.0, 0.2, 0.4, 0.6, 0.8, 1.0 })]
    [InlineData(-3, 47, new[] { -10.0, 0, 10, 20, 30, 40, 50 })]
    public void Ticks_Range_AreNiceSteps(double min, double max, double[] expected)
        => Assert.Equal(expected, Svg.Ticks(min, max));

    [GeneratedRegex("\\s(src|href)=", RegexOptions.IgnoreCase)]
    private static partial Regex SourceAttribute();
}
