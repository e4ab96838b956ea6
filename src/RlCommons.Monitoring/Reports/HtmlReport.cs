using System.Globalization;
using System.Text;
using RlCommons.Goals;
using RlCommons.Monitoring.Experiments;
using RlCommons.Monitoring.Metrics;
using static RlCommons.Monitoring.Reports.Svg;

namespace RlCommons.Monitoring.Reports;

/// <summary>
/// Renders a <see cref="MonitoringReport"/> as one self-contained HTML file: inline CSS and inline SVG charts, no
/// scripts, no external requests (a Content-Security-Policy of <c>default-src 'none'</c> enforces it), every text
/// HTML-encoded.
/// </summary>
/// <remarks>Thread safety: static and pure, safe from any thread.</remarks>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;color:#111827;padding:0 1rem}
        h1{font-size:1.6rem}h2{border-bottom:1px solid #d1d5db;padding-bottom:.3rem;margin-top:2.2rem}h3{font-size:1.05rem}
        table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #d1d5db;padding:.25rem .6rem;text-align:right}
        th:first-child,td:first-child{text-align:left}.chart{max-width:100%;height:auto;font-size:12px;fill:#374151}
        .ship{color:#047857;font-weight:600}.dontship{color:#b91c1c;font-weight:600}.keeprunning{color:#92400e;font-weight:600}
        .muted{color:#6b7280}.warn{color:#b91c1c}
        """;

    /// <summary>Renders the report.</summary>
    /// <param name="report">The content.</param>
    /// <returns>A complete HTML5 document.</returns>
    /// <exception cref="ArgumentException">An OKR progress is outside [0, 1] or a safety count is negative.</exception>
    public static string Render(MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Validate(report);
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(report.Title)).Append("</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>").Append(Encode(report.Title)).Append("</h1>");
        if (report.GeneratedAt is { } at)
        {
            html.Append("<p class=\"muted\">Generated ").Append(Encode(at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'zzz", CultureInfo.InvariantCulture))).Append("</p>");
        }

        if (report.Training.Count > 0)
        {
            html.Append("<section id=\"training\"><h2>Training</h2>");
            foreach (TrainingRun run in report.Training)
            {
                Training(html, run);
            }

            html.Append("</section>");
        }

        if (report.Experiments.Count > 0)
        {
            html.Append("<section id=\"experiments\"><h2>Experiments</h2>");
            foreach (ExperimentAnalysis analysis in report.Experiments)
            {
                Experiment(html, analysis);
            }

            html.Append("</section>");
        }

        if (report.SafetyInterventions.Count > 0)
        {
            html.Append("<section id=\"safety\"><h2>Safety interventions</h2>");
            var rows = report.SafetyInterventions.Select(s => ($"{s.Guard} · {s.Action}", (double)s.Count)).ToList();
            BarChart(html, "Safety interventions by guard and action", rows, rows.Max(r => r.Item2), percent: false, "#dc2626");
            html.Append("<p>Total: ").Append(Number(report.SafetyInterventions.Sum(s => s.Count), "N0")).Append("</p></section>");
        }

        if (report.Okrs.Count > 0)
        {
            html.Append("<section id=\"okrs\"><h2>OKR progress</h2>");
            BarChart(html, "OKR progress", [.. report.Okrs.Select(o => (o.Name, o.Progress))], 1, percent: true, "#059669");
            html.Append("</section>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static void Validate(MonitoringReport report)
    {
        foreach (GoalProgress okr in report.Okrs)
        {
            if (!(okr.Progress >= 0 && okr.Progress <= 1))
            {
                throw new ArgumentException($"OKR '{okr.Name}' has progress {okr.Progress}; it must be in [0, 1].", nameof(report));
            }
        }

        foreach (SafetyInterventionCount s in report.SafetyInterventions)
        {
            if (s.Count < 0)
            {
                throw new ArgumentException($"Safety guard '{s.Guard}' has count {s.Count}; counts must not be negative.", nameof(report));
            }
        }
    }

    private static void Training(StringBuilder html, TrainingRun run)
    {
        TrainingSnapshot s = run.Snapshot;
        html.Append("<h3>").Append(Encode(run.Name)).Append("</h3>");
        var returns = s.History.Select(p => ((double)p.Episode, p.Return)).ToList();
        var rolling = s.History.Select(p => ((double)p.Episode, p.RollingMeanReturn)).ToList();
        LineChart(html, $"Episode return of {run.Name}", [("return", "#93c5fd", 1, returns), ("rolling mean", "#1d4ed8", 2.5, rolling)]);
        html.Append("<table><tr><th>Statistic</th><th>Value</th></tr>");
        Row(html, "Episodes", Number(s.Episodes, "N0"));
        Row(html, "Steps", Number(s.Steps, "N0"));
        Row(html, "Mean return (window)", Number(s.MeanReturn));
        Row(html, "Mean length (window)", Number(s.MeanLength));
        Row(html, "Mean entropy (window)", Number(s.MeanEntropy) + (s.EntropyCollapsed ? " (collapsed)" : string.Empty));
        Row(html, "Steps per second", Number(s.StepsPerSecond));
        foreach ((string loss, double value) in s.MeanLosses.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Row(html, $"Loss: {loss}", Number(value));
        }

        html.Append("</table>");
        if (s.Segments.Count > 0)
        {
            html.Append("<table><tr><th>Segment</th><th>Episodes</th><th>Mean return</th></tr>");
            foreach ((string segment, SegmentSummary summary) in s.Segments.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                html.Append("<tr><td>").Append(Encode(segment)).Append("</td><td>").Append(Number(summary.Episodes, "N0"))
                    .Append("</td><td>").Append(Number(summary.MeanReturn)).Append("</td></tr>");
            }

            html.Append("</table>");
        }
    }

    private static void Experiment(StringBuilder html, ExperimentAnalysis a)
    {
        html.Append("<h3>").Append(Encode(a.Metric)).Append("</h3>");
        string css = a.Recommendation.ToString().ToLowerInvariant();
        string verdict = a.Recommendation switch
        {
            Recommendation.Ship => $"Ship {a.ShipVariant}",
            Recommendation.DontShip => "Don't ship",
            _ => "Keep running",
        };
        html.Append("<p><span class=\"").Append(css).Append("\">").Append(Encode(verdict)).Append("</span>: ").Append(Encode(a.Reason)).Append("</p>");
        double confidence = a.Variants.Select(v => v.Interval?.Confidence).FirstOrDefault(c => c is not null) ?? double.NaN;
        IntervalChart(html, $"Mean of {a.Metric} per variant with {Number(100 * confidence, "G3")}% confidence intervals",
            [.. a.Variants.Select(v => (v.Name, v.Mean, v.Interval?.Low ?? double.NaN, v.Interval?.High ?? double.NaN))]);
        html.Append("<table><tr><th>Variant</th><th>Units</th><th>Mean</th><th>CI</th><th>Lift</th><th>Lift CI</th><th>Relative lift</th><th>Relative CI</th><th>p</th><th>Holm p</th></tr>");
        foreach (VariantSummary v in a.Variants)
        {
            VariantComparison? c = a.Comparisons.FirstOrDefault(x => x.Name == v.Name);
            html.Append("<tr><td>").Append(Encode(v.Name)).Append(v.Name == a.ControlName ? " (control)" : string.Empty).Append("</td><td>")
                .Append(Number(v.Units, "N0")).Append("</td><td>").Append(Number(v.Mean)).Append("</td><td>")
                .Append(v.Interval is { } ci ? $"{Number(ci.Low)} to {Number(ci.High)}" : "–").Append("</td><td>")
                .Append(c is null ? "–" : Number(c.AbsoluteLift)).Append("</td><td>")
                .Append(c is null ? "–" : $"{Number(c.AbsoluteLiftInterval.Low)} to {Number(c.AbsoluteLiftInterval.High)}").Append("</td><td>")
                .Append(c?.RelativeLift is { } r ? Number(100 * r, "F2") + "%" : "–").Append("</td><td>")
                .Append(c?.RelativeLiftInterval is { } ri ? $"{Number(100 * ri.Low, "F2")}% to {Number(100 * ri.High, "F2")}%" : "–").Append("</td><td>")
                .Append(c is null ? "–" : Number(c.PValue, "G3")).Append("</td><td>")
                .Append(c is null ? "–" : Number(c.AdjustedPValue, "G3")).Append("</td></tr>");
        }

        html.Append("</table><p").Append(a.SampleRatio.IsMismatch ? " class=\"warn\"" : string.Empty).Append(">Sample ratio check: χ² = ")
            .Append(Number(a.SampleRatio.Statistic)).Append(", p = ").Append(Number(a.SampleRatio.PValue, "G3"))
            .Append(a.SampleRatio.IsMismatch ? " (mismatch)" : " (ok)").Append("</p>");
    }

    private static void Row(StringBuilder html, string name, string value)
        => html.Append("<tr><td>").Append(Encode(name)).Append("</td><td>").Append(Encode(value)).Append("</td></tr>");
}
